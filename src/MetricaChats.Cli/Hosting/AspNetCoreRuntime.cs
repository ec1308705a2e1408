using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace MetricaChats.Cli.Hosting;

/// <summary>
/// The ASP.NET Core shared framework, found at run time for the sandbox only. The tool does not
/// ask the host for it (its runtimeconfig names only Microsoft.NETCore.App), so every other
/// command runs on a host with just the .NET runtime. When the sandbox starts, this looks for
/// <c>shared/Microsoft.AspNetCore.App/&lt;same major.minor&gt;</c> beside the running .NET
/// runtime and loads ASP.NET Core's assemblies from there; without it, the sandbox commands say
/// what to install. A self-contained build carries ASP.NET Core inside and needs nothing.
/// </summary>
internal static class AspNetCoreRuntime
{
    /// <summary>The shared framework's name.</summary>
    public const string FrameworkName = "Microsoft.AspNetCore.App";

    private static readonly object Gate = new();
    private static string? _directory;
    private static bool _hooked;

    /// <summary>
    /// Makes ASP.NET Core loadable, or throws <see cref="CliUsageException"/> naming what to
    /// install. Call before anything touches the sandbox's types.
    /// </summary>
    public static void EnsureAvailable(string what)
    {
        if (IsLoadable())
        {
            return;
        }

        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var found = FindBeside(runtimeDirectory, Environment.Version);
        if (found is null)
        {
            throw new CliUsageException(MissingMessage(what, runtimeDirectory));
        }

        lock (Gate)
        {
            _directory = found;
            if (!_hooked)
            {
                AssemblyLoadContext.Default.Resolving += Resolve;
                _hooked = true;
            }
        }
    }

    /// <summary>What a sandbox command says on a host without ASP.NET Core.</summary>
    public static string MissingMessage(string what, string runtimeDirectory)
    {
        var version = Environment.Version.ToString(2);
        return $"{what} needs the ASP.NET Core runtime {version} ({FrameworkName}), which is not installed beside the .NET runtime in "
            + $"'{Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."))}'. Install it (e.g. the package aspnetcore-runtime-{version}, "
            + "or the ASP.NET Core Runtime from Microsoft's .NET download page), or use a self-contained build of metrica-chats. "
            + "Every other command runs without it.";
    }

    /// <summary>
    /// The ASP.NET Core shared framework directory with the same major and minor version as the
    /// running runtime (the highest patch), next to <paramref name="runtimeDirectory"/>
    /// (<c>.../shared/Microsoft.NETCore.App/10.0.x/</c>); null when there is none.
    /// </summary>
    public static string? FindBeside(string runtimeDirectory, Version runtimeVersion)
    {
        var shared = Path.GetDirectoryName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(runtimeDirectory)));
        if (shared is null)
        {
            return null;
        }

        var root = Path.Combine(shared, FrameworkName);
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.EnumerateDirectories(root)
            .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
            .Where(d => d.Version is { } v && v.Major == runtimeVersion.Major && v.Minor == runtimeVersion.Minor
                && File.Exists(Path.Combine(d.Path, "Microsoft.AspNetCore.dll")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Path)
            .FirstOrDefault();
    }

    private static bool IsLoadable()
    {
        try
        {
            // Self-contained builds (and hosts that name the framework) load it the ordinary way.
            Assembly.Load(new AssemblyName("Microsoft.AspNetCore"));
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        var directory = _directory;
        if (directory is null || name.Name is null)
        {
            return null;
        }

        var path = Path.Combine(directory, name.Name + ".dll");
        return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
    }
}
