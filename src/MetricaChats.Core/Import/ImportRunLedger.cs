using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Api;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Ledger;

namespace MetricaChats.Core.Import;

/// <summary>
/// A run's hold on the ledger: the counter's lock, the run's record and heartbeat, the batches
/// of earlier runs settled before anything is sent, and the index of rows already sent.
/// </summary>
internal sealed class ImportRunLedger : IDisposable
{
    /// <summary>How often a running run says it is alive.</summary>
    internal static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    private readonly CounterLock? _lock;
    private readonly Timer? _heartbeat;
    private readonly bool _ownsLedger;
    private int _disposed;

    private ImportRunLedger(ImportLedger ledger, bool ownsLedger, LedgerScope scope, CounterLock? counterLock, long runId, SentRowIndex index)
    {
        Ledger = ledger;
        Scope = scope;
        _ownsLedger = ownsLedger;
        _lock = counterLock;
        RunId = runId;
        Index = index;
        if (runId > 0)
        {
            _heartbeat = new Timer(_ => Beat(), null, HeartbeatInterval, HeartbeatInterval);
        }
    }

    public ImportLedger Ledger { get; }

    /// <summary>The endpoint, counter and kind this run sends to.</summary>
    public LedgerScope Scope { get; }

    /// <summary>The run's id in the ledger (0 for a dry run, which records nothing).</summary>
    public long RunId { get; }

    public SentRowIndex Index { get; }

    /// <summary>Opens the ledger for a dry run: rows already sent are left out of the files, nothing is recorded or locked.</summary>
    public static ImportRunLedger ForDryRun(ImportLedger ledger, bool ownsLedger, LedgerScope scope) =>
        new(ledger, ownsLedger, scope, null, 0, new SentRowIndex(ledger, scope));

    /// <summary>
    /// Takes the counter's lock (waiting up to <paramref name="lockWait"/>), settles every batch an
    /// earlier run left unsettled (waiting out its grace period when needed), and records the run.
    /// </summary>
    public static async Task<ImportRunLedger> StartAsync(ImportLedger ledger, bool ownsLedger, LedgerScope scope, ExactlyOnceSender sender, string runKey, ChatImportOptions options, Action<ChatIssue> notice, CancellationToken cancellationToken)
    {
        var counterLock = await CounterLock.AcquireAsync(ledger, scope, options.LockWait, m => notice(Notice(ImportIssueCodes.Waiting, m, "Nothing to do; it goes on by itself.")), cancellationToken).ConfigureAwait(false);
        try
        {
            ledger.MarkInterruptedRuns(scope);
            await SettleEarlierAsync(ledger, sender.Reconciler, scope, notice, cancellationToken).ConfigureAwait(false);
            var runId = ledger.BeginRun(scope, runKey, options.SourceName, options.FrontEnd);
            return new ImportRunLedger(ledger, ownsLedger, scope, counterLock, runId, new SentRowIndex(ledger, scope));
        }
        catch
        {
            counterLock.Dispose();
            throw;
        }
    }

    /// <summary>Records how the run ended.</summary>
    public void End(ChatImportSummary summary, Action<string> failed)
    {
        if (RunId <= 0)
        {
            return;
        }

        var status = summary.Completed ? "completed" : summary.StopKind == ChatImportStopKind.Cancelled ? "cancelled" : "stopped";
        try
        {
            Ledger.EndRun(RunId, status, new LedgerRunCounts(summary.Read, summary.Sent, summary.AlreadySent, summary.Rejected, summary.NotSent, summary.Unknown, summary.DuplicateUploads), summary.StopReason ?? summary.InputIncomplete);
        }
#pragma warning disable CA1031 // The run's own record failing is reported; the batches' records are already written.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failed("The ledger could not record the end of run " + RunId.ToString(CultureInfo.InvariantCulture) + " (" + ex.Message + "); its batches are recorded, so nothing is sent twice.");
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _heartbeat?.Dispose();
        _lock?.Dispose();
        if (_ownsLedger)
        {
            Ledger.Dispose();
        }
    }

    private static async Task SettleEarlierAsync(ImportLedger ledger, UploadReconciler reconciler, LedgerScope scope, Action<ChatIssue> notice, CancellationToken cancellationToken)
    {
        var open = ledger.OpenBatches(scope);
        if (open.Count == 0)
        {
            return;
        }

        // Every open batch belongs to a run that is over (this run holds the counter's lock): its
        // requests could have been alive until that run's last heartbeat, plus one beat (a run
        // that ended normally wrote its end time as its last heartbeat).
        var aliveUntil = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        var byMarker = new Dictionary<string, LedgerBatch>(StringComparer.OrdinalIgnoreCase);
        foreach (var (batch, runAliveAt) in open)
        {
            aliveUntil[batch.Marker] = runAliveAt + HeartbeatInterval;
            byMarker[batch.Marker] = batch;
        }

        var settled = await reconciler.SettleAsync(
            aliveUntil,
            wait => notice(Notice(ImportIssueCodes.Waiting, string.Format(CultureInfo.InvariantCulture, "{0} batch(es) of an earlier run may still reach Metrica (their run was stopped while sending); waiting up to {1:0} s for them to show in the uploads list before their rows go again.", aliveUntil.Count, Math.Ceiling(wait.TotalSeconds)), "Nothing to do; this run goes on by itself.")),
            cancellationToken).ConfigureAwait(false);

        foreach (var pair in settled.Found)
        {
            var batch = byMarker[pair.Key];
            var upload = pair.Value[0];
            ledger.MarkSent(batch.Id, upload.Id, reconciled: true, note: "found by its marker when run settled it");
            notice(Notice(ImportIssueCodes.EarlierBatchSettled, Describe(batch) + " is in Metrica (upload " + upload.Id.ToString(CultureInfo.InvariantCulture) + "): its " + batch.Rows.ToString(CultureInfo.InvariantCulture) + " rows count as sent and are not sent again.", string.Empty));
            if (pair.Value.Count > 1)
            {
                var ids = string.Join(", ", pair.Value.Select(u => u.Id.ToString(CultureInfo.InvariantCulture)));
                ledger.MarkDuplicated(batch.Id, "uploads " + ids + " carry its marker");
                notice(Notice(ImportIssueCodes.DuplicateUpload, Describe(batch) + " is in Metrica more than once (uploads " + ids + "): its rows were received " + pair.Value.Count.ToString(CultureInfo.InvariantCulture) + " times.", "Metrica cannot delete an upload; note these uploads when you read the reports."));
            }
        }

        foreach (var marker in settled.Absent)
        {
            var batch = byMarker[marker];
            ledger.Release(batch.Id, LedgerBatchState.Absent, "not in Metrica after the grace period; its rows may go again");
            notice(Notice(ImportIssueCodes.EarlierBatchSettled, Describe(batch) + " never reached Metrica (it is not in the uploads list after the grace period): its rows are sent by this run if the input holds them.", string.Empty));
        }

        foreach (var pair in settled.Unknown)
        {
            var batch = byMarker[pair.Key];
            var why = pair.Value is null ? "the retry budget ran out while waiting for it" : "the uploads list could not be read (" + pair.Value.Explanation + ")";
            ledger.MarkUnknown(batch.Id, why);
            notice(Notice(ImportIssueCodes.UploadFateUnknown, Describe(batch) + " may or may not be in Metrica: " + why + ". Its " + batch.Rows.ToString(CultureInfo.InvariantCulture) + " rows are held, not sent, until a later run can settle it.", "Run the import again later; it looks for the batch first and sends its rows only if Metrica does not have them."));
        }
    }

    private static string Describe(LedgerBatch batch) =>
        string.Format(CultureInfo.InvariantCulture, "Batch {0} of run {1} (rows {2}-{3}, marker {4})", batch.Number, batch.RunId, batch.FirstRow, batch.LastRow, batch.Marker);

    private static ChatIssue Notice(string code, string message, string fix) => new(0, null, null, code, message, fix, ChatIssueSeverity.Warning);

    private void Beat()
    {
        try
        {
            Ledger.Heartbeat(RunId);
        }
#pragma warning disable CA1031 // A missed heartbeat only makes a later run wait a little longer.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
