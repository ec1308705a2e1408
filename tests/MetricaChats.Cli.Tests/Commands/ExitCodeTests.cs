using MetricaChats.Cli.Commands;
using MetricaChats.Core.Api;
using MetricaChats.Core.Import;
using Xunit;

namespace MetricaChats.Cli.Tests.Commands;

/// <summary>The exit-code table of docs/cli.md, case by case (ImportOutcome.ExitCode and status's).</summary>
public sealed class ExitCodeTests
{
    private static ChatBatchResult Batch(string status, long source, long line) => new()
    {
        BatchNumber = 1,
        Rows = (int)source,
        Upload = new MetricaUpload { Id = 1, Status = status, SourceQuantity = source, LineQuantity = line },
    };

    private static int Code(long read, long sent, long rejected, long notSent = 0, bool completed = true, string maxRejected = "0", bool waited = false, params ChatBatchResult[] batches)
    {
        var summary = new ChatImportSummary { Read = read, Sent = sent, Rejected = rejected, NotSent = notSent, Completed = completed, BatchResults = batches };
        return new ImportOutcome { Summary = summary, Batches = batches, Policy = RejectPolicy.Parse(maxRejected), Waited = waited }.ExitCode(ExitCodes.Cancelled);
    }

    [Fact]
    public void Everything_sent_is_success() =>
        Assert.Equal(ExitCodes.Success, Code(10, 10, 0, batches: Batch("PROCESSED", 10, 10)));

    [Fact]
    public void Rejected_rows_are_partial_unless_within_max_rejected()
    {
        Assert.Equal(ExitCodes.Partial, Code(10, 8, 2, batches: Batch("UPLOADED", 8, 8)));
        Assert.Equal(ExitCodes.Success, Code(10, 8, 2, maxRejected: "2", batches: Batch("UPLOADED", 8, 8)));
        Assert.Equal(ExitCodes.Partial, Code(10, 7, 3, maxRejected: "2", batches: Batch("UPLOADED", 7, 7)));
        Assert.Equal(ExitCodes.Success, Code(100, 98, 2, maxRejected: "2%", batches: Batch("UPLOADED", 98, 98)));
        Assert.Equal(ExitCodes.Partial, Code(100, 97, 3, maxRejected: "2.5%", batches: Batch("UPLOADED", 97, 97)));
    }

    [Fact]
    public void Rows_Metrica_dropped_count_against_max_rejected() =>
        Assert.Equal(ExitCodes.Partial, Code(10, 10, 0, maxRejected: "2", batches: Batch("PROCESSED", 10, 7)));

    [Fact]
    public void Linkage_failure_is_partial_whatever_max_rejected_says() =>
        Assert.Equal(ExitCodes.Partial, Code(10, 10, 0, maxRejected: "100%", batches: Batch("LINKAGE_FAILURE", 10, 10)));

    [Fact]
    public void Waited_with_uploads_still_processing_is_4_and_without_wait_it_is_success()
    {
        Assert.Equal(ExitCodes.StillProcessing, Code(10, 10, 0, waited: true, batches: Batch("UPLOADED", 10, 10)));
        Assert.Equal(ExitCodes.Success, Code(10, 10, 0, waited: false, batches: Batch("UPLOADED", 10, 10)));
        Assert.Equal(ExitCodes.Partial, Code(10, 9, 1, waited: true, batches: Batch("UPLOADED", 9, 9)));
    }

    [Fact]
    public void A_stopped_run_or_a_failed_batch_is_failure()
    {
        Assert.Equal(ExitCodes.Failure, Code(10, 5, 0, notSent: 5, completed: false));
        Assert.Equal(ExitCodes.Failure, Code(10, 5, 0, batches: new ChatBatchResult { BatchNumber = 2, Error = "503" }));
    }

    [Fact]
    public void Every_row_rejected_is_failure_and_an_empty_file_is_success()
    {
        Assert.Equal(ExitCodes.Failure, Code(4, 0, 4));
        Assert.Equal(ExitCodes.Success, Code(0, 0, 0));
    }

    [Fact]
    public void Max_rejected_takes_rows_or_a_percentage_and_refuses_anything_else()
    {
        Assert.Equal(5, RejectPolicy.Parse("5").Rows);
        Assert.Equal(2.5, RejectPolicy.Parse("2.5%").Percent);
        foreach (var bad in new[] { "-1", "abc", "101%", "5 rows", "%" })
        {
            Assert.Throws<CliUsageException>(() => RejectPolicy.Parse(bad));
        }
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
