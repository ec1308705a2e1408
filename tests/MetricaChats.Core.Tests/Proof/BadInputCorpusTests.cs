using MetricaChats.Core.Chats;
using MetricaChats.Core.Import;
using MetricaChats.Core.Wire;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Proof;

/// <summary>One sandbox for the whole corpus (cases run one after another and reset it).</summary>
public sealed class CorpusSandbox : IAsyncLifetime
{
    internal ProofHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync() => Harness = await ProofHarness.StartAsync(configure: o => o.MaxStoredRowsPerUpload = 50_000);

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}

/// <summary>
/// Every kind of malformed input in <see cref="BadInputCorpus"/>, imported end to end into the
/// sandbox: each bad row gets exactly one clear error (row, field, value, fix), every good row
/// arrives, nothing crashes, and read = sent + rejected.
/// </summary>
public sealed class BadInputCorpusTests : IClassFixture<CorpusSandbox>
{
    private readonly ProofHarness _harness;

    public BadInputCorpusTests(CorpusSandbox fixture) => _harness = fixture.Harness;

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (CorpusCase c in BadInputCorpus.Cases)
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Fact]
    public void The_corpus_has_at_least_fifty_kinds_each_named_once()
    {
        Assert.True(BadInputCorpus.Cases.Length >= 50, $"only {BadInputCorpus.Cases.Length} kinds");
        Assert.Equal(BadInputCorpus.Cases.Length, BadInputCorpus.Cases.Select(c => c.Name).Distinct().Count());
        string dir = Path.Combine(AppContext.BaseDirectory, "Proof", "Corpus");
        var listed = BadInputCorpus.Cases.Select(c => c.Name).ToHashSet();
        Assert.All(Directory.GetFiles(dir, "*.csv"), f => Assert.Contains(Path.GetFileName(f), listed));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Each_bad_row_gets_one_clear_error_and_every_good_row_arrives(string name)
    {
        CorpusCase c = BadInputCorpus.Cases.Single(x => x.Name == name);
        _harness.Sandbox.Reset();
        using var client = _harness.NewClient();
        ImportRun run = await _harness.ImportAsync(c.Content(), client, new ChatImportOptions { Batch = new ChatBatchOptions { MaxRows = 10_000 } });

        if (c.FileError is not null)
        {
            // The file as a whole is refused with a stable code, a message and a fix; nothing is sent.
            Assert.NotNull(run.FileError);
            Assert.Equal(c.FileError, run.FileError!.Code);
            Assert.False(string.IsNullOrWhiteSpace(run.FileError.Fix));
            Assert.Contains("Fix:", run.FileError.Message, StringComparison.Ordinal);
            Assert.Empty(_harness.Sandbox.State.Requests);
            return;
        }

        Assert.Null(run.FileError);
        run.AssertReconciles();
        ChatImportSummary summary = run.Summary!;
        Assert.True(summary.Completed, summary.ToString());
        List<ChatIssue> errors = run.Errors.ToList();

        if (c.AllRejected)
        {
            Assert.Equal(0, summary.Sent);
            Assert.Equal(run.Read, run.Rejected);
            Assert.True(run.Read > 0);
        }
        else
        {
            // Exactly the expected errors: one per bad row, with the expected code and field.
            Assert.Equal(
                c.Errors.Select(e => $"{e.Row}:{e.Code}:{e.Field}").OrderBy(s => s),
                errors.Select(e => $"{e.RowNumber}:{e.Code}:{e.Field}").OrderBy(s => s));
            Assert.Equal(c.Good, summary.Sent);
        }

        // Each error is clear: row, field (when one is at fault), value (when there is one), message and fix.
        Assert.Equal(errors.Count, errors.Select(e => e.RowNumber).Distinct().Count());
        foreach (ChatIssue error in errors)
        {
            string text = error.ToString();
            Assert.True(error.RowNumber > 0, text);
            Assert.Contains("Row " + error.RowNumber, text, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(error.Message), text);
            Assert.False(string.IsNullOrWhiteSpace(error.Fix), text);
            Assert.Contains("Fix:", text, StringComparison.Ordinal);
            if (error.Field is { } field)
            {
                Assert.Contains(field.ToString(), text, StringComparison.Ordinal);
            }

            Assert.True(error.Value is null || error.Value.Length <= 200, $"the value shown is {error.Value?.Length} characters long");
            Assert.True(text.Length < 2_000, $"an error message of {text.Length} characters");
        }

        // Warnings too stay readable, however long the input's values or column names are.
        foreach (ChatIssue issue in run.ReaderIssues.Concat(run.ImporterIssues))
        {
            Assert.True(issue.ToString().Length < 2_000, $"{issue.Code}: a message of {issue.ToString().Length} characters");
        }

        // Every good row arrived, once per occurrence in the input; the sandbox accepted all of them.
        IReadOnlyList<SandboxUpload> uploads = _harness.Sandbox.State.Uploads;
        Assert.Equal(summary.Sent, uploads.Sum(u => (long)u.SourceQuantity));
        Assert.Equal(summary.Sent, uploads.Sum(u => (long)u.LineQuantity));
        Assert.All(uploads, u => Assert.Empty(u.RowErrors));
        Assert.Equal(summary.Sent == 0 ? 0 : summary.Batches, uploads.Count);
        foreach (IReadOnlyDictionary<string, string> row in uploads.SelectMany(u => u.Rows))
        {
            Assert.All(row.Values, v => Assert.DoesNotContain(v, ch => ch < ' ' || ch == '\uFFFD'));
        }

        if (!c.AllRejected && c.Errors.Length > 0 && c.Name.StartsWith('r'))
        {
            // In the row files the bad row is row 2 (ChatUserID 102): it must not have arrived.
            Assert.DoesNotContain(_harness.ArrivedKeys().Keys, k => k == "102");
        }
    }
}
