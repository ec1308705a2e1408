using MetricaChats.Core.Api;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Import;
using MetricaChats.Core.Tests.Api;
using MetricaChats.Core.Wire;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Core.Tests.Import;

public sealed class ChatImporterTests : IAsyncLifetime
{
    private SandboxHarness _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxHarness.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private ChatImportOptions Options(int maxRows = 100) => new()
    {
        CounterId = SandboxHarness.Counter,
        Comment = "test import",
        Batch = new ChatBatchOptions { MaxRows = maxRows },
    };

    private List<string> ArrivedPartnerIds() =>
        _sandbox.Server.State.Uploads.SelectMany(u => u.Rows.Select(r => r["ChatUserID"])).ToList();

    private static void AssertReconciles(ChatImportSummary s) => Assert.Equal(s.Read, s.Sent + s.AlreadySent + s.Rejected + s.NotSent + s.Unknown);

    [Fact]
    public async Task Records_are_normalised_batched_sent_and_the_counts_reconcile()
    {
        using var client = _sandbox.CreateClient();
        var issues = new List<ChatIssue>();
        var batches = new List<ChatBatchResult>();
        var progress = new List<ChatImportProgress>();
        var callbacks = new ChatImportCallbacks { Issue = issues.Add, BatchCompleted = batches.Add, Progress = new SyncProgress<ChatImportProgress>(progress.Add) };

        var summary = await ChatImporter.ImportAsync(ImportData.Records(250, badEvery: 25, unattributedOdd: true), client, Options(), callbacks);

        Assert.True(summary.Completed, summary.StopReason);
        Assert.Null(summary.StopReason);
        Assert.Equal(250, summary.Read);
        Assert.Equal(240, summary.Sent);
        Assert.Equal(10, summary.Rejected);
        Assert.Equal(0, summary.NotSent);
        AssertReconciles(summary);
        Assert.Equal(10, summary.RejectedByCode[ChatIssueCodes.InvalidChatPlatform]);
        Assert.Equal(120, summary.Unattributed);
        Assert.Equal(3, summary.Batches);
        Assert.Equal(new[] { 100, 100, 40 }, summary.BatchResults.Select(b => b.Rows));
        Assert.Equal(_sandbox.Server.State.Uploads.Select(u => u.Id).OrderBy(x => x), summary.UploadIds.OrderBy(x => x));

        var expected = Enumerable.Range(1, 250).Where(i => i % 25 != 0).Select(i => "u" + i).ToList();
        Assert.Equal(expected.OrderBy(x => x), ArrivedPartnerIds().OrderBy(x => x));

        Assert.Equal(10, issues.Count(i => i.Severity == ChatIssueSeverity.Error));
        Assert.Equal(new long[] { 25, 50, 75, 100, 125, 150, 175, 200, 225, 250 }, issues.Where(i => i.Severity == ChatIssueSeverity.Error).Select(i => i.RowNumber));
        Assert.Equal(3, batches.Count);
        Assert.All(batches, b => Assert.Matches("^mc[a-z0-9]{12}b[0-9]+h[0-9a-f]{12}$", b.Marker));
        Assert.All(_sandbox.Server.State.Uploads, u => Assert.StartsWith("test import mc", u.Comment));
        Assert.Equal(250, progress[^1].Read);
        Assert.Equal(240, progress[^1].Sent);
        Assert.True(summary.Requests >= 3);
    }

    [Fact]
    public async Task Async_source_is_imported()
    {
        using var client = _sandbox.CreateClient();
        var summary = await ChatImporter.ImportAsync(ImportData.RecordsAsync(150), client, Options());
        Assert.True(summary.Completed);
        Assert.Equal(150, summary.Sent);
        Assert.Equal(150, ArrivedPartnerIds().Distinct().Count());
    }

    [Fact]
    public async Task Dry_run_writes_the_exact_bytes_per_batch_and_sends_nothing()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mc-dry-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = Options(40);
            options.DryRunDirectory = dir;
            var events = ImportData.Events(100).ToList();

            var summary = await ChatImporter.ImportAsync(events, null, options);

            Assert.True(summary.DryRun);
            Assert.True(summary.Completed);
            Assert.Equal(100, summary.Sent);
            Assert.Equal(new[] { "batch-000001.csv", "batch-000002.csv", "batch-000003.csv" }, Directory.GetFiles(dir).Select(Path.GetFileName).OrderBy(x => x));
            var expected = ChatBatcher.Batch(events, new ChatBatchOptions { MaxRows = 40 }).Select(b => b.ToArray()).ToList();
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(expected[i], File.ReadAllBytes(Path.Combine(dir, $"batch-{i + 1:D6}.csv")));
                Assert.Equal(Path.Combine(dir, $"batch-{i + 1:D6}.csv"), summary.BatchResults[i].DryRunFile);
                Assert.Null(summary.BatchResults[i].Upload);
            }

            Assert.Empty(_sandbox.Server.State.Requests);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }

    [Fact]
    public void Sending_needs_a_client_and_a_counter()
    {
        Assert.Throws<ArgumentException>(() => new ChatImportSession(null, Options()));
        using var client = _sandbox.CreateClient();
        Assert.Throws<ArgumentException>(() => new ChatImportSession(client, new ChatImportOptions()));
    }

    [Fact]
    public async Task Faults_on_a_fifth_of_requests_still_deliver_every_row_exactly_once()
    {
        var faults = _sandbox.Server.Faults;
        faults.Seed = 8;
        faults.RateLimitBurstLength = 2;
        faults.FailureRate = 0.4;
        faults.ForceNext(SandboxFaultKind.AppliedThenError);
        faults.ForceNext(SandboxFaultKind.AppliedThenReset);
        faults.SlowDelay = TimeSpan.FromMilliseconds(50);
        using var client = _sandbox.CreateClient(o => o.MaxRetries = 10);

        var summary = await ChatImporter.ImportAsync(ImportData.Events(2000), client, Options(100));

        Assert.True(summary.Completed, summary.StopReason);
        Assert.Equal(2000, summary.Sent);
        var arrived = ArrivedPartnerIds();
        Assert.Equal(2000, arrived.Count);
        Assert.Equal(2000, arrived.Distinct().Count());
        Assert.Equal(20, _sandbox.Server.State.Uploads.Count);
        var requests = _sandbox.Server.State.Requests;
        Assert.Contains(requests, r => r.Fault is SandboxFaultKind.AppliedThenError or SandboxFaultKind.AppliedThenReset);
        Assert.True(requests.Count(r => r.Fault is not null) >= requests.Count / 5, "at least a fifth of the requests failed");
        Assert.Contains(summary.BatchResults, b => b.Reconciled);
    }

    [Fact]
    public async Task Cancelling_mid_import_leaves_no_half_counted_batch()
    {
        using var client = _sandbox.CreateClient();
        using var cts = new CancellationTokenSource();
        var faults = _sandbox.Server.Faults;
        faults.SlowDelay = TimeSpan.FromSeconds(30);
        var batchesDone = 0;
        var callbacks = new ChatImportCallbacks
        {
            BatchCompleted = _ =>
            {
                if (++batchesDone == 2)
                {
                    // From now on uploads hang; then the user presses Ctrl+C.
                    faults.UploadsOnly = true;
                    faults.FailureRate = 1;
                    faults.EnableOnly(SandboxFaultKind.Slow);
                    cts.CancelAfter(300);
                }
            },
        };

        var summary = await ChatImporter.ImportAsync(ImportData.Records(2000), client, Options(100), callbacks, cts.Token);

        Assert.False(summary.Completed);
        Assert.StartsWith("Cancelled", summary.StopReason, StringComparison.Ordinal);
        AssertReconciles(summary);
        Assert.True(summary.Read < 2000 || summary.NotSent > 0, summary.ToString());
        Assert.Equal(summary.Sent, ArrivedPartnerIds().Count);
        Assert.Equal(summary.Sent, summary.BatchResults.Where(b => b.Upload is not null).Sum(b => b.Rows));
        Assert.All(summary.BatchResults.Where(b => b.Upload is null), b => Assert.NotNull(b.Error));
        // A batch cancelled while its file was on its way may have arrived: it is "unknown" (the
        // ledger, when there is one, settles it on the next run); one that never went is "not sent".
        Assert.Equal(summary.Unknown, summary.BatchResults.Where(b => b.Unknown).Sum(b => (long)b.Rows));
        Assert.True(summary.NotSent >= summary.BatchResults.Where(b => b.Upload is null && !b.Unknown).Sum(b => (long)b.Rows));
    }

    [Fact]
    public async Task Push_session_cancelled_by_its_token_reports_why_and_what_was_sent()
    {
        using var client = _sandbox.CreateClient();
        using var cts = new CancellationTokenSource();
        await using var session = new ChatImportSession(client, Options(50), cts.Token);
        foreach (var record in ImportData.Records(120))
        {
            await session.AddAsync(record);
        }

        cts.Cancel();
        Assert.True(session.IsStopped);
        await session.AddAsync(ImportData.Records(121).Last());
        var summary = await session.CompleteAsync();

        Assert.False(summary.Completed);
        Assert.StartsWith("Cancelled", summary.StopReason, StringComparison.Ordinal);
        Assert.Equal(121, summary.Read);
        AssertReconciles(summary);
        Assert.Equal(summary.Sent, ArrivedPartnerIds().Count);
        Assert.True(summary.NotSent >= 21);
    }

    [Fact]
    public async Task Push_session_hands_results_to_the_caller_and_waits_for_processing()
    {
        _sandbox.Server.ProcessingTime = TimeSpan.FromMilliseconds(200);
        using var client = _sandbox.CreateClient();
        var options = Options(50);
        options.Wait = true;
        options.PollInterval = TimeSpan.FromMilliseconds(50);
        await using var session = new ChatImportSession(client, options);
        var completed = new List<ChatBatchResult>();
        var issues = new List<ChatIssue>();

        foreach (var record in ImportData.Records(120, badEvery: 40))
        {
            await session.AddAsync(record);
            completed.AddRange(session.TakeCompleted());
            issues.AddRange(session.TakeIssues());
        }

        var summary = await session.CompleteAsync();
        completed.AddRange(session.TakeCompleted());
        issues.AddRange(session.TakeIssues());

        Assert.True(summary.Completed, summary.StopReason);
        Assert.Equal(117, summary.Sent);
        Assert.Equal(3, summary.Rejected);
        Assert.Equal(3, issues.Count);
        Assert.Equal(3, completed.Count);
        Assert.All(summary.BatchResults, b => Assert.True(b.Upload!.IsFinal));
        Assert.All(summary.BatchResults, b => Assert.Equal(MetricaUploadStatus.Processed, b.Upload!.Status));
        Assert.Equal(summary, await session.CompleteAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => session.AddAsync(ImportData.Records(1).Single()));
    }

    [Fact]
    public async Task Long_comment_is_shortened_and_rows_metrica_drops_are_counted_after_waiting()
    {
        using var client = _sandbox.CreateClient();
        var options = Options(100);
        options.Comment = new string('c', 300);
        options.Wait = true;
        options.PollInterval = TimeSpan.FromMilliseconds(20);
        var clock = new ShiftedClock(TimeSpan.FromDays(2));
        options.Normalizer = new ChatNormalizerOptions { Clock = clock };

        // Row 120 is "now" to our normaliser (its clock runs two days ahead) but in the future to the sandbox.
        var events = ImportData.Records(150).Select(r => { if (r.RowNumber == 120) { r.DateTime = clock.GetUtcNow().AddMinutes(-1).ToUnixTimeSeconds(); } return r; });
        var summary = await ChatImporter.ImportAsync(events, client, options);

        Assert.True(summary.Completed, summary.StopReason);
        Assert.All(_sandbox.Server.State.Uploads, u => Assert.Equal(255, u.Comment!.Length));
        Assert.Equal(150, summary.Sent);
        Assert.Equal(1, summary.RejectedByMetrica);
        Assert.Equal(1, summary.BatchResults[1].Upload!.RejectedByMetrica);
    }

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
