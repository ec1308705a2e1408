using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MetricaChats.Core.Api;
using MetricaChats.Core.Import;

namespace MetricaChats;

/// <summary>
/// What Send-MetricaChatImport did, reconciled over the whole input: read = sent + already sent +
/// rejected + not sent + unknown, where "rejected" includes the rows a New-MetricaChatEvent earlier in the same pipeline
/// rejected (<see cref="RejectedByNewMetricaChatEvent"/>). Written as the command's last
/// information record (tags <c>MetricaChats</c>, <c>Summary</c>, <c>PSHOST</c>), so it is shown by
/// default like Write-Host output and captured with <c>-InformationVariable</c> in a runbook.
/// </summary>
public sealed class MetricaChatImportSummary
{
    private const int UploadIdsShown = 10;

    /// <summary>The counter imported into; null for a dry run without one.</summary>
    public int? CounterId { get; init; }

    /// <summary>True for a dry run (-OutFile): rows were written to files, nothing was sent.</summary>
    public bool DryRun { get; init; }

    /// <summary>Input rows read (by this command, and by a New-MetricaChatEvent before it).</summary>
    public long Read { get; init; }

    /// <summary>Rows this run delivered to Metrica (written, in a dry run); rows an earlier run sent are in <see cref="AlreadySent"/>.</summary>
    public long Sent { get; init; }

    /// <summary>Rows not sent because the ledger shows their chats sent already (by an earlier run, or earlier in this input).</summary>
    public long AlreadySent { get; init; }

    /// <summary>Rows whose batch may or may not be in Metrica (it could not be looked up); the ledger holds them and the next run settles them.</summary>
    public long Unknown { get; init; }

    /// <summary>Uploads found to hold a batch of this run a second time (each a duplicate Metrica cannot undo).</summary>
    public long DuplicateUploads { get; init; }

    /// <summary>Why rows at the end of an export file were not sent (the file was still being written), or null.</summary>
    public string? InputIncomplete { get; init; }

    /// <summary>The ledger file used, or null without one (a dry run without a counter).</summary>
    public string? LedgerPath { get; init; }

    /// <summary>The run's number in the ledger (see Get-MetricaChatImportHistory), or 0.</summary>
    public long LedgerRunId { get; init; }

    /// <summary>Rows rejected, each with one error (here or by New-MetricaChatEvent).</summary>
    public long Rejected { get; init; }

    /// <summary>Of <see cref="Rejected"/>, the rows New-MetricaChatEvent rejected before they reached this command.</summary>
    public long RejectedByNewMetricaChatEvent { get; init; }

    /// <summary>Valid rows not sent because the run stopped (error, quota, Ctrl+C) or the file was still being written.</summary>
    public long NotSent { get; init; }

    /// <summary>Sent rows without any Metrica id (they cannot be joined to a visit).</summary>
    public long Unattributed { get; init; }

    /// <summary>Row warnings raised (the rows still went).</summary>
    public long Warnings { get; init; }

    /// <summary>Rejected rows by error id.</summary>
    public IReadOnlyDictionary<string, long> RejectedByCode { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Rows Metrica itself rejected (known only with -Wait).</summary>
    public long RejectedByMetrica { get; init; }

    /// <summary>
    /// Chats Metrica joined to a visit: <c>linked_quantity</c> summed over the run's uploads that
    /// report it (processed ones, so with -Wait), or null when none does yet.
    /// </summary>
    public long? LinkedToVisits { get; init; }

    // Of the uploads that report LinkedToVisits: their accepted rows, their number, and all uploads.
    internal UploadLinkage? Linkage { get; init; }

    /// <summary>Ids of the uploads holding this run's rows, in batch order.</summary>
    public IReadOnlyList<long> UploadIds { get; init; } = Array.Empty<long>();

    /// <summary>The files a dry run wrote, in batch order.</summary>
    public IReadOnlyList<string> Files { get; init; } = Array.Empty<string>();

    /// <summary>Every batch's outcome (rows, upload or file, or why it was not sent).</summary>
    public IReadOnlyList<ChatBatchResult> Batches { get; init; } = Array.Empty<ChatBatchResult>();

    /// <summary>True when every valid row was sent and the run was not stopped.</summary>
    public bool Completed { get; init; }

    /// <summary>Why the run stopped early, as data (<see cref="ChatImportStopKind.None"/> when it did not).</summary>
    public ChatImportStopKind StopKind { get; init; }

    /// <summary>Why the run stopped early, or null.</summary>
    public string? StopReason { get; init; }

    /// <summary>HTTP requests the run made, retries included.</summary>
    public long Requests { get; init; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>
    /// The summary of one run: <paramref name="engine"/>'s counts, plus the rows the file reader
    /// could not split (<paramref name="unreadable"/>, already reported one by one) and, when every
    /// event came from it, the New-MetricaChatEvent run before this command (<paramref name="upstream"/>).
    /// </summary>
    internal static MetricaChatImportSummary Create(ChatImportSummary engine, int? counterId, IReadOnlyList<string> files, long unreadable, IReadOnlyDictionary<string, long> unreadableByCode, MetricaChatEventSummary? upstream)
    {
        var totals = engine.WithUnreadableRows(unreadable, unreadableByCode);
        var linkage = UploadLinkage.Of(totals.BatchResults.Select(b => b.Upload));
        var byCode = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pair in totals.RejectedByCode)
        {
            byCode[pair.Key] = pair.Value;
        }

        var upstreamRejected = upstream?.Rejected ?? 0;
        if (upstream is not null)
        {
            foreach (var pair in upstream.RejectedByCode)
            {
                byCode[pair.Key] = byCode.TryGetValue(pair.Key, out var n) ? n + pair.Value : pair.Value;
            }
        }

        return new MetricaChatImportSummary
        {
            CounterId = counterId,
            DryRun = totals.DryRun,
            Read = totals.Read + upstreamRejected,
            Sent = totals.Sent,
            Rejected = totals.Rejected + upstreamRejected,
            RejectedByNewMetricaChatEvent = upstreamRejected,
            NotSent = totals.NotSent,
            AlreadySent = totals.AlreadySent,
            Unknown = totals.Unknown,
            DuplicateUploads = totals.DuplicateUploads,
            InputIncomplete = totals.InputIncomplete,
            LedgerPath = totals.LedgerPath,
            LedgerRunId = totals.LedgerRunId,
            Unattributed = totals.Unattributed,
            Warnings = totals.Warnings + (upstream?.Warnings ?? 0),
            RejectedByCode = byCode,
            RejectedByMetrica = totals.RejectedByMetrica,
            LinkedToVisits = linkage?.Linked,
            Linkage = linkage,
            UploadIds = totals.UploadIds,
            Files = files,
            Batches = totals.BatchResults,
            Completed = totals.Completed,
            StopKind = totals.StopKind,
            StopReason = totals.StopReason,
            Requests = totals.Requests,
            Elapsed = totals.Elapsed,
        };
    }

    /// <summary>The uploads in words: "upload 101", "uploads 101, 102", "no upload".</summary>
    internal string DescribeUploads()
    {
        if (UploadIds.Count == 0)
        {
            return "no upload";
        }

        var ids = string.Join(", ", UploadIds.Take(UploadIdsShown).Select(id => id.ToString(CultureInfo.InvariantCulture)));
        var more = UploadIds.Count > UploadIdsShown ? ", ... (" + UploadIds.Count.ToString(CultureInfo.InvariantCulture) + " uploads)" : string.Empty;
        return (UploadIds.Count == 1 ? "upload " : "uploads ") + ids + more;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var terms = string.Format(c, "{0} {1}", DryRun ? "written" : "sent", Sent);
        if (AlreadySent > 0)
        {
            terms += string.Format(c, " + already sent {0}", AlreadySent);
        }

        terms += string.Format(c, " + rejected {0} + not sent {1}", Rejected, NotSent);
        if (Unknown > 0)
        {
            terms += string.Format(c, " + unknown {0}", Unknown);
        }

        var text = DryRun
            ? string.Format(c, "Dry run: read {0} = {1}; {2} file(s)", Read, terms, Files.Count)
            : string.Format(c, "Counter {0}: read {1} = {2}; {3}", CounterId, Read, terms, DescribeUploads());
        if (Linkage is { } l)
        {
            text += string.Format(c, "; {0} of {1} accepted chat(s) linked to visits", l.Linked, l.Accepted);
            if (!l.Complete)
            {
                text += string.Format(c, " (in the {0} of {1} uploads Metrica reported it for)", l.Reporting, l.Uploads);
            }
        }

        if (DuplicateUploads > 0)
        {
            text += string.Format(c, "; {0} DUPLICATE upload(s) found (see the warnings)", DuplicateUploads);
        }

        text += ".";
        if (InputIncomplete is not null && StopReason is null)
        {
            text += " " + InputIncomplete;
        }
        if (RejectedByNewMetricaChatEvent > 0)
        {
            text += string.Format(c, " New-MetricaChatEvent rejected {0} of the rows read.", RejectedByNewMetricaChatEvent);
        }

        if (StopReason is not null)
        {
            text += " Stopped: " + StopReason;
        }

        return text;
    }
}
