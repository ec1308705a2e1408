using System;
using System.IO;

namespace MetricaChats.Loader;

/// <summary>
/// The module's private folder of dependencies (<c>dependencies/</c> beside the module
/// manifest) and the rules deciding which assembly requests it may answer. Kept free of any
/// loader API so both builds (AssemblyLoadContext and AppDomain) share and test the same rules.
/// </summary>
public sealed class DependencyDirectory
{
    /// <summary>Name of the folder, under the module root, that holds the engine and third-party assemblies.</summary>
    public const string FolderName = "dependencies";

    private const string FirstPartyPrefix = "MetricaChats.";

    /// <summary>Creates the rules for a module installed at <paramref name="moduleRoot"/>.</summary>
    public DependencyDirectory(string moduleRoot)
    {
        if (string.IsNullOrEmpty(moduleRoot))
        {
            throw new ArgumentException("The module folder is required.", nameof(moduleRoot));
        }

        ModuleRoot = WithTrailingSeparator(System.IO.Path.GetFullPath(moduleRoot));
        Path = System.IO.Path.Combine(ModuleRoot, FolderName);
    }

    /// <summary>The module's folder (with a trailing separator).</summary>
    public string ModuleRoot { get; }

    /// <summary>The dependency folder.</summary>
    public string Path { get; }

    /// <summary>
    /// True for the module's own engine assemblies (<c>MetricaChats.*</c>), the only names the
    /// module answers for requests that do not come from its own assemblies (the cmdlet
    /// assembly asking for <c>MetricaChats.Core</c>).
    /// </summary>
    public static bool IsFirstParty(string? simpleName) =>
        simpleName is not null && simpleName.StartsWith(FirstPartyPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when the framework's copy should be used instead of the module's: the framework has
    /// the assembly at the requested version or later (a netstandard shim such as
    /// System.Memory must never shadow the runtime's own type definitions).
    /// </summary>
    public static bool PreferFramework(Version? requested, Version? framework) =>
        framework is not null && (requested is null || framework >= requested);

    /// <summary>The path of <paramref name="simpleName"/>.dll in the dependency folder, or null when the module does not ship it.</summary>
    public string? FindAssembly(string? simpleName)
    {
        if (string.IsNullOrEmpty(simpleName) || simpleName!.IndexOfAny(InvalidNameChars) >= 0)
        {
            return null;
        }

        var candidate = System.IO.Path.Combine(Path, simpleName + ".dll");
        return File.Exists(candidate) ? candidate : null;
    }

    /// <summary>
    /// The native libraries the module ships (without prefix or extension) and may load from
    /// <c>dependencies/runtimes/&lt;rid&gt;/native</c>: the ledger's SQLite build.
    /// </summary>
    public static bool IsOwnNativeLibrary(string? name)
    {
        var bare = BareNativeName(name);
        return string.Equals(bare, "e_sqlite3", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The file of native library <paramref name="name"/> for <paramref name="rid"/> (e.g.
    /// <c>linux-x64</c>, <c>win-arm64</c>, <c>osx-arm64</c>, <c>linux-musl-x64</c>) in the
    /// dependency folder, or null when the module does not ship it for that platform.
    /// </summary>
    public string? FindNativeLibrary(string? name, string rid)
    {
        if (!IsOwnNativeLibrary(name) || string.IsNullOrEmpty(rid) || rid.IndexOfAny(InvalidNameChars) >= 0)
        {
            return null;
        }

        var bare = BareNativeName(name);
        var file = rid.StartsWith("win", StringComparison.OrdinalIgnoreCase) ? bare + ".dll"
            : rid.StartsWith("osx", StringComparison.OrdinalIgnoreCase) ? "lib" + bare + ".dylib"
            : "lib" + bare + ".so";
        var candidate = System.IO.Path.Combine(Path, "runtimes", rid, "native", file);
        return File.Exists(candidate) ? candidate : null;
    }

    /// <summary>
    /// The runtime identifier whose native files fit this process: OS (with musl for Alpine and
    /// other musl Linux) and process architecture, in the names NuGet uses.
    /// </summary>
    public static string CurrentRid(bool isWindows, bool isMacOs, bool isMusl, System.Runtime.InteropServices.Architecture architecture)
    {
        var os = isWindows ? "win" : isMacOs ? "osx" : isMusl ? "linux-musl" : "linux";
        var arch = architecture switch
        {
            System.Runtime.InteropServices.Architecture.X86 => "x86",
            System.Runtime.InteropServices.Architecture.Arm => "arm",
            System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
            _ => "x64",
        };
        return os + "-" + arch;
    }

    /// <summary><see cref="CurrentRid(bool, bool, bool, System.Runtime.InteropServices.Architecture)"/> for this process.</summary>
    public static string CurrentRid()
    {
        var windows = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows);
        var mac = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.OSX);
        var musl = !windows && !mac && IsMusl();
        return CurrentRid(windows, mac, musl, System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture);
    }

    // musl's dynamic loader is named ld-musl-<arch>.so.1 (Alpine and other musl systems).
    private static bool IsMusl()
    {
        try
        {
            return System.IO.Directory.Exists("/lib") && System.IO.Directory.GetFiles("/lib", "ld-musl-*.so.1").Length > 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string BareNativeName(string? name)
    {
        var bare = name ?? string.Empty;
        if (bare.StartsWith("lib", StringComparison.Ordinal))
        {
            bare = bare.Substring(3);
        }

        foreach (var extension in new[] { ".dll", ".so", ".dylib" })
        {
            if (bare.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                bare = bare.Substring(0, bare.Length - extension.Length);
            }
        }

        return bare;
    }

    /// <summary>True when <paramref name="location"/> (an assembly's file) lies inside the module's folder.</summary>
    public bool IsInsideModule(string? location)
    {
        if (string.IsNullOrEmpty(location))
        {
            return false;
        }

        string full;
        try
        {
            full = System.IO.Path.GetFullPath(location);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (NotSupportedException)
        {
            return false;
        }

        return full.StartsWith(ModuleRoot, PathComparison);
    }

    private static readonly char[] InvalidNameChars = ['/', '\\', ':'];

    private static StringComparison PathComparison =>
        System.IO.Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static string WithTrailingSeparator(string path) =>
        path.EndsWith(System.IO.Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? path : path + System.IO.Path.DirectorySeparatorChar;
}
