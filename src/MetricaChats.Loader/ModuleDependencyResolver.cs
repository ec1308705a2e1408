using System;
using System.Collections.Generic;
using System.Reflection;
#if NET
using System.Runtime.Loader;
#endif

namespace MetricaChats.Loader;

/// <summary>
/// Entry point called by <c>MetricaChats.psm1</c> before it imports the cmdlet assembly.
/// PowerShell 7: the engine and its dependencies go into a private
/// <see cref="T:MetricaChats.Loader.ModuleLoadContext"/>; the default context is only helped
/// to find the module's own engine (<c>MetricaChats.*</c>). Windows PowerShell 5.1: an
/// AppDomain.AssemblyResolve handler answers only requests that come from the module's own
/// assemblies (or name its engine), and only from the module's own folder.
/// </summary>
public static class ModuleDependencyResolver
{
    private static readonly object Gate = new();
    private static DependencyDirectory? _directory;
#if NET
    private static ModuleLoadContext? _context;
#else
    private static readonly Dictionary<string, Assembly> Loaded = new(StringComparer.OrdinalIgnoreCase);
#endif

    /// <summary>True once <see cref="Register"/> has run in this process.</summary>
    public static bool IsRegistered
    {
        get
        {
            lock (Gate)
            {
                return _directory is not null;
            }
        }
    }

    /// <summary>
    /// Installs the resolver for the module at <paramref name="moduleRoot"/>. Idempotent: a
    /// second import of the module in the same process keeps the first registration.
    /// </summary>
    public static void Register(string moduleRoot)
    {
        lock (Gate)
        {
            if (_directory is not null)
            {
                return;
            }

            var directory = new DependencyDirectory(moduleRoot);
#if NET
            _context = new ModuleLoadContext(directory);
            AssemblyLoadContext.Default.Resolving += ResolveFromDefault;
#else
            AppDomain.CurrentDomain.AssemblyResolve += ResolveInAppDomain;
            PreloadNativeLibraries(directory);
#endif
            _directory = directory;
        }
    }

#if NET
    /// <summary>The private context, once registered.</summary>
    public static ModuleLoadContext? Context
    {
        get
        {
            lock (Gate)
            {
                return _context;
            }
        }
    }

    /// <summary>
    /// The default context's fallback: hands the module's own engine assemblies (and nothing
    /// else) to the private context.
    /// </summary>
    internal static Assembly? ResolveFromDefault(AssemblyLoadContext defaultContext, AssemblyName name)
    {
        var context = Context;
        if (context is null || !DependencyDirectory.IsFirstParty(name.Name) || context.Directory.FindAssembly(name.Name) is null)
        {
            return null;
        }

        return context.LoadFromAssemblyName(name);
    }
#else
    // Windows PowerShell 5.1 (.NET Framework) has no load context to ask: a DllImport of
    // "e_sqlite3" searches the process's folders, never the module's. Loading the module's own
    // build by its full path first makes that DllImport find the module already in memory
    // (Windows reuses a loaded DLL of the same name).
    private static void PreloadNativeLibraries(DependencyDirectory directory)
    {
        if (!System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows))
        {
            return;
        }

        var path = directory.FindNativeLibrary("e_sqlite3", DependencyDirectory.CurrentRid());
        if (path is not null)
        {
            NativeMethods.LoadLibraryExW(path, IntPtr.Zero, NativeMethods.LoadWithAlteredSearchPath);
        }
    }

    private static class NativeMethods
    {
        internal const uint LoadWithAlteredSearchPath = 0x00000008;

        [System.Runtime.InteropServices.DllImport("kernel32.dll", CharSet = System.Runtime.InteropServices.CharSet.Unicode, SetLastError = true)]
        [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.System32)]
        internal static extern IntPtr LoadLibraryExW(string path, IntPtr file, uint flags);
    }

    private static Assembly? ResolveInAppDomain(object? sender, ResolveEventArgs args)
    {
        var directory = _directory;
        if (directory is null)
        {
            return null;
        }

        var name = new AssemblyName(args.Name);
        var fromModule = args.RequestingAssembly is { } requester && !requester.IsDynamic && directory.IsInsideModule(requester.Location);
        if (!fromModule && !DependencyDirectory.IsFirstParty(name.Name))
        {
            return null;
        }

        var path = directory.FindAssembly(name.Name);
        if (path is null)
        {
            return null;
        }

        lock (Gate)
        {
            if (!Loaded.TryGetValue(path, out var assembly))
            {
                // LoadFile, not LoadFrom: the module's copy loads beside another module's copy
                // of a different version instead of binding to whichever came first.
                assembly = Assembly.LoadFile(path);
                Loaded[path] = assembly;
            }

            return assembly;
        }
    }
#endif
}
