using System.Reflection;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace MetricaChats.Tests.Module;

/// <summary>
/// The cmdlet assembly read through <see cref="MetadataLoadContext"/>: it references
/// System.Management.Automation, which does not exist at run time here, so its attributes are
/// inspected as metadata, with PowerShellStandard.Library's reference assembly for SMA.
/// </summary>
public sealed class CmdletAssembly : IDisposable
{
    public CmdletAssembly()
    {
        RepositoryRoot = Metadata("RepositoryRoot");
        SmaPath = Metadata("SystemManagementAutomationPath");
        if (!File.Exists(SmaPath))
        {
            throw new FileNotFoundException("PowerShellStandard.Library's reference assembly was not found where the build said it is.", SmaPath);
        }

        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
        {
            paths[Path.GetFileName(path)] = path;
        }

        foreach (var path in Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
        {
            paths.TryAdd(Path.GetFileName(path), path);
        }

        paths[Path.GetFileName(SmaPath)] = SmaPath;
        Context = new MetadataLoadContext(new PathAssemblyResolver(paths.Values), "System.Private.CoreLib");
        Module = Context.LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, "MetricaChats.dll"));
        Sma = Context.LoadFromAssemblyName("System.Management.Automation");
        CmdletBase = Sma.GetType("System.Management.Automation.Cmdlet", throwOnError: true)!;
        Cmdlets = Module.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && CmdletBase.IsAssignableFrom(t))
            .Select(t => new CmdletInfo(this, t))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        TypeData = LoadTypeData(Path.Combine(RepositoryRoot, "MetricaChats.Types.ps1xml"));
    }

    public string RepositoryRoot { get; }

    public string SmaPath { get; }

    public MetadataLoadContext Context { get; }

    public Assembly Module { get; }

    public Assembly Sma { get; }

    public Type CmdletBase { get; }

    public IReadOnlyList<CmdletInfo> Cmdlets { get; }

    /// <summary>Alias properties from MetricaChats.Types.ps1xml: type full name -> (alias -> referenced member).</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> TypeData { get; }

    public CmdletInfo Cmdlet(string name) => Cmdlets.Single(c => c.Name == name);

    public Type SmaType(string fullName) => Sma.GetType(fullName, throwOnError: true)!;

    /// <summary>The property names PowerShell sees on an object of <paramref name="type"/>: public instance properties plus type-data alias properties.</summary>
    public ISet<string> PipelineProperties(Type type)
    {
        var names = new HashSet<string>(type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
        if (TypeData.TryGetValue(type.FullName!, out var aliases))
        {
            foreach (var alias in aliases.Keys)
            {
                names.Add(alias);
            }
        }

        return names;
    }

    public void Dispose() => Context.Dispose();

    private static string Metadata(string key) =>
        typeof(CmdletAssembly).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException("Assembly metadata " + key + " is missing.");

    private static Dictionary<string, Dictionary<string, string>> LoadTypeData(string path)
    {
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in XDocument.Load(path).Root!.Elements("Type"))
        {
            var members = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var alias in type.Element("Members")?.Elements("AliasProperty") ?? Enumerable.Empty<XElement>())
            {
                members[alias.Element("Name")!.Value] = alias.Element("ReferencedMemberName")!.Value;
            }

            result[type.Element("Name")!.Value] = members;
        }

        return result;
    }
}

/// <summary>One cmdlet class as metadata.</summary>
public sealed class CmdletInfo
{
    public CmdletInfo(CmdletAssembly assembly, Type type)
    {
        Type = type;
        var cmdlet = type.GetCustomAttributesData().Single(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute");
        Verb = (string)cmdlet.ConstructorArguments[0].Value!;
        Noun = (string)cmdlet.ConstructorArguments[1].Value!;
        Named = cmdlet.NamedArguments.ToDictionary(a => a.MemberName, a => a.TypedValue.Value);
        OutputTypes = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == "System.Management.Automation.OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : new[] { arg.Value })
            .OfType<Type>()
            .ToList();
        Parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => new ParameterInfo(p))
            .Where(p => p.Sets.Count > 0)
            .ToList();
    }

    public Type Type { get; }

    public string Verb { get; }

    public string Noun { get; }

    public string Name => Verb + "-" + Noun;

    public IReadOnlyDictionary<string, object?> Named { get; }

    public bool SupportsShouldProcess => Named.TryGetValue("SupportsShouldProcess", out var v) && v is true;

    public IReadOnlyList<Type> OutputTypes { get; }

    public IReadOnlyList<ParameterInfo> Parameters { get; }

    public ParameterInfo Parameter(string name) => Parameters.Single(p => p.Name == name);

    public override string ToString() => Name;
}

/// <summary>One cmdlet parameter as metadata.</summary>
public sealed class ParameterInfo
{
    public ParameterInfo(PropertyInfo property)
    {
        Property = property;
        var data = property.GetCustomAttributesData();
        Sets = data.Where(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute")
            .Select(a => a.NamedArguments.ToDictionary(n => n.MemberName, n => n.TypedValue.Value))
            .ToList();
        Aliases = data.Where(a => a.AttributeType.FullName == "System.Management.Automation.AliasAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => (string)m.Value!) : new[] { (string)arg.Value! })
            .ToList();
        Completer = data.Where(a => a.AttributeType.FullName == "System.Management.Automation.ArgumentCompleterAttribute")
            .Select(a => a.ConstructorArguments[0].Value as Type)
            .FirstOrDefault();
    }

    public PropertyInfo Property { get; }

    public string Name => Property.Name;

    public Type Type => Property.PropertyType;

    public IReadOnlyList<Dictionary<string, object?>> Sets { get; }

    public IReadOnlyList<string> Aliases { get; }

    public Type? Completer { get; }

    public bool ByPropertyName => Sets.Any(s => s.TryGetValue("ValueFromPipelineByPropertyName", out var v) && v is true);

    public bool ByValue => Sets.Any(s => s.TryGetValue("ValueFromPipeline", out var v) && v is true);

    /// <summary>True when the parameter is mandatory in <paramref name="set"/> (directly or as a member of all sets).</summary>
    public bool MandatoryIn(string set) => Sets.Any(s =>
        s.TryGetValue("Mandatory", out var m) && m is true &&
        (!s.TryGetValue("ParameterSetName", out var n) || n is not string name || name == "__AllParameterSets" || name == set));

    public IEnumerable<string> NamesForBinding => new[] { Name }.Concat(Aliases);

    public override string ToString() => Name;
}

[CollectionDefinition(Name)]
public sealed class CmdletAssemblyCollection : ICollectionFixture<CmdletAssembly>
{
    public const string Name = "Cmdlet assembly";
}
