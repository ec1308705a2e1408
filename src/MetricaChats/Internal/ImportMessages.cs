using System;
using System.Globalization;
using System.Management.Automation;
using MetricaChats.Core.Import;

namespace MetricaChats.Internal;

/// <summary>What Send-MetricaChatImport tells the user about a run, in one place (progress, batches not sent, rows not sent, why a run stopped).</summary>
internal static class ImportMessages
{
    /// <summary>The progress bar's activity.</summary>
    public static string Activity(ImportRun run) => run.OutFile is not null
        ? "Writing chat CSV to " + run.OutFile
        : "Uploading chats to counter " + run.CounterId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The progress bar's status line.</summary>
    public static string Progress(ChatImportProgress p) => string.Format(
        CultureInfo.InvariantCulture,
        "{0} read, {1} sent, {2} rejected; {3} of {4} batch(es) done, {5} in flight",
        p.Read,
        p.Sent,
        p.Rejected,
        p.BatchesDone,
        p.Batches,
        p.InFlight);

    /// <summary>The warning after a run that left valid rows unsent.</summary>
    public static string NotSent(MetricaChatImportSummary summary) =>
        summary.NotSent.ToString(CultureInfo.InvariantCulture) + " valid row(s) were not sent" + (summary.StopReason is null ? (summary.InputIncomplete is { } why ? ": " + why : ".") : ": " + summary.StopReason) +
        " Run the same command again: the ledger makes it send only what is missing.";

    /// <summary>The error for a batch that was not sent.</summary>
    public static ErrorRecord BatchNotSent(ChatBatchResult batch) => new(
        new InvalidOperationException("Batch " + batch.BatchNumber.ToString(CultureInfo.InvariantCulture) + " (rows " + batch.FirstRow.ToString(CultureInfo.InvariantCulture) + "-" + batch.LastRow.ToString(CultureInfo.InvariantCulture) + ") was not sent: " + (batch.Error ?? "unknown reason") + " Run the same command again: the ledger makes it send only what is missing."),
        "BatchNotSent",
        ErrorCategory.WriteError,
        batch);

    /// <summary>
    /// The error record for a stopped run: id and category from <see cref="ApiErrorMap"/> by the
    /// stop's kind; for an API stop, the API exception itself (status, error type, quota reset) as
    /// for any other call.
    /// </summary>
    public static ErrorRecord StopError(int counterId, ChatImportStopKind stopKind, ChatImportApiError? apiError, string? reason)
    {
        if (stopKind == ChatImportStopKind.ApiError && apiError is not null)
        {
            return MetricaCmdlet.CreateApiErrorRecord(apiError.ToException(), counterId);
        }

        var entry = ApiErrorMap.ForStop(stopKind, apiError?.Kind);
        var exception = stopKind == ChatImportStopKind.Cancelled
            ? (Exception)new OperationCanceledException("The import to counter " + counterId.ToString(CultureInfo.InvariantCulture) + " stopped: " + reason)
            : new InvalidOperationException("The import to counter " + counterId.ToString(CultureInfo.InvariantCulture) + " stopped: " + reason);
        return new ErrorRecord(exception, entry.ErrorId, (ErrorCategory)Enum.Parse(typeof(ErrorCategory), entry.Category), counterId)
        {
            ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = entry.RecommendedAction },
        };
    }
}
