using System;
using System.Collections.Generic;

namespace MetricaChats.Core.Import;

/// <summary>
/// The outcome of an import. Counts reconcile: <see cref="Read"/> = <see cref="Sent"/> +
/// <see cref="Rejected"/> + <see cref="NotSent"/>.
/// </summary>
public sealed class ChatImportSummary
{
    /// <summary>Input rows read.</summary>
    public long Read { get; init; }

    /// <summary>Rows that arrived at Metrica (written to files in a dry run), including those sent by an earlier run (<see cref="Resumed"/>).</summary>
    public long Sent { get; init; }

    /// <summary>Rows rejected by validation (each with exactly one error issue).</summary>
    public long Rejected { get; init; }

    /// <summary>Valid rows not sent because the run stopped (quota, error, cancellation).</summary>
    public long NotSent { get; init; }

    /// <summary>Of <see cref="Sent"/>, the rows a previous run had already sent (from the state file).</summary>
    public long Resumed { get; init; }

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

    /// <summary>True when every valid row was sent (or written) and the run was not stopped.</summary>
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
            Resumed = Resumed,
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
        string.Format(System.Globalization.CultureInfo.InvariantCulture, "Read {0}, sent {1}, rejected {2}, not sent {3}, unattributed {4}, {5} batch(es), {6:0.0} s{7}",
            Read, Sent, Rejected, NotSent, Unattributed, Batches, Elapsed.TotalSeconds, StopReason is null ? string.Empty : "; stopped: " + StopReason);
}
