using MetricaChats.Core.Advice;
using MetricaChats.Core.Api;
using MetricaChats.Core.Import;

namespace MetricaChats.Cli.Commands;

/// <summary>
/// What an import run ended with, as the CLI reports it: Core's summary (with the rows the CSV
/// reader could not read), the uploads' last known state after waiting, and the advice.
/// </summary>
internal sealed class ImportOutcome
{
    public required ChatImportSummary Summary { get; init; }

    /// <summary>Every batch, with its upload's last known state (final after --wait).</summary>
    public required IReadOnlyList<ChatBatchResult> Batches { get; init; }

    public required RejectPolicy Policy { get; init; }

    /// <summary>True when --wait was asked for (and the run was not a dry run).</summary>
    public bool Waited { get; init; }

    /// <summary>True when --wait-timeout ran out before every upload was processed.</summary>
    public bool WaitTimedOut { get; init; }

    /// <summary>True when Ctrl+C or SIGTERM stopped the run (while sending or while waiting).</summary>
    public bool Stopped { get; init; }

    /// <summary>The counter's calls extended window as read before the import; null when not read (dry run) or unreadable.</summary>
    public bool? WindowEnabled { get; init; }

    public IReadOnlyList<ExtendedWindowAdvice> Advice { get; init; } = [];

    /// <summary>Rows sent in this run (rows an earlier run sent are <see cref="ChatImportSummary.AlreadySent"/>; a dry run sends none).</summary>
    public long SentNow => Summary.DryRun ? 0 : Summary.Sent;

    /// <summary>Rows written to files by a dry run.</summary>
    public long Written => Summary.DryRun ? Summary.Sent : 0;

    /// <summary>Uploads sent and not yet final.</summary>
    public int Pending => Batches.Count(b => b.Upload is { IsFinal: false });

    /// <summary>Rows Metrica rejected on its side, known for processed uploads.</summary>
    public long RejectedByMetrica => Batches.Sum(b => b.Upload is { IsFinal: true } u ? u.RejectedByMetrica : 0);

    /// <summary>read = sent + already sent + written + rejected + not sent + unknown.</summary>
    public bool Reconciles => Summary.Read == SentNow + Summary.AlreadySent + Written + Summary.Rejected + Summary.NotSent + Summary.Unknown;

    /// <summary>True when more rows were rejected (here and by Metrica) than --max-rejected allows.</summary>
    public bool OverRejectLimit => Policy.IsExceeded(Summary.Rejected + RejectedByMetrica, Summary.Read);

    /// <summary>The stop kind to report: Core's, or Cancelled when a signal stopped the wait.</summary>
    public ChatImportStopKind StopKind => Stopped && Summary.StopKind == ChatImportStopKind.None ? ChatImportStopKind.Cancelled : Summary.StopKind;

    /// <summary>The exit code; <paramref name="stopCode"/> is 130 or 143 for a run stopped by a signal.</summary>
    public int ExitCode(int stopCode)
    {
        if (Stopped || Summary.StopKind == ChatImportStopKind.Cancelled)
        {
            return stopCode;
        }

        var s = Summary;
        if (!s.Completed || s.NotSent > 0 || s.Unknown > 0 || Batches.Any(b => !b.Succeeded))
        {
            return ExitCodes.Failure;
        }

        // Nothing went and nothing had gone before: every row was rejected.
        if (s.Read > 0 && s.Sent == 0 && s.AlreadySent == 0)
        {
            return ExitCodes.Failure;
        }

        var linkageFailure = Batches.Any(b => string.Equals(b.Upload?.Status, MetricaUploadStatus.LinkageFailure, StringComparison.OrdinalIgnoreCase));
        if (OverRejectLimit || linkageFailure)
        {
            return ExitCodes.Partial;
        }

        return Waited && Pending > 0 ? ExitCodes.StillProcessing : ExitCodes.Success;
    }
}
