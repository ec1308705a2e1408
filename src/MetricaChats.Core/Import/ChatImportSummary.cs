using System;
using System.Collections.Generic;

namespace MetricaChats.Core.Import;

/// <summary>
/// The outcome of an import. Counts reconcile: <see cref="Read"/> = <see cref="Sent"/> +
/// <see cref="AlreadySent"/> + <see cref="Rejected"/> + <see cref="NotSent"/> + <see cref="Unknown"/>.
/// </summary>
public sealed class ChatImportSummary
{
    /// <summary>Input rows read.</summary>
    public long Read { get; init; }

    /// <summary>Rows that this run delivered to Metrica (written to files in a dry run). Rows an earlier run sent are in <see cref="AlreadySent"/>.</summary>
    public long Sent { get; init; }

    /// <summary>Rows not sent because the ledger shows their chat sent already (by an earlier run, or earlier in this input).</summary>
    public long AlreadySent { get; init; }

    /// <summary>Rows whose fate is unknown: their batch may have reached Metrica and could not be looked up. The ledger holds them; a later run settles them.</summary>
    public long Unknown { get; init; }

    /// <summary>Uploads found to hold a batch of this run more than once (each a duplicate Metrica cannot undo); reported, never hidden.</summary>
    public long DuplicateUploads { get; init; }

    /// <summary>Why rows at the end of the input were not sent because it was still being written, or null.</summary>
    public string? InputIncomplete { get; init; }

    /// <summary>The ledger file used, or null when none was.</summary>
    public string? LedgerPath { get; init; }

    /// <summary>The run's id in the ledger, or 0.</summary>
    public long LedgerRunId { get; init; }

    /// <summary>Rows rejected by validation (each with exactly one error issue).</summary>
    public long Rejected { get; init; }

    /// <summary>Valid rows not sent because the run stopped (quota, error, cancellation) or the input was still being written.</summary>
    public long NotSent { get; init; }

    /// <summary>Sent rows without any Metrica id (they cannot be joined to a visit).</summary>
    public long Unattributed { get; init; }

    /// <summary>Warning issues raised (rows still sent).</summary>
    public long Warnings { get; init; }

    /// <summary>Rejected rows by issue code (e.g. <c>InvalidChatPlatform</c> = 3).</summary>
    public IReadOnlyDictionary<string, long> RejectedByCode { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Rows Metrica itself rejected (source minus line quantity), known only after waiting.</summary>
    public long RejectedByMetrica { get; init; }

    /// <summary>Batches formed.</summary>
    public int Batches { get; init; }

    /// <summary>Ids of the uploads that hold this run's rows, in batch order.</summary>
    public IReadOnlyList<long> UploadIds { get; init; } = Array.Empty<long>();

    /// <summary>Every batch's outcome, in batch order.</summary>
    public IReadOnlyList<ChatBatchResult> BatchResults { get; init; } = Array.Empty<ChatBatchResult>();

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>True when every valid row was sent (or written, or found already sent) and the run was not stopped.</summary>
    public bool Completed { get; init; }

    /// <summary>Why the run stopped early (daily quota, access, cancellation...), or null.</summary>
    public string? StopReason { get; init; }

    /// <summary>Why the run stopped early, as data: <see cref="ChatImportStopKind.None"/> when it was not stopped.</summary>
    public ChatImportStopKind StopKind { get; init; }

    /// <summary>For <see cref="ChatImportStopKind.ApiError"/>: the API failure that stopped the run (status, error type, kind, quota reset); otherwise null.</summary>
    public ChatImportApiError? ApiError { get; init; }

    /// <summary>True for a dry run (batches written to files, nothing sent).</summary>
    public bool DryRun { get; init; }

    /// <summary>HTTP requests the run made (uploads, reconciliation, polling), retries included.</summary>
    public long Requests { get; init; }

    /// <summary>
    /// This summary with <paramref name="rows"/> rows that the source could not read (CSV rows the
    /// reader could not split, each already reported as one error issue) counted as read and
    /// rejected, so that read = sent + rejected + not sent holds for the whole input.
    /// </summary>
    public ChatImportSummary WithUnreadableRows(long rows, IReadOnlyDictionary<string, long> rejectedByCode)
    {
        if (rejectedByCode is null)
        {
            throw new ArgumentNullException(nameof(rejectedByCode));
        }

        if (rows < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, "The number of unreadable rows cannot be negative.");
        }

        var byCode = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pair in RejectedByCode)
        {
            byCode[pair.Key] = pair.Value;
        }

        foreach (var pair in rejectedByCode)
        {
            byCode[pair.Key] = byCode.TryGetValue(pair.Key, out var n) ? n + pair.Value : pair.Value;
        }

        return new ChatImportSummary
        {
            Read = Read + rows,
            Sent = Sent,
            Rejected = Rejected + rows,
            NotSent = NotSent,
            AlreadySent = AlreadySent,
            Unknown = Unknown,
            DuplicateUploads = DuplicateUploads,
            InputIncomplete = InputIncomplete,
            LedgerPath = LedgerPath,
            LedgerRunId = LedgerRunId,
            Unattributed = Unattributed,
            Warnings = Warnings,
            RejectedByCode = byCode,
            RejectedByMetrica = RejectedByMetrica,
            Batches = Batches,
            UploadIds = UploadIds,
            BatchResults = BatchResults,
            Elapsed = Elapsed,
            Completed = Completed,
            StopReason = StopReason,
            StopKind = StopKind,
            ApiError = ApiError,
            DryRun = DryRun,
            Requests = Requests,
        };
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, "Read {0}, sent {1}, already sent {2}, rejected {3}, not sent {4}, unknown {5}, unattributed {6}, {7} batch(es), {8:0.0} s{9}",
            Read, Sent, AlreadySent, Rejected, NotSent, Unknown, Unattributed, Batches, Elapsed.TotalSeconds, StopReason is null ? string.Empty : "; stopped: " + StopReason);
}
