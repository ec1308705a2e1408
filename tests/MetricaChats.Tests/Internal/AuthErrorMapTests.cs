using System.Reflection;
using MetricaChats.Core.Auth;
using MetricaChats.Internal;
using MetricaChats.Tests.Module;

namespace MetricaChats.Tests.Internal;

/// <summary>Every token, profile and endpoint problem has a real category and an action that fits it.</summary>
[Collection(CmdletAssemblyCollection.Name)]
public sealed class AuthErrorMapTests
{
    private readonly CmdletAssembly _assembly;

    public AuthErrorMapTests(CmdletAssembly assembly) => _assembly = assembly;

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string> { AuthErrorMap.NotConnected };
        foreach (var field in typeof(AuthErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            data.Add((string)field.GetValue(null)!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_id_has_a_real_category_and_its_own_action(string id)
    {
        var categories = _assembly.SmaType("System.Management.Automation.ErrorCategory").GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).ToHashSet();
        var entry = AuthErrorMap.For(id);
        Assert.Contains(entry.Category, categories);
        Assert.False(string.IsNullOrWhiteSpace(entry.RecommendedAction));
        Assert.NotEqual(AuthErrorMap.For("no-such-id").RecommendedAction, entry.RecommendedAction);
    }

    [Fact]
    public void Only_a_missing_token_is_answered_with_how_to_connect()
    {
        var connect = AuthErrorMap.For(AuthErrorIds.TokenNotFound).RecommendedAction;
        Assert.Contains("Connect-MetricaAccount", connect);
        Assert.Contains("METRICA_TOKEN", connect);
        Assert.Equal(connect, AuthErrorMap.For(AuthErrorMap.NotConnected).RecommendedAction);
        foreach (var id in new[] { AuthErrorIds.InvalidEndpoint, AuthErrorIds.InvalidProfileName, AuthErrorIds.InvalidToken, AuthErrorIds.ProfileNotFound })
        {
            Assert.NotEqual(connect, AuthErrorMap.For(id).RecommendedAction);
            Assert.DoesNotContain("environment variable", AuthErrorMap.For(id).RecommendedAction);
        }

        Assert.Contains("-Endpoint", AuthErrorMap.For(AuthErrorIds.InvalidEndpoint).RecommendedAction);
        Assert.Contains("-Profile", AuthErrorMap.For(AuthErrorIds.InvalidProfileName).RecommendedAction);
        Assert.Contains("-Token", AuthErrorMap.For(AuthErrorIds.InvalidToken).RecommendedAction);
    }
}
