using System.Reflection;
using System.Text.RegularExpressions;
using MetricaChats.Tests.Module;

namespace MetricaChats.Tests.Leak;

/// <summary>
/// Part of the no-leak guarantee that PowerShell's formatting would break: an output object with
/// a public text property named like a secret (<c>Token</c>, <c>AccessToken</c>, <c>Password</c>...)
/// is shown by Format-List and ConvertTo-Json. No output type of any cmdlet (nor any object of
/// ours it carries) has one.
/// </summary>
[Collection(CmdletAssemblyCollection.Name)]
public sealed class OutputSecretPropertyTests
{
    private static readonly Regex SecretName = new("(token|secret|password|passwd|pwd|apikey|credential)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private readonly CmdletAssembly _assembly;

    public OutputSecretPropertyTests(CmdletAssembly assembly) => _assembly = assembly;

    [Fact]
    public void No_output_type_of_a_cmdlet_has_a_text_property_named_like_a_secret()
    {
        var outputTypes = _assembly.Cmdlets.SelectMany(c => c.OutputTypes).Distinct().ToList();
        Assert.Contains(outputTypes, t => t.Name == "MetricaAccount"); // the metadata was read

        var offenders = outputTypes.SelectMany(t => SecretTextProperties(t, new HashSet<Type>())).ToList();

        Assert.True(offenders.Count == 0, "Output properties that would show a secret: " + string.Join(", ", offenders));
    }

    [Fact]
    public void The_check_finds_a_secret_named_text_property_also_one_level_down()
    {
        var found = SecretTextProperties(_assembly.Context.LoadFromAssemblyPath(typeof(OutputSecretPropertyTests).Assembly.Location).GetType(typeof(Outer).FullName!)!, new HashSet<Type>());

        Assert.Equal(new[] { "Outer.Inner.AccessToken" }, found);
    }

    /// <summary>Public instance properties of type string named like a secret, walking into our own types.</summary>
    private static IEnumerable<string> SecretTextProperties(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type) || type.Namespace?.StartsWith("MetricaChats", StringComparison.Ordinal) != true)
        {
            yield break;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var propertyType = property.PropertyType;
            if (propertyType.FullName == "System.String" && SecretName.IsMatch(property.Name))
            {
                yield return type.Name + "." + property.Name;
            }

            var element = propertyType.IsArray ? propertyType.GetElementType()! : propertyType.IsGenericType ? propertyType.GetGenericArguments()[^1] : propertyType;
            foreach (var nested in SecretTextProperties(element, seen))
            {
                yield return type.Name + "." + nested;
            }
        }
    }

    /// <summary>A type the check must flag (the TokenSource description is fine; AccessToken is not).</summary>
    public sealed class Outer
    {
        public string TokenSource { get; init; } = string.Empty;

        public IReadOnlyList<Inner> Items { get; init; } = Array.Empty<Inner>();

        public sealed class Inner
        {
            public string? AccessToken { get; init; }

            public int TokenLength { get; init; }
        }
    }
}
