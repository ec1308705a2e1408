using MetricaChats.Cli.Commands;
using MetricaChats.Core.Api;
using MetricaChats.Core.Import;
using Xunit;

namespace MetricaChats.Cli.Tests.Cli;

/// <summary>The exit-code table of docs/cli.md, case by case.</summary>
public sealed class ExitCodeTests
{
    private static ChatBatchResult Batch(string status, long source, long line) => new()
    {
        BatchNumber = 1,
        Rows = (int)source,
        Upload = new MetricaUpload { Id = 1, Status = status, SourceQuantity = source, LineQuantity = line },
    };

    private static ChatImportSummary Totals(long read, long sent, long rejected, long notSent = 0, bool completed = true, long byMetrica = 0, params ChatBatchResult[] batches) => new()
    {
        Read = read,
        Sent = sent,
        Rejected = rejected,
        NotSent = notSent,
        Completed = completed,
        RejectedByMetrica = byMetrica,
        BatchResults = batches,
    };

    [Fact]
    public void Everything_sent_is_success() =>
        Assert.Equal(ExitCodes.Success, ImportRunner.ExitCodeFor(Totals(10, 10, 0, batches: Batch("PROCESSED", 10, 10))));

    [Fact]
    public void Rejected_rows_are_partial() =>
        Assert.Equal(ExitCodes.Partial, ImportRunner.ExitCodeFor(Totals(10, 8, 2, batches: Batch("UPLOADED", 8, 8))));

    [Fact]
    public void Rows_Metrica_dropped_are_partial() =>
        Assert.Equal(ExitCodes.Partial, ImportRunner.ExitCodeFor(Totals(10, 10, 0, byMetrica: 3, batches: Batch("PROCESSED", 10, 7))));

    [Fact]
    public void Linkage_failure_is_partial() =>
        Assert.Equal(ExitCodes.Partial, ImportRunner.ExitCodeFor(Totals(10, 10, 0, batches: Batch("LINKAGE_FAILURE", 10, 10))));

    [Fact]
    public void A_stopped_run_or_a_failed_batch_is_failure()
    {
        Assert.Equal(ExitCodes.Failure, ImportRunner.ExitCodeFor(Totals(10, 5, 0, notSent: 5, completed: false)));
        Assert.Equal(ExitCodes.Failure, ImportRunner.ExitCodeFor(Totals(10, 5, 0, batches: new ChatBatchResult { BatchNumber = 2, Error = "503" })));
    }

    [Fact]
    public void Every_row_rejected_is_failure_and_an_empty_file_is_success()
    {
        Assert.Equal(ExitCodes.Failure, ImportRunner.ExitCodeFor(Totals(4, 0, 4)));
        Assert.Equal(ExitCodes.Success, ImportRunner.ExitCodeFor(Totals(0, 0, 0)));
    }

    [Fact]
    public void Status_of_one_upload()
    {
        Assert.Equal(ExitCodes.Success, ApiCommands.ExitCodeFor(new MetricaUpload { Status = "PROCESSED", SourceQuantity = 5, LineQuantity = 5 }));
        Assert.Equal(ExitCodes.Partial, ApiCommands.ExitCodeFor(new MetricaUpload { Status = "PROCESSED", SourceQuantity = 5, LineQuantity = 4 }));
        Assert.Equal(ExitCodes.Partial, ApiCommands.ExitCodeFor(new MetricaUpload { Status = "LINKAGE_FAILURE", SourceQuantity = 5, LineQuantity = 5 }));
        Assert.Equal(ExitCodes.Success, ApiCommands.ExitCodeFor(new MetricaUpload { Status = "UPLOADED", SourceQuantity = 5, LineQuantity = 5 }));
    }
}
