using MetricaChats.Core.Import;
using MetricaChats.Core.Wire;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Proof;

/// <summary>
/// A daily-quota refusal in the middle of an import stops the run cleanly and says which
/// batches were sent; the same import re-run the next day with the same input (the ledger on)
/// sends only what is missing, and every row arrives exactly once in total.
/// </summary>
public sealed class DailyQuotaResumeTests : IDisposable
{
    private const int Rows = 10_000;
    private const int BatchRows = 500;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "metricachats-proof-" + Guid.NewGuid().ToString("N"));

    public DailyQuotaResumeTests() => Directory.CreateDirectory(_dir);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task A_daily_quota_stops_the_run_and_a_rerun_with_the_ledger_sends_only_what_is_missing(int parallel)
    {
        var (csv, rows) = new ChatDataGenerator(seed: 5000 + parallel, DateTimeOffset.UtcNow, variety: true, badShare: 0.01).BuildCsv(Rows);
        int valid = rows.Count(r => !r.IsBad);
        int batches = (valid + BatchRows - 1) / BatchRows;
        string ledger = Path.Combine(_dir, "ledger.db");
        const int Quota = 12; // day 1: 12 of 20 batches; day 2: the other 8 plus the final marker scan fit in the same quota

        await using var harness = await ProofHarness.StartAsync(manualClock: true, configure: o => o.Quotas.DailyPerToken = Quota);
        ChatImportOptions Options() => new()
        {
            Batch = new ChatBatchOptions { MaxRows = BatchRows },
            MaxParallelUploads = parallel,
            LedgerPath = ledger,
        };

        // Day 1: the quota runs out in the middle.
        ImportRun first;
        using (var client = harness.NewClient())
        {
            first = await harness.ImportAsync(csv, client, Options());
        }

        ChatImportSummary s1 = first.Summary!;
        Assert.False(s1.Completed);
        Assert.NotNull(s1.StopReason);
        Assert.Contains("quota", s1.StopReason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("00:00 GMT", s1.StopReason, StringComparison.Ordinal);
        first.AssertReconciles();
        Assert.True(s1.NotSent > 0, "the quota should have left rows unsent");

        // It did not hammer: after the first refusal, at most the uploads already under way were refused too.
        IReadOnlyList<SandboxRequestRecord> day1 = harness.Sandbox.State.Requests;
        Assert.InRange(day1.Count(r => r.ErrorType == "quota_requests_by_uid"), 1, parallel);
        Assert.Equal(Quota, day1.Count(r => r.StatusCode == 200));

        // The summary names exactly the uploads the sandbox holds, batch by batch.
        IReadOnlyList<SandboxUpload> stored1 = harness.Sandbox.State.Uploads;
        Assert.Equal(Quota, stored1.Count);
        Assert.Equal(stored1.Select(u => u.Id).OrderBy(i => i), s1.UploadIds.OrderBy(i => i));
        foreach (ChatBatchResult batch in s1.BatchResults)
        {
            if (batch.Upload is { } upload)
            {
                SandboxUpload match = Assert.Single(stored1, u => u.Id == upload.Id);
                Assert.Equal(batch.Rows, match.SourceQuantity);
                Assert.Contains(batch.Marker, match.Comment, StringComparison.Ordinal);
                Assert.Null(batch.Error);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(batch.Error), $"batch {batch.BatchNumber} was not sent and says nothing why");
                Assert.DoesNotContain(stored1, u => u.Comment is not null && u.Comment.Contains(batch.Marker, StringComparison.Ordinal));
            }
        }

        Assert.Equal(stored1.Sum(u => (long)u.SourceQuantity), s1.Sent);
        Assert.True(File.Exists(ledger));
        Assert.DoesNotContain(ProofHarness.TokenText, System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(ledger)), StringComparison.Ordinal);

        // Day 2 (the quota resets at 00:00 GMT): the same command, the same input, the same ledger.
        harness.Clock!.Advance(TimeSpan.FromDays(1));
        int requestsBefore = harness.Sandbox.State.Requests.Count;
        ImportRun second;
        using (var client = harness.NewClient())
        {
            second = await harness.ImportAsync(csv, client, Options());
        }

        ChatImportSummary s2 = second.Summary!;
        Assert.True(s2.Completed, s2.ToString());
        second.AssertReconciles();
        Assert.Equal(valid - s1.Sent, s2.Sent);
        Assert.Equal(s1.Sent, s2.AlreadySent);
        Assert.Equal(batches - Quota, s2.Batches);

        // Only the missing batches were uploaded on day 2.
        IReadOnlyList<SandboxRequestRecord> day2 = harness.Sandbox.State.Requests.Skip(requestsBefore).ToList();
        Assert.Equal(batches - Quota, day2.Count(r => r.Method == "POST" && r.PathAndQuery.Contains("/upload", StringComparison.Ordinal)));
        Assert.Equal(batches, harness.Sandbox.State.Uploads.Count);

        // Exactly once, in total, for every valid row; never a bad one.
        Dictionary<string, int> arrived = harness.ArrivedKeys();
        Assert.Equal(valid, arrived.Count);
        Assert.All(arrived, p => Assert.Equal(1, p.Value));
        Assert.All(rows.Where(r => !r.IsBad), r => Assert.True(arrived.ContainsKey(r.Key), $"row {r.Index + 1} never arrived"));

        // The second summary lists the uploads it made: every one the sandbox holds beyond the first day's.
        Assert.Equal(harness.Sandbox.State.Uploads.Select(u => u.Id).Except(s1.UploadIds).OrderBy(i => i), s2.UploadIds.OrderBy(i => i));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
