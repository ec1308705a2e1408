#if NET
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace MetricaChats.Loader;

/// <summary>
/// The private load context (PowerShell 7) holding MetricaChats.Core and the third-party
/// libraries it uses, loaded from the module's <c>dependencies/</c> folder. Requests made by
/// assemblies in this context are answered from that folder first, unless the .NET shared
/// framework itself has the assembly at the requested version or later; nothing else in the process sees these
/// copies, so the module loads beside Az or Microsoft.Graph holding other versions.
/// </summary>
public sealed class ModuleLoadContext : AssemblyLoadContext
{
    private readonly DependencyDirectory _directory;
    private readonly Dictionary<string, string> _frameworkPaths;

    /// <summary>Creates the context for the module at <paramref name="directory"/>.</summary>
    public ModuleLoadContext(DependencyDirectory directory)
        : base("MetricaChats", isCollectible: false)
    {
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _frameworkPaths = ReadFrameworkAssemblies();
    }

    /// <summary>The folder rules this context follows.</summary>
    public DependencyDirectory Directory => _directory;

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        ArgumentNullException.ThrowIfNull(assemblyName);
        var path = _directory.FindAssembly(assemblyName.Name);
        if (path is null)
        {
            return null; // not ours: the default context (the runtime, PowerShell) answers
        }

        if (!DependencyDirectory.IsFirstParty(assemblyName.Name) &&
            DependencyDirectory.PreferFramework(assemblyName.Version, FrameworkVersion(assemblyName.Name)))
        {
            return null;
        }

        return LoadFromAssemblyPath(path);
    }

    /// <summary>
    /// Native libraries asked for by assemblies in this context (SQLite's provider asks for
    /// <c>e_sqlite3</c>): the module's own build for this platform, from
    /// <c>dependencies/runtimes/&lt;rid&gt;/native</c>; any other name is left to the runtime.
    /// </summary>
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _directory.FindNativeLibrary(unmanagedDllName, DependencyDirectory.CurrentRid());
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    /// <summary>The version of <paramref name="simpleName"/> the .NET shared framework ships, or null.</summary>
    internal Version? FrameworkVersion(string? simpleName)
    {
        if (simpleName is null || !_frameworkPaths.TryGetValue(simpleName, out var path))
        {
            return null;
        }

        try
        {
            return AssemblyName.GetAssemblyName(path).Version;
        }
        catch (BadImageFormatException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    // The shared framework's own assemblies (Microsoft.NETCore.App), not the host's other
    // trusted assemblies: PowerShell's own third-party libraries must not shadow the module's.
    private static Dictionary<string, string> ReadFrameworkAssemblies()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list && !string.IsNullOrEmpty(frameworkDirectory))
        {
            foreach (var path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                if (string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.OrdinalIgnoreCase))
                {
                    map[Path.GetFileNameWithoutExtension(path)] = path;
                }
            }
        }

        return map;
    }
}
#endif
