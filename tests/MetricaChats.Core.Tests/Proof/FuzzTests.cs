using MetricaChats.Core.Chats;
using MetricaChats.Core.Import;
using MetricaChats.Core.Wire;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Proof;

/// <summary>
/// Fuzz-style, bounded by iteration count (never by time), seeded so a failure replays:
/// seeded random records with known bad values, and random byte mutations of valid CSV files.
/// The properties are the corpus's: one clear error per bad row, good rows arrive (once),
/// nothing crashes, read = sent + rejected, and the sandbox accepts every row that was sent.
/// </summary>
public sealed class FuzzTests : IClassFixture<CorpusSandbox>
{
    private const int RecordIterations = 12;
    private const int MutationIterations = 250;
    private static readonly byte[] Interesting = { (byte)'"', (byte)',', (byte)'\n', (byte)'\r', 0, 0xFF, 0xC3, 0xE2, (byte)';', (byte)'\t', (byte)' ', (byte)'-', (byte)'9', (byte)'e', 0x7F };

    private readonly ProofHarness _harness;

    public FuzzTests(CorpusSandbox fixture) => _harness = fixture.Harness;

    [Fact]
    public async Task Seeded_random_records_get_exactly_the_expected_errors_and_the_rest_arrive_once()
    {
        for (int iteration = 0; iteration < RecordIterations; iteration++)
        {
            int seed = 9_000 + iteration;
            var random = new Random(seed);
            int count = random.Next(200, 3_000);
            var (csv, rows) = new ChatDataGenerator(seed, DateTimeOffset.UtcNow, variety: true, badShare: 0.15).BuildCsv(count);
            _harness.Sandbox.Reset();
            using var client = _harness.NewClient();
            ImportRun run = await _harness.ImportAsync(csv, client, new ChatImportOptions { Batch = new ChatBatchOptions { MaxRows = random.Next(50, 1_500) }, MaxParallelUploads = random.Next(1, 4) });

            string where = $"seed {seed}, {count} rows";
            Assert.True(run.FileError is null, where + ": " + run.FileError?.Message);
            run.AssertReconciles();
            Assert.True(run.Summary!.Completed, where + ": " + run.Summary);

            var expected = rows.Where(r => r.IsBad).Select(r => $"{r.Index + 1}:{ToField(r.BadColumn!.Value)}").OrderBy(s => s, StringComparer.Ordinal).ToList();
            var actual = run.Errors.Select(e => $"{e.RowNumber}:{e.Field}").OrderBy(s => s, StringComparer.Ordinal).ToList();
            Assert.True(expected.SequenceEqual(actual), $"{where}: expected errors [{string.Join(", ", expected.Except(actual).Take(5))}] missing, unexpected [{string.Join(", ", actual.Except(expected).Take(5))}]");
            AssertClear(run.Errors, where);

            Dictionary<string, int> arrived = _harness.ArrivedKeys();
            var valid = rows.Where(r => !r.IsBad).Select(r => r.Key).ToList();
            Assert.Equal(valid.Count, arrived.Count);
            Assert.All(valid, k => Assert.True(arrived.TryGetValue(k, out int n) && n == 1, $"{where}: row key {k} arrived {(arrived.TryGetValue(k, out int m) ? m : 0)} times"));
            AssertSandboxAcceptedEverything(run, where);
        }
    }

    [Fact]
    public async Task Random_byte_mutations_of_valid_files_never_crash_and_always_reconcile()
    {
        var (original, _) = new ChatDataGenerator(31337, DateTimeOffset.UtcNow, variety: true).BuildCsv(300);
        int fileErrors = 0, withErrors = 0;
        for (int iteration = 0; iteration < MutationIterations; iteration++)
        {
            int seed = 70_000 + iteration;
            var random = new Random(seed);
            byte[] mutated = Mutate(original, random, mutations: random.Next(1, 40));
            _harness.Sandbox.Reset();
            using var client = _harness.NewClient();
            string where = $"mutation seed {seed}";

            ImportRun run;
            try
            {
                run = await _harness.ImportAsync(mutated, client, new ChatImportOptions { Batch = new ChatBatchOptions { MaxRows = 1_000 } }); // one upload each: the client paces requests (25/s)
            }
            catch (Exception error)
            {
                Assert.Fail($"{where}: the import threw {error.GetType().Name}: {error.Message}");
                throw;
            }

            if (run.FileError is { } fileError)
            {
                fileErrors++;
                Assert.False(string.IsNullOrWhiteSpace(fileError.Fix), where);
                Assert.Empty(_harness.Sandbox.State.Requests);
                continue;
            }

            run.AssertReconciles();
            Assert.True(run.Summary!.Completed, where + ": " + run.Summary);
            Assert.Equal(0, run.Summary.NotSent);
            if (run.Rejected > 0)
            {
                withErrors++;
            }

            AssertClear(run.Errors, where);
            AssertSandboxAcceptedEverything(run, where);
        }

        // The mutations really exercised both refusals and row errors.
        Assert.True(withErrors > MutationIterations / 4, $"only {withErrors} mutated files had row errors");
        Assert.True(fileErrors < MutationIterations / 2, $"{fileErrors} of {MutationIterations} mutated files were refused whole");
    }

    private static void AssertClear(IEnumerable<ChatIssue> errors, string where)
    {
        var list = errors.ToList();
        Assert.True(list.Count == list.Select(e => e.RowNumber).Distinct().Count(), $"{where}: a row got more than one error");
        foreach (ChatIssue error in list)
        {
            string text = error.ToString();
            Assert.True(error.RowNumber > 0, $"{where}: {text}");
            Assert.False(string.IsNullOrWhiteSpace(error.Code), $"{where}: {text}");
            Assert.False(string.IsNullOrWhiteSpace(error.Message), $"{where}: {text}");
            Assert.False(string.IsNullOrWhiteSpace(error.Fix), $"{where}: {text}");
            Assert.True(text.Length < 2_000, $"{where}: a message of {text.Length} characters");
            if (error.Field is { } field)
            {
                Assert.Contains(field.ToString(), text, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>What the client sent, the sandbox (written independently from the API reference) accepted: rows, not just files.</summary>
    private void AssertSandboxAcceptedEverything(ImportRun run, string where)
    {
        IReadOnlyList<SandboxUpload> uploads = _harness.Sandbox.State.Uploads;
        Assert.Equal(run.Summary!.Sent, uploads.Sum(u => (long)u.SourceQuantity));
        foreach (SandboxUpload upload in uploads)
        {
            Assert.True(upload.RowErrors.Count == 0, $"{where}: the sandbox refused rows the client sent: {string.Join("; ", upload.RowErrors.Take(3))}");
            Assert.Equal(upload.SourceQuantity, upload.LineQuantity);
        }

        Assert.Equal(run.Summary.UploadIds.OrderBy(i => i), uploads.Select(u => u.Id).OrderBy(i => i));
    }

    private static ChatField ToField(ExportColumn column) => column switch
    {
        ExportColumn.DateTime => ChatField.DateTime,
        ExportColumn.ChatPlatform => ChatField.ChatPlatform,
        ExportColumn.ChatUsername => ChatField.ChatUsername,
        ExportColumn.ChatUserId => ChatField.ChatUserId,
        ExportColumn.PhoneNumber => ChatField.PhoneNumber,
        ExportColumn.ClientId => ChatField.ClientId,
        ExportColumn.UserId => ChatField.UserId,
        ExportColumn.Yclid => ChatField.Yclid,
        ExportColumn.PurchaseId => ChatField.PurchaseId,
        ExportColumn.Answered => ChatField.Answered,
        ExportColumn.Tag => ChatField.Tag,
        ExportColumn.Revenue => ChatField.Revenue,
        ExportColumn.Currency => ChatField.Currency,
        ExportColumn.Url => ChatField.Url,
        _ => ChatField.TrackerUrl,
    };

    /// <summary>Flips, inserts, deletes, duplicates and truncates bytes; the header line is hit too.</summary>
    private static byte[] Mutate(byte[] source, Random random, int mutations)
    {
        var bytes = new List<byte>(source);
        for (int i = 0; i < mutations && bytes.Count > 0; i++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 30)));
                    break;
                case 3:
                    int length = Math.Min(bytes.Count - at, random.Next(1, 200));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 4:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                default:
                    if (random.Next(10) == 0)
                    {
                        bytes.RemoveRange(at, bytes.Count - at);
                    }

                    break;
            }
        }

        return bytes.ToArray();
    }
}
