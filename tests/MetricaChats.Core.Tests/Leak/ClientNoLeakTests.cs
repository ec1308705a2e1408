using MetricaChats.Core.Api;
using MetricaChats.Core.Tests.Api;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Core.Tests.Leak;

/// <summary>
/// The no-leak guarantee, end to end for <see cref="MetricaClient"/> against the sandbox: every
/// operation, successful and failing (401, 403, 404, every fault kind retried and exhausted,
/// timeouts, cancellation), with everything produced scanned for the tokens and their first 8
/// characters: results and their ToString, progress payloads, exceptions (inner ones and Data
/// too), and the sandbox's own request log and admin endpoints.
/// </summary>
public sealed class ClientNoLeakTests
{
    private const int Counter = LeakSandbox.Counter;

    [Fact]
    public async Task Every_successful_operation_leaks_nothing()
    {
        await using var s = await LeakSandbox.StartAsync();
        var c = s.Collector;
        using var client = s.Client();

        c.Object("ListCounters", await client.ListCountersAsync());
        c.Object("GetCounter", await client.GetCounterAsync(Counter));
        using var csv = new MemoryStream(LeakSandbox.Csv(3));
        var fromStream = await client.UploadChatsAsync(Counter, csv, "leak test");
        c.Object("UploadChats(stream)", fromStream);
        var fromWriter = await client.UploadChatsAsync(Counter, (stream, ct) => stream.WriteAsync(LeakSandbox.Csv(2, "writer"), ct).AsTask(), "leak test", "LeakMarker1");
        c.Object("UploadChats(writer)", fromWriter);
        c.Object("GetUpload", await client.GetUploadAsync(Counter, fromStream.Id));
        c.Object("ListUploads", await client.ListUploadsAsync(Counter));
        var readings = new ListProgress<MetricaUpload>();
        var final = await client.WaitForUploadAsync(Counter, fromWriter.Id, TimeSpan.FromMilliseconds(20), readings);
        c.Object("WaitForUpload progress", readings.Items);
        c.Object("WaitForUpload", final);
        c.Object("GetCallsExtendedWindow", await client.GetCallsExtendedWindowAsync(Counter));
        c.Object("EnableCallsExtendedWindow", await client.EnableCallsExtendedWindowAsync(Counter));
        c.Object("DisableCallsExtendedWindow", await client.DisableCallsExtendedWindowAsync(Counter));
        c.Object("client afterwards", client);
        var log = await s.ScanSandboxAsync();

        Assert.True(final.IsFinal);
        Assert.NotEmpty(readings.Items);
        Assert.Equal(2, s.Server.State.UploadsOf(Counter).Count);
        Assert.All(log, r => Assert.InRange(r.StatusCode, 200, 299)); // the token was sent, and accepted
        c.AssertClean();
    }

    [Theory]
    [InlineData(LeakSandbox.Wrong, Counter, 401)]
    [InlineData(LeakSandbox.NoAccess, Counter, 403)]
    [InlineData(LeakSandbox.Good, 9999, 404)]
    public async Task Every_refused_operation_leaks_nothing(string token, int counter, int status)
    {
        await using var s = await LeakSandbox.StartAsync();
        var c = s.Collector;
        using var client = s.Client(token);

        async Task<int?> Attempt(string where, Func<Task<object?>> operation)
        {
            try
            {
                c.Object(where, await operation());
                return 200;
            }
            catch (MetricaApiException ex)
            {
                c.Exception(where, ex);
                return ex.StatusCode;
            }
        }

        var counters = await Attempt("ListCounters", async () => await client.ListCountersAsync());
        Assert.Equal(status == 401 ? 401 : 200, counters);
        var statuses = new[]
        {
            await Attempt("GetCounter", async () => await client.GetCounterAsync(counter)),
            await Attempt("UploadChats(stream)", async () => await client.UploadChatsAsync(counter, new MemoryStream(LeakSandbox.Csv(2)), "refused")),
            await Attempt("UploadChats(writer)", async () => await client.UploadChatsAsync(counter, (st, ct) => st.WriteAsync(LeakSandbox.Csv(2), ct).AsTask(), null, null)),
            await Attempt("GetUpload", async () => await client.GetUploadAsync(counter, 100001)),
            await Attempt("ListUploads", async () => await client.ListUploadsAsync(counter)),
            await Attempt("WaitForUpload", async () => await client.WaitForUploadAsync(counter, 100001, TimeSpan.FromMilliseconds(10))),
            await Attempt("GetCallsExtendedWindow", async () => await client.GetCallsExtendedWindowAsync(counter)),
            await Attempt("EnableCallsExtendedWindow", async () => await client.EnableCallsExtendedWindowAsync(counter)),
            await Attempt("DisableCallsExtendedWindow", async () => await client.DisableCallsExtendedWindowAsync(counter)),
        };
        await s.ScanSandboxAsync();

        Assert.All(statuses, got => Assert.Equal(status, got));
        Assert.Empty(s.Server.State.Uploads);
        c.AssertClean();
    }

    [Fact]
    public async Task Every_fault_kind_retried_to_success_leaks_nothing()
    {
        await using var s = await LeakSandbox.StartAsync();
        var c = s.Collector;
        using var client = s.Client();
        var uploads = 0;

        foreach (var kind in Enum.GetValues<SandboxFaultKind>())
        {
            if (kind != SandboxFaultKind.RateLimitBurst)
            {
                // Retry-After is 1 s: one burst (on a read, below) is enough.
                s.Server.Faults.ForceNext(kind);
                c.Object("upload after " + kind, await client.UploadChatsAsync(Counter, new MemoryStream(LeakSandbox.Csv(2, kind.ToString())), "fault"));
                uploads++;
            }

            if (kind is not (SandboxFaultKind.AppliedThenError or SandboxFaultKind.AppliedThenReset))
            {
                s.Server.Faults.ForceNext(kind);
                c.Object("GetCounter after " + kind, await client.GetCounterAsync(Counter));
            }
        }

        var log = await s.ScanSandboxAsync();

        Assert.Equal(uploads, s.Server.State.UploadsOf(Counter).Count); // applied-then-failed uploads were reconciled, not re-sent
        Assert.Contains(log, r => r.Fault == SandboxFaultKind.AppliedThenReset && r.StatusCode == 0);
        Assert.Contains(log, r => r.Fault == SandboxFaultKind.DropConnection);
        // Reads are retried by the client; an upload that may have arrived is not retried there but
        // looked for by its marker and sent again only when absent (so fewer client retries).
        Assert.True(client.RetryCount >= 5, "client retries: " + client.RetryCount);
        c.AssertClean();
    }

    [Fact]
    public async Task Exhausted_retries_timeouts_cancellation_and_unrewindable_streams_leak_nothing()
    {
        await using var s = await LeakSandbox.StartAsync();
        var c = s.Collector;
        var faults = s.Server.Faults;
        // One retry, and a retry budget too small to wait out the grace period after an upload
        // that may have arrived: such an upload ends as "fate unknown", with its error.
        using var once = s.Client(configure: o =>
        {
            o.MaxRetries = 1;
            o.RetryBudget = TimeSpan.FromMilliseconds(50);
        });

        var kinds = new List<MetricaErrorKind>();
        foreach (var kind in new[] { SandboxFaultKind.InternalServerError, SandboxFaultKind.ServiceUnavailable, SandboxFaultKind.GatewayTimeout, SandboxFaultKind.DropConnection })
        {
            faults.ForceNext(kind, 2);
            kinds.Add((await c.ThrowsAsync<MetricaApiException>("GetCounter, " + kind + " twice", () => once.GetCounterAsync(Counter))).Kind);
            faults.Clear();

            // An upload that failed ambiguously twice: looked up by marker, not found, reported as not sent.
            faults.ForceNext(kind, 2);
            kinds.Add((await c.ThrowsAsync<MetricaApiException>("upload, " + kind + " twice", () => once.UploadChatsAsync(Counter, new MemoryStream(LeakSandbox.Csv(1)), "exhausted"))).Kind);
            faults.Clear();
        }

        // A 429 whose Retry-After is longer than the client waits for.
        using var impatient = s.Client(configure: o => o.MaxRetryAfter = TimeSpan.FromMilliseconds(100));
        faults.ForceNext(SandboxFaultKind.RateLimitBurst);
        kinds.Add((await c.ThrowsAsync<MetricaApiException>("GetCounter, 429", () => impatient.GetCounterAsync(Counter))).Kind);

        // A timeout: the answer comes later than the client waits.
        faults.SlowDelay = TimeSpan.FromMilliseconds(600);
        using var hasty = s.Client(configure: o => { o.RequestTimeout = TimeSpan.FromMilliseconds(60); o.MaxRetries = 0; });
        faults.ForceNext(SandboxFaultKind.Slow);
        kinds.Add((await c.ThrowsAsync<MetricaApiException>("GetCounter, timeout", () => hasty.GetCounterAsync(Counter))).Kind);

        // Cancellation, before and during a call.
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await c.ThrowsAsync<OperationCanceledException>("ListCounters, cancelled before", () => once.ListCountersAsync(cancelled.Token));
        faults.ForceNext(SandboxFaultKind.Slow);
        using var during = new CancellationTokenSource(TimeSpan.FromMilliseconds(60));
        await c.ThrowsAsync<OperationCanceledException>("upload, cancelled during", () => once.UploadChatsAsync(Counter, new MemoryStream(LeakSandbox.Csv(1)), "cancelled", during.Token));
        faults.Clear();

        // Arguments and a disposed client.
        await c.ThrowsAsync<ArgumentOutOfRangeException>("bad limit", () => once.ListUploadsAsync(Counter, 0));
        var disposed = s.Client();
        disposed.Dispose();
        await c.ThrowsAsync<ObjectDisposedException>("disposed client", () => disposed.GetCounterAsync(Counter));
        await s.ScanSandboxAsync();

        Assert.Contains(MetricaErrorKind.ServerError, kinds);
        Assert.Contains(MetricaErrorKind.Network, kinds);
        Assert.Contains(MetricaErrorKind.Timeout, kinds);
        Assert.Contains(MetricaErrorKind.RateLimited, kinds);
        c.AssertClean();
    }

    [Fact]
    public async Task The_sandbox_never_logs_a_token_even_one_sent_in_the_query_or_the_path()
    {
        await using var s = await LeakSandbox.StartAsync();
        var c = s.Collector;
        using var http = new HttpClient { BaseAddress = s.Server.BaseAddress };

        // A token in the query string (refused), as a query value beside a good header, and in the path.
        c.Text("answer to ?oauth_token=", await (await http.GetAsync("management/v1/counters?oauth_token=" + LeakSandbox.Good)).Content.ReadAsStringAsync());
        using (var request = new HttpRequestMessage(HttpMethod.Get, "management/v1/counters?note=" + LeakSandbox.NoAccess))
        {
            request.Headers.TryAddWithoutValidation("Authorization", "OAuth " + LeakSandbox.Good);
            c.Text("answer to ?note=<token>", await (await http.SendAsync(request)).Content.ReadAsStringAsync());
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, "management/v1/counter/" + LeakSandbox.Good + "/offline_conversions/uploadings"))
        {
            request.Headers.TryAddWithoutValidation("Authorization", "OAuth " + LeakSandbox.Good);
            await http.SendAsync(request); // its answer may quote the path back to its sender; the log must not keep it
        }

        var log = await s.ScanSandboxAsync();

        Assert.Equal(3, log.Count);
        Assert.Contains(log, r => r.StatusCode == 401 && r.PathAndQuery.Contains("oauth_token=***", StringComparison.Ordinal));
        c.AssertClean();
    }

    /// <summary>Collects progress reports synchronously (Progress&lt;T&gt; would post them elsewhere).</summary>
    private sealed class ListProgress<T> : IProgress<T>
    {
        private readonly List<T> _items = new();

        public IReadOnlyList<T> Items
        {
            get { lock (_items) { return _items.ToArray(); } }
        }

        public void Report(T value)
        {
            lock (_items)
            {
                _items.Add(value);
            }
        }
    }

    /// <summary>A readable stream that cannot seek, like standard input.</summary>
}
