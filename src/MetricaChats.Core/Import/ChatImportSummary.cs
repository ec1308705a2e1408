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

    /// <summary>True for a dry run (batches written to files, nothing sent).</summary>
    public bool DryRun { get; init; }

    /// <summary>HTTP requests the run made (uploads, reconciliation, polling), retries included.</summary>
    public long Requests { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, "Read {0}, sent {1}, rejected {2}, not sent {3}, unattributed {4}, {5} batch(es), {6:0.0} s{7}",
            Read, Sent, Rejected, NotSent, Unattributed, Batches, Elapsed.TotalSeconds, StopReason is null ? string.Empty : "; stopped: " + StopReason);
}
