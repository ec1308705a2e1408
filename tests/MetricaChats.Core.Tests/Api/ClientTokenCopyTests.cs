using System.Reflection;
using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;
using Xunit;

namespace MetricaChats.Core.Tests.Api;

/// <summary>
/// The client keeps one plain copy of the token, its Authorization header value, built once and
/// reused by every request, and wipes it on Dispose (docs/security.md; the whole-process count
/// is measured by bench/tools/token-copies.sh, which a test cannot do reliably).
/// </summary>
public sealed class ClientTokenCopyTests
{
    private const string Secret = "AQAAAAcopies-secret-0123456789abcd";

    [Fact]
    public async Task Every_request_carries_the_header_built_once_for_the_client()
    {
        await using var server = LoopbackServer.Start(ctx => ctx.Reply(200, "{\"rows\":0,\"counters\":[]}"));
        using var token = MetricaToken.FromString(Secret);
        using var client = new MetricaClient(token, new MetricaClientOptions { Endpoint = server.Address, UseSystemProxy = false });
        var header = HeaderValue(client);

        for (var i = 0; i < 5; i++)
        {
            await client.ListCountersAsync();
        }

        Assert.Equal("OAuth " + Secret, header);
        Assert.Same(header, HeaderValue(client));
        Assert.Equal(5, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("OAuth " + Secret, r.Headers["Authorization"]));
    }

    [Fact]
    public void Dispose_wipes_the_header_value_in_place()
    {
        using var token = MetricaToken.FromString(Secret);
        var client = new MetricaClient(token, new MetricaClientOptions { Endpoint = new Uri("http://127.0.0.1:9/"), UseSystemProxy = false });
        var header = HeaderValue(client);
        Assert.Equal("OAuth " + Secret, header);

        client.Dispose();
        client.Dispose();

        Assert.Equal(new string('\0', ("OAuth " + Secret).Length), header);
        Assert.True(token.SecretEquals(MetricaToken.FromString(Secret))); // the caller's token is untouched
    }

    [Fact]
    public void The_token_builds_the_prefixed_value_as_one_string_and_refuses_once_disposed()
    {
        var token = MetricaToken.FromString(Secret);
        Assert.Equal("OAuth " + Secret, token.RevealWithPrefix("OAuth "));

        token.Dispose();

        Assert.Throws<ObjectDisposedException>(() => token.RevealWithPrefix("OAuth "));
    }

    private static string HeaderValue(MetricaClient client) =>
        (string)typeof(MetricaClient).GetField("_authorization", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(client)!;
}
