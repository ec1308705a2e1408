using MetricaChats.Core.Import;
using MetricaChats.Core.Wire;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Proof;

/// <summary>
/// Cancelling an import in the middle of an upload leaves no half-counted batch: what the
/// summary calls sent is exactly what the sandbox holds, batch by batch and row by row.
/// </summary>
public sealed class CancellationTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 5)]
    [InlineData(3, 8)]
    [InlineData(4, 1)]
    public async Task Cancelling_mid_upload_leaves_the_summary_equal_to_what_arrived(int seed, int cancelAfterUploads)
    {
        var (csv, rows) = new ChatDataGenerator(seed, DateTimeOffset.UtcNow).BuildCsv(20_000);
        await using var harness = await ProofHarness.StartAsync(configure: o =>
        {
            o.Seed = seed;

            // Every upload is slow, so a cancellation lands while uploads are on the wire.
            o.Faults.EnableOnly(SandboxFaultKind.Slow);
            o.Faults.FailureRate = 1;
            o.Faults.UploadsOnly = true;
            o.Faults.SlowDelay = TimeSpan.FromMilliseconds(120 + (seed * 37 % 100));
        });
        using var client = harness.NewClient();
        using var cancel = new CancellationTokenSource();

        // Cancel as soon as the sandbox has stored the chosen number of uploads (others are in flight then).
        Task watcher = Task.Run(async () =>
        {
            while (harness.Sandbox.State.Uploads.Count < cancelAfterUploads && !cancel.IsCancellationRequested)
            {
                await Task.Delay(2);
            }

            await cancel.CancelAsync();
        });

        ImportRun run = await harness.ImportAsync(csv, client, new ChatImportOptions
        {
            Batch = new ChatBatchOptions { MaxRows = 1_000 },
            MaxParallelUploads = 3,
        }, cancellationToken: cancel.Token);
        await watcher;

        // Let any request the server was still serving finish before comparing.
        await WaitForIdleAsync(harness.Sandbox);

        ChatImportSummary summary = run.Summary!;
        Assert.False(summary.Completed);
        Assert.NotNull(summary.StopReason);
        Assert.Contains("ancel", summary.StopReason, StringComparison.Ordinal);
        run.AssertReconciles();

        IReadOnlyList<SandboxUpload> stored = harness.Sandbox.State.Uploads;
        Assert.True(stored.Count >= cancelAfterUploads);
        Assert.True(summary.NotSent > 0, "the cancellation came too late to leave anything unsent");

        // Sent in the summary == stored in the sandbox, upload by upload.
        Assert.Equal(stored.Select(u => u.Id).OrderBy(i => i), summary.UploadIds.OrderBy(i => i));
        Assert.Equal(stored.Sum(u => (long)u.SourceQuantity), summary.Sent);
        foreach (ChatBatchResult batch in summary.BatchResults)
        {
            bool arrived = stored.Any(u => u.Comment is not null && u.Comment.Contains(batch.Marker, StringComparison.Ordinal));
            Assert.True(arrived == (batch.Upload is not null), $"batch {batch.BatchNumber}: summary says {(batch.Upload is null ? "not sent" : "sent")}, the sandbox {(arrived ? "holds it" : "does not")}");
        }

        // No row twice, and nothing beyond what the summary counts.
        Dictionary<string, int> keys = harness.ArrivedKeys();
        Assert.All(keys, p => Assert.Equal(1, p.Value));
        Assert.Equal(summary.Sent, keys.Count);
        Assert.True(keys.Keys.All(k => rows.Any(r => r.Key == k)));
    }

    [Fact]
    public async Task Cancelling_before_anything_is_sent_reports_nothing_sent()
    {
        var (csv, _) = new ChatDataGenerator(9, DateTimeOffset.UtcNow).BuildCsv(3_000);
        await using var harness = await ProofHarness.StartAsync();
        using var client = harness.NewClient();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        ImportRun run = await harness.ImportAsync(csv, client, new ChatImportOptions { Batch = new ChatBatchOptions { MaxRows = 1_000 } }, cancellationToken: cancel.Token);

        await WaitForIdleAsync(harness.Sandbox);
        Assert.Empty(harness.Sandbox.State.Uploads);
        Assert.Equal(0, run.Summary!.Sent);
        Assert.Empty(run.Summary.UploadIds);
        Assert.False(run.Summary.Completed);
        run.AssertReconciles();
    }

    private static async Task WaitForIdleAsync(SandboxServer sandbox)
    {
        for (int i = 0; i < 500 && sandbox.State.InFlightRequests > 0; i++)
        {
            await Task.Delay(10);
        }

        await Task.Delay(50);
    }
}
