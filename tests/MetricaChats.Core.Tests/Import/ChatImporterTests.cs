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

    private static void AssertReconciles(ChatImportSummary s) => Assert.Equal(s.Read, s.Sent + s.Rejected + s.NotSent);

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
        Assert.All(batches, b => Assert.Matches("^mc[a-z0-9]{12}b[0-9]+$", b.Marker));
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
    public async Task Daily_quota_stops_the_run_and_a_rerun_with_the_state_file_sends_only_the_rest()
    {
        var stateFile = Path.Combine(Path.GetTempPath(), "mc-state-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            _sandbox.Server.Quotas.DailyPerToken = 4;
            using var client = _sandbox.CreateClient();
            var options = Options(100);
            options.StateFile = stateFile;

            var first = await ChatImporter.ImportAsync(ImportData.Records(1000), client, options);

            Assert.False(first.Completed);
            Assert.Contains("00:00 GMT", first.StopReason, StringComparison.Ordinal);
            AssertReconciles(first);
            Assert.True(first.Sent is > 0 and < 1000);
            Assert.True(first.NotSent > 0);
            Assert.Equal(first.Sent, ArrivedPartnerIds().Count);
            Assert.Equal(first.Sent / 100, first.UploadIds.Count);
            Assert.Contains(first.BatchResults, b => b.Error is not null && b.Upload is null);
            var stateText = File.ReadAllText(stateFile);
            Assert.DoesNotContain(_sandbox.Token, stateText, StringComparison.Ordinal);
            Assert.DoesNotContain("u1\"", stateText, StringComparison.Ordinal);
            Assert.Contains("\"uploadId\"", stateText, StringComparison.Ordinal);

            _sandbox.Server.Quotas.DailyPerToken = 0;
            var second = await ChatImporter.ImportAsync(ImportData.Records(1000), client, options);

            Assert.True(second.Completed, second.StopReason);
            Assert.Equal(1000, second.Sent);
            Assert.Equal(first.Sent, second.Resumed);
            Assert.Equal(10, second.UploadIds.Count);
            Assert.True(first.UploadIds.All(second.UploadIds.Contains));
            var arrived = ArrivedPartnerIds();
            Assert.Equal(1000, arrived.Count);
            Assert.Equal(1000, arrived.Distinct().Count());
        }
        finally
        {
            File.Delete(stateFile);
        }
    }

    [Fact]
    public async Task Rerun_finds_a_batch_that_arrived_but_was_not_recorded()
    {
        var stateFile = Path.Combine(Path.GetTempPath(), "mc-state-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            using var client = _sandbox.CreateClient();
            var options = Options(100);
            options.StateFile = stateFile;
            var first = await ChatImporter.ImportAsync(ImportData.Records(300), client, options);
            Assert.True(first.Completed);

            // Forget batch 2, as if the process had died between the upload and the state write.
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(stateFile))!;
            var list = json["batches"]!.AsArray();
            list.Remove(list.First(b => (int)b!["number"]! == 2));
            File.WriteAllText(stateFile, json.ToJsonString());

            var second = await ChatImporter.ImportAsync(ImportData.Records(300), client, options);

            Assert.True(second.Completed);
            Assert.Equal(300, second.Resumed);
            Assert.True(second.BatchResults[1].Reconciled);
            Assert.Equal(3, _sandbox.Server.State.Uploads.Count);
            Assert.Equal(first.UploadIds, second.UploadIds);
        }
        finally
        {
            File.Delete(stateFile);
        }
    }

    [Fact]
    public async Task Rerun_with_different_input_is_refused_by_the_state_file()
    {
        var stateFile = Path.Combine(Path.GetTempPath(), "mc-state-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            using var client = _sandbox.CreateClient();
            var options = Options(100);
            options.StateFile = stateFile;
            await ChatImporter.ImportAsync(ImportData.Records(200), client, options);

            var changed = ImportData.Records(200).Select(r => { r.ChatUserId += "x"; return r; });
            var second = await ChatImporter.ImportAsync(changed, client, options);

            Assert.False(second.Completed);
            Assert.Equal(ChatImportStopKind.Failed, second.StopKind);
            Assert.Null(second.ApiError);
            Assert.Contains("differs", second.StopReason, StringComparison.Ordinal);
            Assert.Equal(2, _sandbox.Server.State.Uploads.Count);

            options.CounterId = SandboxHarness.OtherCounter;
            Assert.Throws<InvalidOperationException>(() => new ChatImportSession(client, options));
        }
        finally
        {
            File.Delete(stateFile);
        }
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
        Assert.True(summary.Read < 2000 || summary.NotSent > 0);
        Assert.Equal(summary.Sent, ArrivedPartnerIds().Count);
        Assert.Equal(summary.Sent, summary.BatchResults.Where(b => b.Upload is not null).Sum(b => b.Rows));
        Assert.All(summary.BatchResults.Where(b => b.Upload is null), b => Assert.NotNull(b.Error));
        Assert.True(summary.NotSent >= summary.BatchResults.Where(b => b.Upload is null).Sum(b => (long)b.Rows));
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
