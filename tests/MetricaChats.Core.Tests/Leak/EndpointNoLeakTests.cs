using System.Text.Json;
using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;
using Xunit;

namespace MetricaChats.Core.Tests.Leak;

/// <summary>
/// Answers the sandbox never gives, from a small server on loopback: redirects (never followed,
/// so the token cannot travel to another host) and error pages that quote the request back,
/// Authorization header included (a debugging endpoint or a proxy's error page). The client's
/// errors must hold neither token nor prefix.
/// </summary>
public sealed class EndpointNoLeakTests
{
    private const string Good = LeakSandbox.Good;

    [Theory]
    [InlineData(301, "absolute")]
    [InlineData(302, "absolute")]
    [InlineData(307, "absolute")]
    [InlineData(308, "relative")]
    public async Task A_redirect_is_not_followed_and_its_error_leaks_nothing(int status, string location)
    {
        var c = new LeakCollector(Good);
        using var elsewhere = new LoopbackResponder(_ => LoopbackResponder.Response(200, "OK", "{}", "application/json"));
        var target = location == "absolute" ? new Uri(elsewhere.BaseAddress, "steal").AbsoluteUri : "/elsewhere";
        using var redirecting = new LoopbackResponder(_ => LoopbackResponder.Response(status, "Redirect", extraHeaders: "Location: " + target + "\r\n"));
        using var token = MetricaToken.FromString(Good);
        using var client = new MetricaClient(token, Options(redirecting.BaseAddress));

        var error = await c.ThrowsAsync<MetricaApiException>("redirect " + status, () => client.GetCounterAsync(4101));

        Assert.Equal(MetricaErrorKind.UnexpectedResponse, error.Kind);
        Assert.Empty(elsewhere.Requests);
        var request = Assert.Single(redirecting.Requests);
        Assert.Contains("Authorization: OAuth " + Good, request, StringComparison.OrdinalIgnoreCase); // sent to the configured endpoint, and only there
        c.AssertClean();
    }

    [Theory]
    [InlineData(400, "text")]
    [InlineData(400, "json")]
    [InlineData(403, "json")]
    [InlineData(500, "text")]
    [InlineData(503, "json")]
    public async Task An_error_page_that_quotes_the_request_back_does_not_put_the_token_into_the_error(int status, string shape)
    {
        var c = new LeakCollector(Good);
        using var echo = new LoopbackResponder(head =>
        {
            var body = shape == "json"
                ? JsonSerializer.Serialize(new { errors = new[] { new { error_type = "invalid_parameter", message = "Bad request: " + head } }, code = status, message = "Bad request: " + head })
                : "Your request was:\n" + head;
            return LoopbackResponder.Response(status, "Error", body, shape == "json" ? "application/json" : "text/plain");
        });
        using var token = MetricaToken.FromString(Good);
        using var client = new MetricaClient(token, Options(echo.BaseAddress));

        var error = await c.ThrowsAsync<MetricaApiException>("echoed " + status + " " + shape, () => client.GetCounterAsync(4101));
        await c.ThrowsAsync<MetricaApiException>("echoed upload " + status + " " + shape, () => client.GetUploadAsync(4101, 1));

        Assert.Equal(status, error.StatusCode);
        Assert.Contains("Authorization", error.ApiMessage, StringComparison.OrdinalIgnoreCase); // the quoted request is still shown, without the secret
        Assert.Contains(echo.Requests, r => r.Contains(Good, StringComparison.Ordinal));
        c.AssertClean();
    }

    [Fact]
    public async Task A_success_answer_that_quotes_the_request_instead_of_JSON_leaks_nothing()
    {
        var c = new LeakCollector(Good);
        using var echo = new LoopbackResponder(head => LoopbackResponder.Response(200, "OK", "<html><pre>" + head + "</pre></html>", "text/html"));
        using var token = MetricaToken.FromString(Good);
        using var client = new MetricaClient(token, Options(echo.BaseAddress));

        var error = await c.ThrowsAsync<MetricaApiException>("echoed 200", () => client.GetCounterAsync(4101));

        Assert.Equal(MetricaErrorKind.UnexpectedResponse, error.Kind);
        c.AssertClean();
    }

    private static MetricaClientOptions Options(Uri endpoint) => new()
    {
        Endpoint = endpoint,
        UseSystemProxy = false,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetries = 1,
        RequestTimeout = TimeSpan.FromSeconds(10),
        MaxRequestsPerSecond = 25,
        ReconcileGrace = TimeSpan.FromMilliseconds(300),
    };
}
