using MetricaChats.Core.Api;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Core.Tests.Api;

public sealed class ClientFaultTests : IAsyncLifetime
{
    private SandboxHarness _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxHarness.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private SandboxFaults Faults => _sandbox.Server.Faults;

    [Theory]
    [InlineData(SandboxFaultKind.InternalServerError)]
    [InlineData(SandboxFaultKind.ServiceUnavailable)]
    [InlineData(SandboxFaultKind.GatewayTimeout)]
    [InlineData(SandboxFaultKind.DropConnection)]
    [InlineData(SandboxFaultKind.RateLimitBurst)]
    public async Task Reads_are_retried_through_transient_faults(SandboxFaultKind kind)
    {
        using var client = _sandbox.CreateClient();
        Faults.RateLimitBurstLength = 1;
        Faults.ForceNext(kind, 2);

        var counters = await client.ListCountersAsync();

        Assert.Equal(2, counters.Count);
        var requests = _sandbox.Server.State.Requests;
        Assert.True(requests.Count >= 3, "two faulted attempts and a good one");
        Assert.Equal(200, requests[^1].StatusCode);
        Assert.True(client.RetryCount >= 2);
    }

    [Fact]
    public async Task Slow_answer_times_out_and_is_retried()
    {
        Faults.SlowDelay = TimeSpan.FromSeconds(3);
        Faults.ForceNext(SandboxFaultKind.Slow);
        using var client = _sandbox.CreateClient(o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));

        var counter = await client.GetCounterAsync(SandboxHarness.Counter);

        Assert.Equal(SandboxHarness.Counter, counter.Id);
        Assert.Equal(1, client.RetryCount);
    }

    [Fact]
    public async Task Retries_run_out_with_the_kind_and_attempt_count()
    {
        Faults.ForceNext(SandboxFaultKind.ServiceUnavailable, 10);
        using var client = _sandbox.CreateClient(o => o.MaxRetries = 2);

        var ex = await Assert.ThrowsAsync<MetricaApiException>(() => client.GetCounterAsync(SandboxHarness.Counter));

        Assert.Equal(MetricaErrorKind.ServerError, ex.Kind);
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal("backend_error", ex.ErrorType);
        Assert.Equal(3, ex.Attempts);
        Assert.Equal(3, _sandbox.Server.State.Requests.Count);
    }

    [Fact]
    public async Task Rate_limit_exhausted_reports_retry_after()
    {
        Faults.RateLimitBurstLength = 5;
        Faults.ForceNext(SandboxFaultKind.RateLimitBurst);
        using var client = _sandbox.CreateClient(o => o.MaxRetries = 1);

        var ex = await Assert.ThrowsAsync<MetricaApiException>(() => client.GetCounterAsync(SandboxHarness.Counter));

        Assert.Equal(MetricaErrorKind.RateLimited, ex.Kind);
        Assert.Equal("quota_requests_by_ip", ex.ErrorType);
        Assert.NotNull(ex.RetryAfter);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Retry_after_sets_the_pause_instead_of_the_backoff()
    {
        var clock = new RecordingClock();
        Faults.RateLimitBurstLength = 1;
        Faults.ForceNext(SandboxFaultKind.RateLimitBurst);
        using var client = _sandbox.CreateClient(o =>
        {
            o.Clock = clock;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
            o.MaxRetryDelay = TimeSpan.FromSeconds(5);
        });

        await client.GetCounterAsync(SandboxHarness.Counter);

        // The sandbox says Retry-After: 1; the backoff alone would pause about 1 ms.
        Assert.Contains(clock.Timers, t => t > TimeSpan.FromMilliseconds(500) && t <= TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData(SandboxFaultKind.InternalServerError)]
    [InlineData(SandboxFaultKind.GatewayTimeout)]
    [InlineData(SandboxFaultKind.DropConnection)]
    [InlineData(SandboxFaultKind.RateLimitBurst)]
    public async Task Upload_not_applied_is_sent_again_and_arrives_once(SandboxFaultKind kind)
    {
        Faults.RateLimitBurstLength = 1;
        Faults.ForceNext(kind);
        using var client = _sandbox.CreateClient();

        var upload = await client.UploadChatsAsync(SandboxHarness.Counter, new MemoryStream(SandboxHarness.Csv(4)));

        var stored = Assert.Single(_sandbox.Server.State.Uploads);
        Assert.Equal(stored.Id, upload.Id);
        Assert.Equal(4, stored.SourceQuantity);
    }

    [Theory]
    [InlineData(SandboxFaultKind.AppliedThenError)]
    [InlineData(SandboxFaultKind.AppliedThenReset)]
    public async Task Upload_applied_then_failed_is_reconciled_not_resent(SandboxFaultKind kind)
    {
        Faults.ForceNext(kind);
        using var client = _sandbox.CreateClient();
        var bytes = SandboxHarness.Csv(4);

        var outcome = await client.UploadChatsAsync(SandboxHarness.Counter, (s, ct) => s.WriteAsync(bytes, 0, bytes.Length, ct), "x", "mcexactlyonce1");

        var stored = Assert.Single(_sandbox.Server.State.Uploads);
        Assert.Equal(kind, stored.FaultAfterStore);
        Assert.Equal(stored.Id, outcome.Id);
        Assert.Equal(1, _sandbox.Server.State.Requests.Count(r => r.Method == "POST"));
        Assert.Contains(_sandbox.Server.State.Requests, r => r.PathAndQuery.Contains("/uploadings", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Applied_then_failed_repeatedly_still_gives_one_upload_per_batch()
    {
        Faults.ForceNext(SandboxFaultKind.AppliedThenError);
        Faults.ForceNext(SandboxFaultKind.AppliedThenReset);
        Faults.ForceNext(SandboxFaultKind.AppliedThenError);
        using var client = _sandbox.CreateClient();

        for (var i = 1; i <= 4; i++)
        {
            await client.UploadChatsAsync(SandboxHarness.Counter, new MemoryStream(SandboxHarness.Csv(2, "b" + i + "r")));
        }

        var uploads = _sandbox.Server.State.Uploads;
        Assert.Equal(4, uploads.Count);
        var ids = uploads.SelectMany(u => u.Rows.Select(r => r["ChatUserID"])).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(8, ids.Count);
    }

    [Fact]
    public async Task Cancelling_mid_upload_stops_promptly_and_nothing_arrives()
    {
        using var client = _sandbox.CreateClient();
        using var cts = new CancellationTokenSource();
        var half = SandboxHarness.Csv(50);
        var writing = new TaskCompletionSource();

        var task = client.UploadChatsAsync(SandboxHarness.Counter, async (stream, ct) =>
        {
            await stream.WriteAsync(half.AsMemory(0, half.Length / 2), ct);
            await stream.FlushAsync(ct);
            writing.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }, null, "mccancel1", cts.Token);
        await writing.Task;
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Empty(_sandbox.Server.State.Uploads);
        Assert.Equal(0, client.RetryCount);
    }

    [Fact]
    public async Task Cancelling_during_a_slow_answer_stops_without_retrying()
    {
        Faults.SlowDelay = TimeSpan.FromSeconds(30);
        Faults.ForceNext(SandboxFaultKind.Slow);
        using var client = _sandbox.CreateClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListCountersAsync(cts.Token));
        Assert.Equal(0, client.RetryCount);
    }

    [Fact]
    public async Task At_most_three_requests_are_in_flight_per_token_across_clients()
    {
        Faults.SlowDelay = TimeSpan.FromMilliseconds(150);
        Faults.FailureRate = 1;
        Faults.EnableOnly(SandboxFaultKind.Slow);
        using var a = _sandbox.CreateClient();
        using var b = _sandbox.CreateClient();

        var calls = Enumerable.Range(0, 12).Select(i => (i % 2 == 0 ? a : b).GetCounterAsync(SandboxHarness.Counter)).ToArray();
        await Task.WhenAll(calls);

        Assert.Equal(3, a.PeakRequestsInFlight);
        Assert.Equal(3, b.PeakRequestsInFlight);
        Assert.DoesNotContain(_sandbox.Server.State.Requests, r => r.ErrorType == "quota_parallel_requests");
        Assert.Equal(12, _sandbox.Server.State.Requests.Count);
    }

    [Fact]
    public async Task Parallel_quota_refusals_from_another_tool_are_retried()
    {
        // Another tool holds the account's parallel slots: the sandbox allows 1, our client uses 3.
        _sandbox.Server.Quotas.ParallelPerToken = 1;
        Faults.SlowDelay = TimeSpan.FromMilliseconds(100);
        Faults.FailureRate = 1;
        Faults.EnableOnly(SandboxFaultKind.Slow);
        using var client = _sandbox.CreateClient(o => o.MaxRetryAfter = TimeSpan.FromSeconds(2));

        var counters = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.GetCounterAsync(SandboxHarness.Counter)));

        Assert.All(counters, c => Assert.Equal(SandboxHarness.Counter, c.Id));
        Assert.Contains(_sandbox.Server.State.Requests, r => r.ErrorType == "quota_parallel_requests");
        Assert.True(client.RetryCount >= 1);
    }
}
