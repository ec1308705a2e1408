using MetricaChats.Core.Api;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Import;
using MetricaChats.Core.Ledger;
using MetricaChats.Core.Tests.Api;
using MetricaChats.Core.Tests.Auth;
using MetricaChats.Core.Wire;
using MetricaChats.Sandbox;
using Microsoft.Data.Sqlite;
using Xunit;

namespace MetricaChats.Core.Tests.Import;

/// <summary>
/// The ledger against the sandbox: re-runs, overlapping exports, edited and repeated rows,
/// batches a killed run left unsettled, two runs at once, a ledger that fails, and inputs that
/// are still being written. In every case each chat arrives once, and the counts reconcile.
/// </summary>
public sealed class ExactlyOnceImportTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day1 = DateTimeOffset.UtcNow.Date.AddDays(-9);
    private readonly TestDirectory _dir = new();
    private SandboxHarness _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxHarness.StartAsync();

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        _dir.Dispose();
    }

    private string LedgerFile => Path.Combine(_dir.Path, "ledger.db");

    private ChatImportOptions Options(int maxRows = 50, Action<ChatImportOptions>? configure = null)
    {
        var options = new ChatImportOptions
        {
            CounterId = SandboxHarness.Counter,
            Batch = new ChatBatchOptions { MaxRows = maxRows },
            LedgerPath = LedgerFile,
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Chats of days first..last (one per hour, 24 a day), partner "p{day}-{hour}".</summary>
    private static IEnumerable<ChatRecord> Days(int first, int last)
    {
        var row = 0;
        for (var day = first; day <= last; day++)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                yield return new ChatRecord
                {
                    RowNumber = ++row,
                    DateTime = Day1.AddDays(day - 1).AddHours(hour).ToUnixTimeSeconds(),
                    ChatPlatform = "telegram",
                    ChatUserId = "p" + day + "-" + hour,
                    ClientId = (1_000_000_000L + (day * 100) + hour).ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
            }
        }
    }

    private List<string> Arrived() =>
        _sandbox.Server.State.Uploads.SelectMany(u => u.Rows.Select(r => r["ChatUserID"])).ToList();

    private static void AssertReconciles(ChatImportSummary s) =>
        Assert.Equal(s.Read, s.Sent + s.AlreadySent + s.Rejected + s.NotSent + s.Unknown);

    private void AssertEachArrivedOnce(int expected)
    {
        var arrived = Arrived();
        Assert.Equal(expected, arrived.Count);
        Assert.Equal(arrived.Count, arrived.Distinct().Count());
    }

    [Fact]
    public async Task The_same_export_twice_sends_nothing_the_second_time()
    {
        using var client = _sandbox.CreateClient();
        var first = await ChatImporter.ImportAsync(Days(1, 3), client, Options());
        var uploads = _sandbox.Server.State.Uploads.Count;

        var second = await ChatImporter.ImportAsync(Days(1, 3), client, Options());

        Assert.Equal(72, first.Sent);
        Assert.True(second.Completed, second.StopReason);
        Assert.Equal(0, second.Sent);
        Assert.Equal(72, second.AlreadySent);
        Assert.Equal(0, second.Batches);
        AssertReconciles(second);
        Assert.Equal(uploads, _sandbox.Server.State.Uploads.Count);
        AssertEachArrivedOnce(72);
    }

    [Fact]
    public async Task Overlapping_nightly_exports_send_only_the_new_day()
    {
        using var client = _sandbox.CreateClient();
        await ChatImporter.ImportAsync(Days(1, 7), client, Options());

        var second = await ChatImporter.ImportAsync(Days(2, 8), client, Options());

        Assert.Equal(24, second.Sent);
        Assert.Equal(6 * 24, second.AlreadySent);
        AssertReconciles(second);
        AssertEachArrivedOnce(8 * 24);
        Assert.Contains("p8-23", Arrived());
    }

    [Fact]
    public async Task A_row_edited_after_it_was_sent_is_not_sent_again_and_the_changed_fields_are_named()
    {
        using var client = _sandbox.CreateClient();
        await ChatImporter.ImportAsync(Days(1, 1), client, Options());
        var issues = new List<ChatIssue>();
        var edited = Days(1, 1).Select(r =>
        {
            if (r.RowNumber == 5)
            {
                r.Answered = "1";
                r.Tag = "vip";
            }

            return r;
        });

        var second = await ChatImporter.ImportAsync(edited, client, Options(), new ChatImportCallbacks { Issue = issues.Add });

        Assert.Equal(24, second.AlreadySent);
        var changed = Assert.Single(issues, i => i.Code == ImportIssueCodes.AlreadySentChanged);
        Assert.Equal(5, changed.RowNumber);
        Assert.Contains("ChatAnswered, ChatTag", changed.Message, StringComparison.Ordinal);
        Assert.Contains("cannot update", changed.Message, StringComparison.Ordinal);
        AssertEachArrivedOnce(24);
    }

    [Fact]
    public async Task A_chat_repeated_in_one_export_goes_once_even_across_batches()
    {
        using var client = _sandbox.CreateClient();
        var issues = new List<ChatIssue>();
        var rows = Days(1, 2).ToList();
        var repeat = rows[3];
        rows.Add(new ChatRecord { RowNumber = 49, DateTime = repeat.DateTime, ChatPlatform = "Telegram", ChatUserId = repeat.ChatUserId });
        rows.Insert(5, new ChatRecord { RowNumber = 50, DateTime = rows[4].DateTime, ChatPlatform = "tg", ChatUserId = rows[4].ChatUserId });

        var summary = await ChatImporter.ImportAsync(rows, client, Options(maxRows: 10), new ChatImportCallbacks { Issue = issues.Add });

        Assert.Equal(48, summary.Sent);
        Assert.Equal(2, summary.AlreadySent);
        Assert.Equal(2, issues.Count(i => i.Code == ImportIssueCodes.RepeatedChat));
        AssertReconciles(summary);
        AssertEachArrivedOnce(48);
    }

    [Fact]
    public async Task Resend_sends_on_purpose_what_the_ledger_holds()
    {
        using var client = _sandbox.CreateClient();
        await ChatImporter.ImportAsync(Days(1, 1), client, Options());

        var again = await ChatImporter.ImportAsync(Days(1, 1), client, Options(configure: o => o.Resend = true));

        Assert.Equal(24, again.Sent);
        Assert.Equal(0, again.AlreadySent);
        Assert.Equal(48, Arrived().Count);
    }

    [Fact]
    public async Task A_batch_a_killed_run_sent_but_did_not_record_is_found_by_its_marker_and_not_sent_again()
    {
        using var client = _sandbox.CreateClient();
        var first = await ChatImporter.ImportAsync(Days(1, 2), client, Options(maxRows: 12));
        Assert.Equal(4, first.Batches);

        // As if the process had been killed after batch 2's upload and before its outcome was written.
        ForgetOutcome(first.LedgerRunId, batchNumber: 2);
        var issues = new List<ChatIssue>();

        var second = await ChatImporter.ImportAsync(Days(1, 2), client, Options(maxRows: 12), new ChatImportCallbacks { Issue = issues.Add });

        Assert.Equal(0, second.Sent);
        Assert.Equal(48, second.AlreadySent);
        Assert.Contains(issues, i => i.Code == ImportIssueCodes.EarlierBatchSettled && i.Message.Contains("is in Metrica", StringComparison.Ordinal));
        AssertEachArrivedOnce(48);
        using var ledger = ImportLedger.Open(LedgerFile);
        var batch = ledger.GetRun(first.LedgerRunId)!.Batches.Single(b => b.Number == 2);
        Assert.Equal(LedgerBatchState.Sent, batch.State);
        Assert.True(batch.Reconciled);
    }

    [Fact]
    public async Task A_batch_a_killed_run_recorded_but_never_sent_is_proven_absent_and_its_rows_go()
    {
        using var client = _sandbox.CreateClient();
        var first = await ChatImporter.ImportAsync(Days(1, 2), client, Options(maxRows: 12));

        // As if the process had been killed after recording batch 3's intent, before its request left.
        ForgetOutcome(first.LedgerRunId, batchNumber: 3);
        _sandbox.Server.State.Reset();
        var kept = first.BatchResults.Where(b => b.BatchNumber != 3).Sum(b => b.Rows);
        foreach (var upload in first.BatchResults.Where(b => b.BatchNumber != 3))
        {
            _sandbox.Server.State.AddUpload(SandboxHarness.Counter, "CHATS", "kept " + upload.Marker, quantity: upload.Rows);
        }

        var issues = new List<ChatIssue>();
        var second = await ChatImporter.ImportAsync(Days(1, 2), client, Options(maxRows: 12), new ChatImportCallbacks { Issue = issues.Add });

        Assert.Equal(12, second.Sent);
        Assert.Equal(36, second.AlreadySent);
        Assert.Contains(issues, i => i.Code == ImportIssueCodes.EarlierBatchSettled && i.Message.Contains("never reached Metrica", StringComparison.Ordinal));
        var resent = Assert.Single(_sandbox.Server.State.Uploads, u => u.Rows.Count > 0);
        Assert.Equal(Enumerable.Range(0, 12).Select(h => "p2-" + h), resent.Rows.Select(r => r["ChatUserID"]));
        Assert.Equal(36, kept);
    }

    [Fact]
    public async Task A_batch_that_lands_after_the_rerun_started_is_waited_for_not_sent_twice()
    {
        using var client = _sandbox.CreateClient(o => o.ReconcileGrace = TimeSpan.FromSeconds(3));
        var first = await ChatImporter.ImportAsync(Days(1, 1), client, Options(maxRows: 12));
        var marker = first.BatchResults.Single(b => b.BatchNumber == 2).Marker;

        // Batch 2 was on its way when the run was killed a moment ago; Metrica stores it 1.5 s later.
        ForgetOutcome(first.LedgerRunId, batchNumber: 2, aliveAt: DateTimeOffset.UtcNow);
        var stored = _sandbox.Server.State.Uploads.Single(u => u.Comment!.Contains(marker, StringComparison.Ordinal));
        var rows = stored.Rows.Count;
        _sandbox.Server.State.Reset();
        foreach (var batch in first.BatchResults.Where(b => b.BatchNumber != 2))
        {
            _sandbox.Server.State.AddUpload(SandboxHarness.Counter, "CHATS", batch.Marker, quantity: batch.Rows);
        }

        var late = Task.Delay(1500).ContinueWith(_ => _sandbox.Server.State.AddUpload(SandboxHarness.Counter, "CHATS", "late " + marker, quantity: rows), TaskScheduler.Default);
        var issues = new List<ChatIssue>();

        var second = await ChatImporter.ImportAsync(Days(1, 1), client, Options(maxRows: 12), new ChatImportCallbacks { Issue = issues.Add });
        await late;

        Assert.Equal(0, second.Sent);
        Assert.Equal(24, second.AlreadySent);
        Assert.Contains(issues, i => i.Code == ImportIssueCodes.Waiting);
        Assert.Equal(2, _sandbox.Server.State.Uploads.Count);
    }

    [Fact]
    public async Task Two_runs_at_once_on_one_ledger_send_each_chat_once()
    {
        using var client = _sandbox.CreateClient();
        _sandbox.Server.Faults.SlowDelay = TimeSpan.FromMilliseconds(200);
        _sandbox.Server.Faults.UploadsOnly = true;
        _sandbox.Server.Faults.FailureRate = 1;
        _sandbox.Server.Faults.EnableOnly(SandboxFaultKind.Slow);

        var runs = await Task.WhenAll(
            Task.Run(() => ChatImporter.ImportAsync(Days(1, 4), client, Options(maxRows: 20))),
            Task.Run(() => ChatImporter.ImportAsync(Days(1, 4), client, Options(maxRows: 20))),
            Task.Run(() => ChatImporter.ImportAsync(Days(2, 5), client, Options(maxRows: 20))));

        Assert.All(runs, r => Assert.True(r.Completed, r.StopReason));
        Assert.All(runs, AssertReconciles);
        Assert.Equal(5 * 24, runs.Sum(r => r.Sent));
        AssertEachArrivedOnce(5 * 24);
    }

    [Fact]
    public async Task A_second_run_that_may_not_wait_is_refused_and_sends_nothing()
    {
        using var client = _sandbox.CreateClient();
        using var ledger = ImportLedger.Open(LedgerFile);
        var scope = ledger.Scope(client.Endpoint, SandboxHarness.Counter, "CHATS");
        using (await CounterLock.AcquireAsync(ledger, scope, TimeSpan.Zero, null, CancellationToken.None))
        {
            var ex = await Assert.ThrowsAsync<LedgerException>(() => ChatImporter.ImportAsync(Days(1, 1), client, Options(configure: o => o.LockWait = TimeSpan.Zero)));
            Assert.Contains("Another import into counter " + SandboxHarness.Counter, ex.Message, StringComparison.Ordinal);
        }

        Assert.Empty(_sandbox.Server.State.Uploads);
    }

    [Fact]
    public async Task A_ledger_write_that_fails_after_a_good_upload_still_counts_the_batch_as_sent()
    {
        using var client = _sandbox.CreateClient();
        var notices = new List<string>();
        var ledger = ImportLedger.Open(LedgerFile);
        var scope = ledger.Scope(client.Endpoint, SandboxHarness.Counter, "CHATS");
        var run = ledger.BeginRun(scope, "mcledgerfail", null, null);
        var bytes = SandboxHarness.Csv(3);
        var batchId = ledger.RecordIntent(run, scope, new BatchIntent(1, "mcledgerfailb1h000000000000", new string('0', 64), 3, 1, 3, bytes.Length), Array.Empty<RowIdentity>());
        ledger.Dispose(); // every later write fails
        var sender = new ExactlyOnceSender(client, UploadKind.Chats, SandboxHarness.Counter, ledger, client.NewRetryBudget(), TimeProvider.System, notices.Add);

        var outcome = await sender.SendAsync(new OutgoingBatch(1, "mcledgerfailb1h000000000000", new string('0', 64), 3, 1, 3, bytes.Length, "mcledgerfailb1h000000000000", (s, ct) => s.WriteAsync(bytes, 0, bytes.Length, ct), batchId), CancellationToken.None);

        Assert.Equal(SendResultKind.Sent, outcome.Kind);
        Assert.True(outcome.LedgerWriteFailed);
        Assert.Single(_sandbox.Server.State.Uploads);
        var notice = Assert.Single(notices);
        Assert.Contains("Nothing is lost", notice, StringComparison.Ordinal);
        Assert.Contains("marker", notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_whose_look_up_fails_is_unknown_never_called_absent_and_the_next_run_settles_it()
    {
        using var impatient = _sandbox.CreateClient(o =>
        {
            o.RetryBudget = TimeSpan.FromMilliseconds(30);
            o.ReconcileGrace = TimeSpan.FromSeconds(1);
        });
        var faults = _sandbox.Server.Faults;
        faults.ForceNext(SandboxFaultKind.AppliedThenError);
        faults.ForceNext(SandboxFaultKind.ServiceUnavailable, 50);
        var issues = new List<ChatIssue>();

        var first = await ChatImporter.ImportAsync(Days(1, 1), impatient, Options(maxRows: 24), new ChatImportCallbacks { Issue = issues.Add });

        Assert.Equal(24, first.Unknown);
        Assert.Equal(0, first.Sent);
        Assert.False(first.Completed);
        AssertReconciles(first);
        var unknown = Assert.Single(issues, i => i.Code == ImportIssueCodes.UploadFateUnknown);
        Assert.DoesNotContain("did not arrive", unknown.Message, StringComparison.Ordinal);
        Assert.True(Assert.Single(first.BatchResults).Unknown);

        faults.Clear();
        using var client = _sandbox.CreateClient();
        var second = await ChatImporter.ImportAsync(Days(1, 1), client, Options(maxRows: 24));

        Assert.Equal(0, second.Sent);
        Assert.Equal(24, second.AlreadySent);
        AssertEachArrivedOnce(24);
    }

    [Fact]
    public async Task An_ambiguous_failure_of_an_upload_that_never_arrived_is_sent_again_after_the_grace_period()
    {
        using var client = _sandbox.CreateClient(o => o.ReconcileGrace = TimeSpan.FromMilliseconds(500));
        _sandbox.Server.Faults.ForceNext(SandboxFaultKind.GatewayTimeout);

        var summary = await ChatImporter.ImportAsync(Days(1, 1), client, Options(maxRows: 24));

        Assert.Equal(24, summary.Sent);
        AssertEachArrivedOnce(24);
        var posts = _sandbox.Server.State.Requests.Where(r => r.Method == "POST").ToList();
        var lists = _sandbox.Server.State.Requests.Where(r => r.PathAndQuery.Contains("/uploadings", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, posts.Count);
        Assert.True(lists.Count >= 2, "looked for before the re-send, and once more at the end");
        Assert.True(posts[1].Time - posts[0].Time >= TimeSpan.FromMilliseconds(450), "re-sent only after the grace period");
    }

    [Fact]
    public async Task A_last_row_without_a_line_ending_is_held_back_and_the_rest_goes()
    {
        using var client = _sandbox.CreateClient();
        var file = Path.Combine(_dir.Path, "export.csv");
        var text = "DateTime,ChatPlatform,ChatUserID\n" + string.Join("\n", Days(1, 1).Select(r => r.DateTime + ",telegram," + r.ChatUserId)) + "\n" + Day1.AddHours(30).ToUnixTimeSeconds() + ",telegram,+7912345";
        await File.WriteAllTextAsync(file, text);

        var (summary, issues) = await ImportFileAsync(client, file);

        Assert.Equal(24, summary.Sent);
        Assert.Equal(1, summary.NotSent);
        Assert.NotNull(summary.InputIncomplete);
        var held = Assert.Single(issues, i => i.Code == ImportIssueCodes.InputStillChanging);
        Assert.Equal(25, held.RowNumber);
        Assert.DoesNotContain("+7912345", Arrived());

        // Completed by the writer: the next run sends that row, and only that row.
        await File.AppendAllTextAsync(file, "6789\n");
        var (again, _) = await ImportFileAsync(client, file);
        Assert.Equal(1, again.Sent);
        Assert.Equal(24, again.AlreadySent);
        Assert.Contains("+79123456789", Arrived());
    }

    [Fact]
    public async Task A_file_that_grows_while_it_is_read_keeps_its_unsent_rows()
    {
        using var client = _sandbox.CreateClient();
        var file = Path.Combine(_dir.Path, "growing.csv");
        await File.WriteAllTextAsync(file, "DateTime,ChatPlatform,ChatUserID\n" + string.Concat(Days(1, 2).Select(r => r.DateTime + ",telegram," + r.ChatUserId + "\n")));
        var appended = false;

        var (summary, issues) = await ImportFileAsync(client, file, maxRows: 20, onRow: row =>
        {
            if (row == 30 && !appended)
            {
                appended = true;
                File.AppendAllText(file, Day1.AddDays(3).ToUnixTimeSeconds() + ",telegram,late\n");
            }
        });

        Assert.NotNull(summary.InputIncomplete);
        Assert.Contains("changed while it was read", summary.InputIncomplete, StringComparison.Ordinal);
        Assert.Equal(40, summary.Sent); // two full batches were already on their way
        Assert.Equal(summary.Read - 40, summary.NotSent);
        Assert.Contains(issues, i => i.Code == ImportIssueCodes.InputStillChanging);
        AssertReconciles(summary);
    }

    private async Task<(ChatImportSummary Summary, List<ChatIssue> Issues)> ImportFileAsync(MetricaClient client, string path, int maxRows = 50, Action<long>? onRow = null)
    {
        var issues = new List<ChatIssue>();
        using var input = ImportInputFile.Open(path);
        using var text = new StreamReader(input.Stream);
        using var reader = new ChatCsvReader(text, new ChatCsvReaderOptions(), leaveOpen: true);
        reader.ReadHeader();
        long last = 0;
        IEnumerable<ChatRecord> Records()
        {
            while (reader.TryReadNext(out var record, out var issue))
            {
                if (record is not null)
                {
                    last = record.RowNumber;
                    onRow?.Invoke(record.RowNumber);
                    yield return record;
                }
                else if (issue is not null)
                {
                    issues.Add(issue);
                }
            }
        }

        var summary = await ChatImporter.ImportAsync(Records(), client, Options(maxRows), new ChatImportCallbacks { Issue = issues.Add, InputEnded = _ => input.End(last) });
        return (summary, issues);
    }

    // Puts a batch back to "intent" (its outcome never written) and dates its run's last heartbeat.
    private void ForgetOutcome(long runId, int batchNumber, DateTimeOffset? aliveAt = null)
    {
        using var connection = new SqliteConnection("Data Source=" + LedgerFile + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE batches SET state=0, upload_id=NULL, resolved_at=NULL WHERE run_id=$run AND number=$n; UPDATE runs SET status='running', ended_at=NULL, alive_at=$alive WHERE id=$run";
        command.Parameters.AddWithValue("$run", runId);
        command.Parameters.AddWithValue("$n", batchNumber);
        command.Parameters.AddWithValue("$alive", (aliveAt ?? DateTimeOffset.UtcNow.AddHours(-1)).ToUnixTimeMilliseconds());
        Assert.Equal(2, command.ExecuteNonQuery());
    }
}
