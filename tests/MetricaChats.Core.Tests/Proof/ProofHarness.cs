using System.Text;
using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Import;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Proof;

/// <summary>A sandbox with one token and counter, and the end-to-end import of an export file into it.</summary>
internal sealed class ProofHarness : IAsyncDisposable
{
    public const string TokenText = "proof-token-5b1f";
    public const int Counter = 4242;

    private ProofHarness(SandboxServer sandbox, ManualClock? clock)
    {
        Sandbox = sandbox;
        Clock = clock;
    }

    public SandboxServer Sandbox { get; }

    /// <summary>The sandbox's clock when the test steers it (daily quota reset), else null.</summary>
    public ManualClock? Clock { get; }

    public static async Task<ProofHarness> StartAsync(bool manualClock = false, Action<SandboxOptions>? configure = null)
    {
        var clock = manualClock ? new ManualClock(DateTimeOffset.UtcNow) : null;
        var options = new SandboxOptions { ProcessingTime = TimeSpan.Zero, Clock = clock }.AddToken(TokenText, Counter);
        configure?.Invoke(options);
        return new ProofHarness(await SandboxServer.StartAsync(options), clock);
    }

    /// <summary>A client with small retry delays (the tests stay bounded); the caller disposes it.</summary>
    public MetricaClient NewClient(Action<MetricaClientOptions>? configure = null)
    {
        var options = new MetricaClientOptions
        {
            Endpoint = Sandbox.BaseAddress,
            UseSystemProxy = false,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(40),
            MaxRequestsPerSecond = 25,
            RequestTimeout = TimeSpan.FromSeconds(10),
            UploadTimeout = TimeSpan.FromSeconds(20),
            // The sandbox stores an upload before it answers (even "applied then failed"), so an
            // upload that may have arrived is in the list at once: a short grace keeps runs quick.
            ReconcileGrace = TimeSpan.FromMilliseconds(300),
        };
        configure?.Invoke(options);
        return new MetricaClient(MetricaToken.FromString(TokenText), options);
    }

    /// <summary>
    /// Reads an export CSV with the engine's reader and imports it with the importer, as the
    /// front ends do. A file the reader refuses as a whole comes back as <see cref="ImportRun.FileError"/>.
    /// </summary>
    public async Task<ImportRun> ImportAsync(byte[] csv, MetricaClient client, ChatImportOptions? options = null, ChatImportCallbacks? callbacks = null, CancellationToken cancellationToken = default)
    {
        options ??= new ChatImportOptions();
        options.CounterId = Counter;
        var readerIssues = new List<ChatIssue>();
        var importerIssues = new List<ChatIssue>();
        using var reader = new ChatCsvReader(new MemoryStream(csv, writable: false));
        try
        {
            if (reader.ReadHeader().Warning is { } warning)
            {
                readerIssues.Add(warning);
            }
        }
        catch (ChatCsvFormatException error)
        {
            return new ImportRun(null, readerIssues, importerIssues, 0, 0, error);
        }

        var userIssue = callbacks?.Issue;
        var merged = new ChatImportCallbacks
        {
            Issue = issue =>
            {
                importerIssues.Add(issue);
                userIssue?.Invoke(issue);
            },
            BatchCompleted = callbacks?.BatchCompleted,
            Progress = callbacks?.Progress,
        };
        ChatImportSummary summary = await ChatImporter.ImportAsync(ExportRecords.Read(reader, readerIssues.Add), client, options, merged, cancellationToken);
        return new ImportRun(summary, readerIssues, importerIssues, reader.RowsRead, reader.RowsRejected, null);
    }

    /// <summary>How many times each row key (the ChatUserID column) arrived, over every upload the sandbox stored.</summary>
    public Dictionary<string, int> ArrivedKeys()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (SandboxUpload upload in Sandbox.State.Uploads)
        {
            Assert.False(upload.RowsTruncated, $"upload {upload.Id} kept only part of its rows; raise MaxStoredRowsPerUpload");
            foreach (IReadOnlyDictionary<string, string> row in upload.Rows)
            {
                string key = row.TryGetValue("ChatUserID", out string? value) ? value : string.Empty;
                counts[key] = counts.TryGetValue(key, out int n) ? n + 1 : 1;
            }
        }

        return counts;
    }

    public ValueTask DisposeAsync() => Sandbox.DisposeAsync();
}

/// <summary>What one end-to-end import produced.</summary>
internal sealed record ImportRun(
    ChatImportSummary? Summary,
    List<ChatIssue> ReaderIssues,
    List<ChatIssue> ImporterIssues,
    long ReaderRows,
    long ReaderRejected,
    ChatCsvFormatException? FileError)
{
    /// <summary>Every error issue (rows rejected), reader and normaliser together.</summary>
    public IEnumerable<ChatIssue> Errors => ReaderIssues.Concat(ImporterIssues).Where(i => i.Severity == ChatIssueSeverity.Error);

    /// <summary>Rows read from the file (the reader's count: good and bad).</summary>
    public long Read => ReaderRows;

    /// <summary>Rows rejected: by the reader plus by the normaliser.</summary>
    public long Rejected => ReaderRejected + (Summary?.Rejected ?? 0);

    /// <summary>The promise: every row read is sent, rejected or (when stopped) reported not sent.</summary>
    public void AssertReconciles()
    {
        Assert.NotNull(Summary);
        Assert.Equal(ReaderRows - ReaderRejected, Summary!.Read);
        Assert.Equal(Summary.Read, Summary.Sent + Summary.AlreadySent + Summary.Rejected + Summary.NotSent + Summary.Unknown);
        Assert.Equal(Rejected, Errors.LongCount());
    }
}

/// <summary>A clock a test moves by hand (the sandbox's daily quota resets at 00:00 GMT by it).</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ticks;

    public ManualClock(DateTimeOffset start) => _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>Small helpers for building test CSVs.</summary>
internal static class Csv
{
    public static readonly UTF8Encoding Utf8 = new(false);

    public static byte[] Bytes(string text) => Utf8.GetBytes(text);
}
