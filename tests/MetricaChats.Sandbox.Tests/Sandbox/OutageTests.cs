using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MetricaChats.Sandbox.Tests.Sandbox;

/// <summary>Timed outages: every API request refused with 503, or 429 with Retry-After, for N seconds of the sandbox clock.</summary>
public class OutageTests
{
    private static string CounterPath => $"management/v1/counter/{Harness.Counter}";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_503_outage_refuses_every_api_request_for_its_length_then_ends()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.StartOutage(SandboxOutageKind.ServiceUnavailable, TimeSpan.FromSeconds(60));

        HttpResponseMessage upload = await h.UploadAsync(Harness.ValidCsv(1));
        await Harness.AssertErrorAsync(upload, 503, "backend_error");
        Assert.Null(upload.Headers.RetryAfter);
        await Harness.AssertErrorAsync(await h.Client.GetAsync(CounterPath), 503, "backend_error");
        await Harness.AssertErrorAsync(await h.Client.GetAsync("management/v1/counters"), 503, "backend_error");
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("_sandbox")).StatusCode);

        h.Clock.Advance(TimeSpan.FromSeconds(59));
        await Harness.AssertErrorAsync(await h.Client.GetAsync(CounterPath), 503, "backend_error");

        h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CounterPath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.UploadAsync(Harness.ValidCsv(1))).StatusCode);
        Assert.Null(h.Server.Faults.Outage);

        Assert.Single(h.Server.State.Uploads);
        IReadOnlyList<SandboxRequestRecord> log = h.Server.State.Requests;
        Assert.Equal(4, log.Count(q => q.Outage == SandboxOutageKind.ServiceUnavailable && q.StatusCode == 503));
        Assert.Equal(2, log.Count(q => q.Outage is null && q.StatusCode == 200));
    }

    [Fact]
    public async Task An_outage_comes_before_the_token_and_quota_checks()
    {
        await using Harness h = await Harness.StartAsync(o => o.Quotas.DailyPerToken = 1);
        h.Server.Faults.StartOutage(SandboxOutageKind.ServiceUnavailable, TimeSpan.FromSeconds(10));
        using var stranger = new HttpClient { BaseAddress = h.Server.BaseAddress };
        stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("OAuth", "unknown-token");

        await Harness.AssertErrorAsync(await stranger.GetAsync(CounterPath), 503, "backend_error");
        for (int i = 0; i < 3; i++)
        {
            await Harness.AssertErrorAsync(await h.Client.GetAsync(CounterPath), 503, "backend_error");
        }

        h.Server.Faults.StopOutage();
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CounterPath)).StatusCode);
    }

    [Fact]
    public async Task A_429_burst_set_from_the_admin_endpoint_starts_after_k_requests_and_sends_retry_after()
    {
        await using Harness h = await Harness.StartAsync();
        JsonElement planned = await Harness.JsonAsync(await h.Client.PostAsync("_sandbox/outage",
            Json("{\"kind\":\"RateLimit\",\"seconds\":20,\"after_requests\":2,\"retry_after_seconds\":5}")));
        Assert.True(planned.GetProperty("active").GetBoolean());
        Assert.Equal(2, planned.GetProperty("requests_before_start").GetInt32());
        Assert.Equal(JsonValueKind.Null, planned.GetProperty("started_at").ValueKind);

        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CounterPath)).StatusCode);
        h.Clock.Advance(TimeSpan.FromMinutes(5)); // the 20 s count from the first refused request, not from the plan
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CounterPath)).StatusCode);

        HttpResponseMessage refused = await h.Client.GetAsync(CounterPath);
        await Harness.AssertErrorAsync(refused, 429, "quota_requests_by_ip");
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter!.Delta);
        JsonElement running = await Harness.JsonAsync(await h.Client.GetAsync("_sandbox/outage"));
        Assert.Equal("RateLimit", running.GetProperty("kind").GetString());
        Assert.Equal(Harness.Start + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(20), running.GetProperty("ends_at").GetDateTimeOffset());

        h.Clock.Advance(TimeSpan.FromSeconds(19.5));
        await Harness.AssertErrorAsync(await h.UploadAsync(Harness.ValidCsv(1)), 429, "quota_requests_by_ip");
        h.Clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(HttpStatusCode.OK, (await h.UploadAsync(Harness.ValidCsv(1))).StatusCode);
        Assert.False((await Harness.JsonAsync(await h.Client.GetAsync("_sandbox/outage"))).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_429_burst_without_a_retry_after_sends_one_second()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.StartOutage(SandboxOutageKind.RateLimit, TimeSpan.FromSeconds(8));

        HttpResponseMessage refused = await h.Client.GetAsync(CounterPath);

        await Harness.AssertErrorAsync(refused, 429, "quota_requests_by_ip");
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter!.Delta);
        Assert.Equal(SandboxOutageKind.RateLimit, h.Server.State.Requests.Single().Outage);
    }

    [Fact]
    public async Task An_outage_is_stopped_by_the_admin_endpoint_and_by_a_reset()
    {
        await using Harness h = await Harness.StartAsync();
        await h.Client.PostAsync("_sandbox/outage", Json("{\"kind\":\"ServiceUnavailable\",\"seconds\":600}"));
        await Harness.AssertErrorAsync(await h.Client.GetAsync(CounterPath), 503, "backend_error");

        JsonElement stopped = await Harness.JsonAsync(await h.Client.PostAsync("_sandbox/outage", Json("{\"stop\":true}")));
        Assert.False(stopped.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CounterPath)).StatusCode);

        h.Server.Faults.StartOutage(SandboxOutageKind.ServiceUnavailable, TimeSpan.FromSeconds(600));
        await h.Client.PostAsync("_sandbox/reset", null);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CounterPath)).StatusCode);
    }

    [Theory]
    [InlineData("{\"kind\":\"Flood\",\"seconds\":5}", "Unknown outage kind 'Flood'")]
    [InlineData("{\"kind\":\"1\",\"seconds\":5}", "Unknown outage kind '1'")]
    [InlineData("{\"kind\":\"RateLimit\"}", "length in seconds")]
    [InlineData("{\"kind\":\"RateLimit\",\"seconds\":0}", "more than zero")]
    [InlineData("{\"kind\":\"RateLimit\",\"seconds\":5,\"after_requests\":-1}", "not negative")]
    public async Task A_bad_outage_request_is_a_400_that_says_why(string json, string expected)
    {
        await using Harness h = await Harness.StartAsync();

        string message = await Harness.AssertErrorAsync(await h.Client.PostAsync("_sandbox/outage", Json(json)), 400, "invalid_parameter");

        Assert.Contains(expected, message);
        Assert.Null(h.Server.Faults.Outage);
    }
}
