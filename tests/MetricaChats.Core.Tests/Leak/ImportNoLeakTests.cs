using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Import;
using MetricaChats.Core.Tests.Auth;
using MetricaChats.Core.Tests.Import;
using MetricaChats.Core.Wire;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Core.Tests.Leak;

/// <summary>
/// The no-leak guarantee, end to end for the import engine (<see cref="ChatImporter"/> and
/// <see cref="ChatImportSession"/>) against the sandbox: successful runs with random faults and
/// waiting, dry runs, resume state files, a daily-quota stop, cancellation, refused tokens, bad
/// options; every callback payload, summary, batch result, issue, exception and file written is
/// scanned, and so is the sandbox's request log.
/// </summary>
public sealed class ImportNoLeakTests : IDisposable
{
    private const int Counter = LeakSandbox.Counter;
    private readonly TestDirectory _dir = new();

    [Fact]
    public async Task Import_runs_successful_and_failing_leak_nothing_in_callbacks_summaries_and_files()
    {
        await using var s = await LeakSandbox.StartAsync();
        var c = s.Collector;
        using var client = s.Client();
        var callbacks = Callbacks(c, out var progress);
        var summaries = new List<ChatImportSummary>();

        // Success with random faults (retries, reconciliation), rejected rows, waiting for processing.
        s.Server.Faults.Seed = 7;
        s.Server.Faults.UploadsOnly = true;
        s.Server.Faults.SetWeight(SandboxFaultKind.RateLimitBurst, 0); // its 1 s Retry-After only slows the test
        s.Server.Faults.FailureRate = 0.5;
        summaries.Add(await ChatImporter.ImportAsync(ImportData.Records(40, badEvery: 7), client, Options(o => { o.Wait = true; o.PollInterval = TimeSpan.FromMilliseconds(20); o.Comment = "leak run"; }), callbacks));
        s.Server.Faults.Clear();
        Assert.True(summaries[^1].Completed, summaries[^1].StopReason);
        Assert.True(summaries[^1].Rejected > 0);

        // Dry run, without and with a client.
        var dry = Path.Combine(_dir.Path, "dry");
        summaries.Add(await ChatImporter.ImportAsync(ImportData.Records(12), null, Options(o => o.DryRunDirectory = dry), callbacks));
        summaries.Add(await ChatImporter.ImportAsync(ImportData.Events(12), client, Options(o => o.DryRunDirectory = Path.Combine(dry, "with-client")), callbacks));
        Assert.NotEmpty(Directory.GetFiles(dry, "batch-*.csv", SearchOption.AllDirectories));

        // A ledger: a run, then the same run again (nothing sent twice), then one row edited.
        var ledger = Path.Combine(_dir.Path, "ledger", "ledger.db");
        summaries.Add(await ChatImporter.ImportAsync(ImportData.Records(15), client, Options(o => o.LedgerPath = ledger), callbacks));
        summaries.Add(await ChatImporter.ImportAsync(ImportData.Records(15), client, Options(o => o.LedgerPath = ledger), callbacks));
        Assert.Equal(15, summaries[^1].AlreadySent);
        Assert.Throws<ArgumentException>(() => new ChatImportSession(client, Options(o => o.StateFile = Path.Combine(_dir.Path, "old.json"))));
        var changed = ImportData.Records(15).Select(r =>
        {
            if (r.RowNumber == 2)
            {
                r.Tag = "changed";
            }

            return r;
        });
        summaries.Add(await ChatImporter.ImportAsync(changed, client, Options(o => o.LedgerPath = ledger), callbacks));
        Assert.Equal(15, summaries[^1].AlreadySent); // the edited row names its changed field, and is not sent again

        // The daily quota runs out after two requests: the run stops with a clear reason.
        s.Server.Reset();
        s.Server.Quotas.DailyPerToken = 2;
        summaries.Add(await ChatImporter.ImportAsync(ImportData.Records(25), client, Options(o => o.MaxParallelUploads = 1), callbacks));
        Assert.Contains("quota", summaries[^1].StopReason, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(summaries[^1].ApiError?.QuotaResetsAt);
        s.Server.Quotas.DailyPerToken = 5000;
        s.Server.Reset();

        // Cancelled by the user after the first batch.
        using (var cancel = new CancellationTokenSource())
        {
            var cancelling = new ChatImportCallbacks
            {
                BatchCompleted = r =>
                {
                    c.Object("batch (cancel run)", r);
                    cancel.Cancel();
                },
                Issue = i => c.Object("issue (cancel run)", i),
            };
            summaries.Add(await ChatImporter.ImportAsync(ImportData.RecordsAsync(400), client, Options(o => o.MaxParallelUploads = 1), cancelling, cancel.Token));
            Assert.StartsWith("Cancelled", summaries[^1].StopReason, StringComparison.Ordinal);
        }

        // Refused tokens: 401 and 403 stop the run.
        using (var wrong = s.Client(LeakSandbox.Wrong))
        using (var noAccess = s.Client(LeakSandbox.NoAccess))
        {
            summaries.Add(await ChatImporter.ImportAsync(ImportData.Records(6), wrong, Options(), callbacks));
            Assert.Contains("401", summaries[^1].StopReason, StringComparison.Ordinal);
            Assert.Equal(MetricaErrorKind.Unauthorized, summaries[^1].ApiError?.Kind); // the structured stop is scanned with the summary
            summaries.Add(await ChatImporter.ImportAsync(ImportData.Records(6), noAccess, Options(), callbacks));
            Assert.Contains("403", summaries[^1].StopReason, StringComparison.Ordinal);
            Assert.Equal(MetricaErrorKind.AccessDenied, summaries[^1].ApiError?.Kind);
        }

        // Bad options.
        await c.ThrowsAsync<ArgumentException>("no client, no dry run", () => ChatImporter.ImportAsync(ImportData.Records(1), null, Options()));
        await c.ThrowsAsync<ArgumentException>("no counter", () => ChatImporter.ImportAsync(ImportData.Records(1), client, Options(o => o.CounterId = 0)));

        c.Object("summaries", summaries);
        c.Object("progress", progress.Items);
        c.Directory(_dir.Path); // dry-run batches and the state file
        await s.ScanSandboxAsync();

        Assert.NotEmpty(progress.Items);
        Assert.True(c.Scanned > 100, "scanned only " + c.Scanned);
        c.AssertClean();
    }

    [Fact]
    public async Task The_push_session_leaks_nothing_in_what_it_hands_over()
    {
        await using var s = await LeakSandbox.StartAsync();
        var c = s.Collector;
        using var client = s.Client();
        var ledger = Path.Combine(_dir.Path, "session-ledger.db");

        await using (var session = new ChatImportSession(client, Options(o => { o.LedgerPath = ledger; o.Wait = true; o.PollInterval = TimeSpan.FromMilliseconds(20); })))
        {
            foreach (var record in ImportData.Records(23, badEvery: 5))
            {
                await session.AddAsync(record);
                c.Object("TakeIssues", session.TakeIssues());
                c.Object("TakeCompleted", session.TakeCompleted());
                c.Object("GetProgress", session.GetProgress());
            }

            c.Object("CompleteAsync", await session.CompleteAsync());
            c.Object("TakeIssues at the end", session.TakeIssues());
            c.Object("TakeCompleted at the end", session.TakeCompleted());
            c.Object("session", session);
            await c.ThrowsAsync<InvalidOperationException>("AddAsync after completion", () => session.AddAsync(ImportData.Records(1).Single()));
        }

        // A session closed before it completed.
        var closed = new ChatImportSession(client, Options());
        foreach (var record in ImportData.Records(7))
        {
            await closed.AddAsync(record);
        }

        await closed.DisposeAsync();
        c.Object("closed session", closed);
        c.Object("closed session's batches", closed.TakeCompleted());

        c.File(ledger);
        await s.ScanSandboxAsync();
        Assert.True(File.Exists(ledger));
        Assert.NotEmpty(s.Server.State.UploadsOf(Counter));
        c.AssertClean();
    }

    [Fact]
    public async Task Tokens_connections_sources_and_profiles_leak_nothing()
    {
        var c = new LeakCollector(LeakSandbox.Good, LeakSandbox.Wrong);
        using var token = MetricaToken.FromString(LeakSandbox.Good);
        c.Object("token", token);
        c.Object("token clone", token.Clone());

        // A badly pasted token: the message gives a position, never the text.
        c.Exception("token with a space", Assert.ThrowsAny<ArgumentException>(() => MetricaToken.FromString(LeakSandbox.Wrong[..10] + " " + LeakSandbox.Wrong[10..])));
        c.Exception("token with a line break", Assert.ThrowsAny<ArgumentException>(() => MetricaToken.FromString(LeakSandbox.Wrong + "\n" + LeakSandbox.Good)));

        var config = Path.Combine(_dir.Path, "config");
        var keyring = new FakeProtectedStore();
        var store = new MetricaProfileStore(config, keyring, new UnprotectedFileTokenStore(Path.Combine(config, "tokens")));
        var env = new Dictionary<string, string?> { ["METRICA_TOKEN"] = LeakSandbox.Wrong };
        var resolver = new TokenResolver(store, name => env.TryGetValue(name, out var v) ? v : null);

        using (var explicitToken = resolver.Resolve(new TokenRequest { Token = token, TokenSource = TokenSource.Explicit("the -Token parameter"), Endpoint = new Uri("http://127.0.0.1:9/") }))
        {
            c.Object("connection (explicit)", explicitToken);
            c.Object("connection (explicit) source", explicitToken.Source);
            c.Object("profile saved", store.Save("leak", explicitToken.Endpoint, explicitToken.Token));
        }

        using (var fromStdin = resolver.Resolve(new TokenRequest { StandardInput = new StringReader(LeakSandbox.Good + "\n") }))
        {
            c.Object("connection (stdin)", fromStdin);
        }

        using (var fromEnvironment = resolver.Resolve(new TokenRequest()))
        {
            c.Object("connection (environment)", fromEnvironment);
        }

        using (var fromProfile = resolver.Resolve(new TokenRequest { ProfileName = "leak" }))
        {
            c.Object("connection (profile)", fromProfile);
        }

        c.Object("profiles", store.List());
        c.Object("profile", store.Find("leak"));
        c.Exception("unknown profile", Assert.ThrowsAny<MetricaAuthException>(() => resolver.Resolve(new TokenRequest { ProfileName = "nobody" })));
        keyring.Available = false;
        c.Exception("no protected store", Assert.ThrowsAny<MetricaAuthException>(() => store.Save("other", MetricaConnection.DefaultEndpoint, token)));
        c.Object("removal", store.Remove("leak"));
        env.Clear();
        c.Exception("no token anywhere", Assert.ThrowsAny<MetricaAuthException>(() => resolver.Resolve(new TokenRequest())));

        // Plain http to a host that is not loopback is refused before any connection is made.
        c.Exception("client to http://metrica.example", Assert.ThrowsAny<ArgumentException>(() => new MetricaClient(token, new MetricaClientOptions { Endpoint = new Uri("http://metrica.example/") })));
        c.Exception("connection to http://metrica.example", Assert.ThrowsAny<MetricaAuthException>(() => MetricaConnection.ValidateEndpoint(new Uri("http://metrica.example/"))));
        c.Exception("endpoint with a password", Assert.ThrowsAny<MetricaAuthException>(() => MetricaConnection.ValidateEndpoint(new Uri("https://user:" + LeakSandbox.Wrong + "@metrica.example/"))));
        c.Exception("client endpoint with a password", Assert.ThrowsAny<ArgumentException>(() => new MetricaClient(token, new MetricaClientOptions { Endpoint = new Uri("https://user:" + LeakSandbox.Wrong + "@metrica.example/") })));

        c.Directory(config);
        Assert.True(File.Exists(Path.Combine(config, MetricaProfileStore.MetadataFileName)));
        c.AssertClean();
    }

    [Fact]
    public void Core_has_no_diagnostic_channel_that_the_leak_test_does_not_hook()
    {
        // Core reports only through return values, exceptions, callbacks and IProgress<T>, which
        // the tests above scan. A public event would be a new channel: hook it into the leak test.
        var events = typeof(MetricaClient).Assembly.GetExportedTypes().SelectMany(t => t.GetEvents()).Select(e => e.DeclaringType!.Name + "." + e.Name).ToList();
        Assert.Empty(events);
    }

    public void Dispose() => _dir.Dispose();

    private static ChatImportOptions Options(Action<ChatImportOptions>? configure = null)
    {
        var options = new ChatImportOptions { CounterId = Counter, Batch = new ChatBatchOptions { MaxRows = 5 } };
        configure?.Invoke(options);
        return options;
    }

    private static ChatImportCallbacks Callbacks(LeakCollector c, out SyncProgress progress)
    {
        var p = new SyncProgress();
        progress = p;
        return new ChatImportCallbacks
        {
            Issue = i => c.Object("issue callback", i),
            BatchCompleted = r => c.Object("batch callback", r),
            Progress = p,
        };
    }

    private sealed class SyncProgress : IProgress<ChatImportProgress>
    {
        private readonly List<ChatImportProgress> _items = new();

        public IReadOnlyList<ChatImportProgress> Items => _items;

        public void Report(ChatImportProgress value) => _items.Add(value);
    }
}
