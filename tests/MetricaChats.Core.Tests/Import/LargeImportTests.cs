using MetricaChats.Core.Import;
using MetricaChats.Core.Tests.Api;
using Xunit;

namespace MetricaChats.Core.Tests.Import;

public sealed class LargeImportTests
{
    [Fact]
    public async Task A_million_generated_events_stream_through_in_default_batches_and_all_arrive()
    {
        // The sandbox keeps only counts (no stored rows) so the test measures the client, not the emulator's storage.
        await using var sandbox = await SandboxHarness.StartAsync(o => o.MaxStoredRows = 0);
        using var client = sandbox.CreateClient();
        const int rows = 1_000_000;

        var summary = await ChatImporter.ImportAsync(ImportData.Events(rows), client, new ChatImportOptions { CounterId = SandboxHarness.Counter });

        Assert.True(summary.Completed, summary.StopReason);
        Assert.Equal(rows, summary.Read);
        Assert.Equal(rows, summary.Sent);
        Assert.Equal(10, summary.Batches);
        var uploads = sandbox.Server.State.Uploads;
        Assert.Equal(10, uploads.Count);
        Assert.Equal(rows, uploads.Sum(u => (long)u.SourceQuantity));
        Assert.Equal(rows, uploads.Sum(u => (long)u.LineQuantity));
        Assert.Equal(10, uploads.Select(u => u.Comment).Distinct().Count());

        // The batches tile rows 1..1,000,000 with no gap and no overlap.
        var expectedFirst = 1L;
        foreach (var batch in summary.BatchResults)
        {
            Assert.Equal(expectedFirst, batch.FirstRow);
            Assert.Equal(batch.FirstRow + batch.Rows - 1, batch.LastRow);
            expectedFirst = batch.LastRow + 1;
        }

        Assert.Equal(rows + 1, expectedFirst);
        Assert.Equal(11, summary.Requests); // 10 uploads and the final look at the uploads list for duplicates
    }
}
