using System.Runtime.InteropServices;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Ledger;
using MetricaChats.Core.Tests.Auth;
using Microsoft.Data.Sqlite;
using Xunit;

namespace MetricaChats.Core.Tests.Ledger;

public sealed class ImportLedgerTests : IDisposable
{
    private static readonly Uri Metrica = new("https://api-metrika.yandex.net");
    private static readonly Uri Sandbox = new("http://127.0.0.1:8080");
    private readonly TestDirectory _dir = new();

    private string LedgerFile => Path.Combine(_dir.Path, "sub", "ledger.db");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_new_ledger_is_created_with_its_folder_and_opened_again()
    {
        using (var ledger = ImportLedger.Open(LedgerFile))
        {
            Assert.Equal(Path.GetFullPath(LedgerFile), ledger.Path);
            ledger.Scope(Metrica, 1, "CHATS");
        }

        using var again = ImportLedger.Open(LedgerFile);
        Assert.Empty(again.GetRuns());
    }

    [Fact]
    public void The_ledger_file_is_readable_by_its_owner_only()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && !RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            return; // Windows: the file inherits the profile folder's ACL.
        }

        using (ImportLedger.Open(LedgerFile))
        {
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LedgerFile));
    }

    [Fact]
    public void Another_sqlite_database_is_refused_with_what_to_do()
    {
        var other = Path.Combine(_dir.Path, "other.db");
        using (var connection = new SqliteConnection("Data Source=" + other + ";Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t(x)";
            command.ExecuteNonQuery();
        }

        var ex = Assert.Throws<LedgerException>(() => ImportLedger.Open(other));
        Assert.Contains("not a MetricaChats ledger", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Name another file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ledger_of_a_newer_schema_is_refused()
    {
        using (ImportLedger.Open(LedgerFile))
        {
        }

        using (var connection = new SqliteConnection("Data Source=" + LedgerFile + ";Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version=99";
            command.ExecuteNonQuery();
        }

        var ex = Assert.Throws<LedgerException>(() => ImportLedger.Open(LedgerFile));
        Assert.Contains("newer MetricaChats", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_is_not_a_ledger_file()
    {
        var ex = Assert.Throws<LedgerException>(() => ImportLedger.Open(_dir.Path));
        Assert.Contains("is a directory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scopes_keep_endpoints_counters_and_kinds_apart()
    {
        using var ledger = ImportLedger.Open(LedgerFile);
        var a = ledger.Scope(Metrica, 1, "CHATS");
        var b = ledger.Scope(new Uri("https://API-METRIKA.yandex.net/"), 1, "CHATS");
        var c = ledger.Scope(Sandbox, 1, "CHATS");
        var d = ledger.Scope(Metrica, 2, "CHATS");
        var e = ledger.Scope(Metrica, 1, "CALLS");

        Assert.Equal(a, b);
        Assert.Equal(4, new[] { a.Id, c.Id, d.Id, e.Id }.Distinct().Count());
    }

    [Fact]
    public void A_row_recorded_with_an_intent_is_found_and_released_rows_are_forgotten()
    {
        using var ledger = ImportLedger.Open(LedgerFile);
        using var identities = new ChatRowIdentity();
        var scope = ledger.Scope(Metrica, 1, "CHATS");
        var other = ledger.Scope(Sandbox, 1, "CHATS");
        var run = ledger.BeginRun(scope, "mcrun", "file.csv", "test");
        var row = identities.Of(Chat("alice", "+79120000001", 1_700_000_000));

        var batch = ledger.RecordIntent(run, scope, new BatchIntent(1, "mcrunb1h0123456789ab", new string('a', 64), 1, 2, 2, 100), new[] { row });

        var match = ledger.FindRow(scope, row);
        Assert.NotNull(match);
        Assert.Equal(batch, match!.BatchId);
        Assert.Equal(LedgerBatchState.Intent, match.State);
        Assert.Null(ledger.FindRow(other, row));
        Assert.Single(ledger.OpenBatches(scope));

        ledger.MarkSent(batch, 777, reconciled: false);
        Assert.Equal(LedgerBatchState.Sent, ledger.FindRow(scope, row)!.State);
        Assert.Equal(777, ledger.FindRow(scope, row)!.UploadId);
        Assert.Empty(ledger.OpenBatches(scope));

        var second = ledger.RecordIntent(run, scope, new BatchIntent(2, "mcrunb2h0123456789ab", new string('b', 64), 1, 3, 3, 100), new[] { identities.Of(Chat("bob", null, 1_700_000_100)) });
        ledger.Release(second, LedgerBatchState.Absent, "not there");
        Assert.Null(ledger.FindRow(scope, identities.Of(Chat("bob", null, 1_700_000_100))));
        Assert.Equal(LedgerBatchState.Absent, ledger.GetBatch(second)!.State);
    }

    [Fact]
    public void Any_partner_id_matches_so_a_phone_added_later_still_finds_the_chat()
    {
        using var ledger = ImportLedger.Open(LedgerFile);
        using var identities = new ChatRowIdentity();
        var scope = ledger.Scope(Metrica, 1, "CHATS");
        var run = ledger.BeginRun(scope, "mcrun", null, null);
        var batch = ledger.RecordIntent(run, scope, new BatchIntent(1, "mcrunb1h0123456789ab", new string('a', 64), 1, 1, 1, 10), new[] { identities.Of(Chat("Alice", null, 1_700_000_000)) });
        ledger.MarkSent(batch, 1, false);

        var later = identities.Of(Chat("alice", "+79120000001", 1_700_000_000));
        var match = ledger.FindRow(scope, later);

        Assert.NotNull(match);
        Assert.Equal(new[] { "PhoneNumber" }, RowIdentity.DifferentFields(match!.FieldHashes, later.FieldHashes, ChatRowIdentity.FieldNames));
        Assert.Null(ledger.FindRow(scope, identities.Of(Chat("alice", null, 1_700_000_001))));
    }

    [Fact]
    public void The_ledger_holds_no_partner_value_in_clear()
    {
        using (var ledger = ImportLedger.Open(LedgerFile))
        using (var identities = new ChatRowIdentity())
        {
            var scope = ledger.Scope(Metrica, 1, "CHATS");
            var run = ledger.BeginRun(scope, "mcrun", null, null);
            var batch = ledger.RecordIntent(run, scope, new BatchIntent(1, "mcrunb1h0123456789ab", new string('a', 64), 1, 1, 1, 10), new[] { identities.Of(Chat("secretuser", "+79123456789", 1_700_000_000)) });
            ledger.MarkSent(batch, 1, false);
        }

        var bytes = File.ReadAllBytes(LedgerFile).Concat(File.Exists(LedgerFile + "-wal") ? File.ReadAllBytes(LedgerFile + "-wal") : Array.Empty<byte>()).ToArray();
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("secretuser", text, StringComparison.Ordinal);
        Assert.DoesNotContain("79123456789", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_are_listed_newest_first_with_their_counts_and_batches()
    {
        using var ledger = ImportLedger.Open(LedgerFile);
        var scope = ledger.Scope(Metrica, 42, "CHATS");
        var first = ledger.BeginRun(scope, "mcone", "a.csv", "cli");
        ledger.EndRun(first, "completed", new LedgerRunCounts(10, 8, 0, 2, 0, 0, 0), null);
        var second = ledger.BeginRun(scope, "mctwo", "b.csv", "powershell");
        ledger.RecordIntent(second, scope, new BatchIntent(1, "mctwob1h0123456789ab", new string('c', 64), 5, 1, 5, 50), Array.Empty<RowIdentity>());

        var runs = ledger.GetRuns(42);

        Assert.Equal(new[] { second, first }, runs.Select(r => r.Id));
        Assert.Equal("completed", runs[1].Status);
        Assert.Equal(8, runs[1].Sent);
        Assert.Equal("running", runs[0].Status);
        Assert.Equal("https://api-metrika.yandex.net", runs[0].Endpoint);
        Assert.Single(ledger.GetRun(second)!.Batches);
        Assert.Empty(ledger.GetRuns(7));

        ledger.MarkInterruptedRuns(scope);
        Assert.Equal("interrupted", ledger.GetRun(second)!.Status);
    }

    [Fact]
    public async Task A_second_run_on_the_same_scope_waits_or_is_refused_clearly()
    {
        using var ledger = ImportLedger.Open(LedgerFile);
        var scope = ledger.Scope(Metrica, 5, "CHATS");
        ledger.BeginRun(scope, "mcholder", "a.csv", "cli");

        using (await CounterLock.AcquireAsync(ledger, scope, TimeSpan.Zero, null, CancellationToken.None))
        {
            var ex = await Assert.ThrowsAsync<LedgerException>(() => CounterLock.AcquireAsync(ledger, scope, TimeSpan.Zero, null, CancellationToken.None));
            Assert.Contains("Another import into counter 5 is running", ex.Message, StringComparison.Ordinal);
            Assert.Contains("sent nothing", ex.Message, StringComparison.Ordinal);

            // A different counter is not held.
            using (await CounterLock.AcquireAsync(ledger, ledger.Scope(Metrica, 6, "CHATS"), TimeSpan.Zero, null, CancellationToken.None))
            {
            }
        }

        // Released: the next run takes it at once.
        using (await CounterLock.AcquireAsync(ledger, scope, TimeSpan.Zero, null, CancellationToken.None))
        {
        }
    }

    [Fact]
    public async Task A_waiting_run_is_told_who_holds_the_counter_and_goes_on_when_it_is_free()
    {
        using var ledger = ImportLedger.Open(LedgerFile);
        var scope = ledger.Scope(Metrica, 5, "CHATS");
        ledger.BeginRun(scope, "mcholder", "a.csv", "cli");
        var held = await CounterLock.AcquireAsync(ledger, scope, TimeSpan.Zero, null, CancellationToken.None);
        var told = new List<string>();

        var waiting = CounterLock.AcquireAsync(ledger, scope, TimeSpan.FromMinutes(1), told.Add, CancellationToken.None);
        await Task.Delay(500);
        Assert.False(waiting.IsCompleted);
        held.Dispose();
        using (await waiting)
        {
        }

        var message = Assert.Single(told);
        Assert.Contains("waiting up to 1 min", message, StringComparison.Ordinal);
        Assert.Contains("process " + Environment.ProcessId, message, StringComparison.Ordinal);
    }

    private static ChatEvent Chat(string? username, string? phone, long unixTime) => new()
    {
        RowNumber = 1,
        DateTime = DateTimeOffset.FromUnixTimeSeconds(unixTime),
        ChatPlatform = ChatPlatform.Telegram,
        ChatUsername = username,
        PhoneNumber = phone,
    };
}
