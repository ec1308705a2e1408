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
