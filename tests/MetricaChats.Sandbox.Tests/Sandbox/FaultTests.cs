using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MetricaChats.Sandbox.Tests.Sandbox;

public class FaultTests
{
    private static string CounterPath => $"management/v1/counter/{Harness.Counter}";

    [Theory]
    [InlineData(SandboxFaultKind.InternalServerError, 500, "backend_error")]
    [InlineData(SandboxFaultKind.ServiceUnavailable, 503, "backend_error")]
    [InlineData(SandboxFaultKind.GatewayTimeout, 504, "timeout")]
    public async Task Forced_server_error_fails_one_request_without_applying_it(SandboxFaultKind kind, int status, string errorType)
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.ForceNext(kind);
        await Harness.AssertErrorAsync(await h.UploadAsync(Harness.ValidCsv(1)), status, errorType);
        Assert.Empty(h.Server.State.Uploads);
        Assert.Equal(kind, h.Server.State.Requests.Single().Fault);

        Assert.Equal(HttpStatusCode.OK, (await h.UploadAsync(Harness.ValidCsv(1))).StatusCode);
        Assert.Single(h.Server.State.Uploads);
    }

    [Fact]
    public async Task Rate_limit_burst_gives_consecutive_429s_then_recovers()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.RateLimitBurstLength = 3;
        h.Server.Faults.ForceNext(SandboxFaultKind.RateLimitBurst);
        for (int i = 0; i < 3; i++)
        {
            HttpResponseMessage r = await h.Client.GetAsync(CounterPath);
            await Harness.AssertErrorAsync(r, 429, "quota_requests_by_ip");
            Assert.Equal(TimeSpan.FromSeconds(1), r.Headers.RetryAfter!.Delta);
        }

        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CounterPath)).StatusCode);
    }

    [Fact]
    public async Task Slow_response_is_served_normally_after_the_delay()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.SlowDelay = TimeSpan.FromMilliseconds(50);
        h.Server.Faults.ForceNext(SandboxFaultKind.Slow);
        Assert.Equal(HttpStatusCode.OK, (await h.UploadAsync(Harness.ValidCsv(1))).StatusCode);
        Assert.Single(h.Server.State.Uploads);
        SandboxRequestRecord record = h.Server.State.Requests.Single();
        Assert.Equal(SandboxFaultKind.Slow, record.Fault);
        Assert.Equal(200, record.StatusCode);
    }

    [Fact]
    public async Task Slow_response_hits_a_client_timeout()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.SlowDelay = TimeSpan.FromSeconds(30);
        h.Server.Faults.ForceNext(SandboxFaultKind.Slow);
        using var client = new HttpClient { BaseAddress = h.Server.BaseAddress, Timeout = TimeSpan.FromMilliseconds(200) };
        client.DefaultRequestHeaders.Authorization = h.Client.DefaultRequestHeaders.Authorization;
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => client.GetAsync(CounterPath));
    }

    [Fact]
    public async Task Dropped_connection_aborts_without_a_response_and_applies_nothing()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.ForceNext(SandboxFaultKind.DropConnection);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => h.UploadAsync(Harness.ValidCsv(1)));
        Assert.Empty(h.Server.State.Uploads);
        SandboxRequestRecord record = h.Server.State.Requests.Single();
        Assert.Equal(0, record.StatusCode);
        Assert.Equal(SandboxFaultKind.DropConnection, record.Fault);
    }

    [Fact]
    public async Task Applied_then_error_stores_the_upload_and_answers_504()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.ForceNext(SandboxFaultKind.AppliedThenError);
        await Harness.AssertErrorAsync(await h.UploadAsync(Harness.ValidCsv(2), comment: "batchA1"), 504, "timeout");

        SandboxUpload stored = Assert.Single(h.Server.State.Uploads);
        Assert.Equal("batchA1", stored.Comment);
        Assert.Equal(2, stored.Rows.Count);
        Assert.Equal(SandboxFaultKind.AppliedThenError, stored.FaultAfterStore);
        SandboxRequestRecord record = h.Server.State.Requests.Single();
        Assert.Equal(stored.Id, record.UploadId);
        Assert.Equal(504, record.StatusCode);

        // The reconciliation a careful client does: the list shows the upload by its comment.
        JsonElement list = (await Harness.JsonAsync(await h.Client.GetAsync(CounterPath + "/offline_conversions/uploadings"))).GetProperty("uploadings");
        Assert.Equal("batchA1", Assert.Single(list.EnumerateArray()).GetProperty("comment").GetString());
    }

    [Fact]
    public async Task Applied_then_reset_stores_the_upload_and_drops_the_connection()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.ForceNext(SandboxFaultKind.AppliedThenReset);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => h.UploadAsync(Harness.ValidCsv(1), comment: "batchB"));
        SandboxUpload stored = Assert.Single(h.Server.State.Uploads);
        Assert.Equal(SandboxFaultKind.AppliedThenReset, stored.FaultAfterStore);
        Assert.Equal(0, h.Server.State.Requests.Single().StatusCode);
    }

    [Fact]
    public async Task Applied_then_faults_wait_for_an_upload_and_skip_other_requests()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.ForceNext(SandboxFaultKind.AppliedThenError);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CounterPath)).StatusCode);
        Assert.Single(h.Server.Faults.Pending);
        await Harness.AssertErrorAsync(await h.UploadAsync(Harness.ValidCsv(1)), 504, "timeout");
        Assert.Empty(h.Server.Faults.Pending);
    }

    [Fact]
    public async Task Random_faults_follow_the_seed()
    {
        async Task<int[]> RunAsync()
        {
            await using Harness h = await Harness.StartAsync(o =>
            {
                o.Seed = 42;
                o.Faults.FailureRate = 0.5;
                o.Faults.EnableOnly(SandboxFaultKind.InternalServerError, SandboxFaultKind.ServiceUnavailable, SandboxFaultKind.GatewayTimeout);
            });
            var statuses = new int[25];
            for (int i = 0; i < statuses.Length; i++)
            {
                statuses[i] = (int)(await h.Client.GetAsync(CounterPath)).StatusCode;
            }

            return statuses;
        }

        int[] first = await RunAsync();
        int[] second = await RunAsync();
        Assert.Equal(first, second);
        Assert.Contains(200, first);
        Assert.Contains(first, s => s >= 500);
        Assert.All(first, s => Assert.Contains(s, new[] { 200, 500, 503, 504 }));
    }

    [Fact]
    public async Task Failure_rate_one_with_one_kind_fails_every_request_and_zero_none()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.EnableOnly(SandboxFaultKind.ServiceUnavailable);
        h.Server.Faults.FailureRate = 1;
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await h.Client.GetAsync(CounterPath)).StatusCode);
        }

        h.Server.Faults.FailureRate = 0;
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CounterPath)).StatusCode);
    }

    [Fact]
    public async Task Uploads_only_spares_other_requests()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.EnableOnly(SandboxFaultKind.InternalServerError);
        h.Server.Faults.UploadsOnly = true;
        h.Server.Faults.FailureRate = 1;
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CounterPath)).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await h.UploadAsync(Harness.ValidCsv(1))).StatusCode);
    }

    [Fact]
    public async Task Faults_are_not_drawn_for_requests_refused_by_auth()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.ForceNext(SandboxFaultKind.InternalServerError);
        using var anonymous = new HttpClient { BaseAddress = h.Server.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(CounterPath)).StatusCode);
        Assert.Single(h.Server.Faults.Pending);
    }
}
