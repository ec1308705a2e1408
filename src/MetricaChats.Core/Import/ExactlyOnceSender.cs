using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Api;
using MetricaChats.Core.Ledger;

namespace MetricaChats.Core.Import;

/// <summary>
/// The one place that sends a batch exactly once. Its intent is already in the ledger (recorded
/// before this is called). It posts the file; a clean refusal releases the batch's rows; a
/// failure after which the upload may have arrived is never followed by a re-send until the
/// batch is proven absent from the uploads list after the grace period (or it is found there,
/// by its marker, which carries its content hash); when neither can be shown, the batch stays
/// in the ledger as unknown and the next run settles it.
/// </summary>
internal sealed class ExactlyOnceSender
{
    private static readonly TimeSpan CancelLookTimeout = TimeSpan.FromSeconds(10);

    private readonly MetricaClient _client;
    private readonly UploadKind _kind;
    private readonly int _counterId;
    private readonly ImportLedger? _ledger;
    private readonly UploadReconciler _reconciler;
    private readonly TimeProvider _clock;
    private readonly Action<string> _ledgerWriteFailed;

    public ExactlyOnceSender(MetricaClient client, UploadKind kind, int counterId, ImportLedger? ledger, RetryBudget budget, TimeProvider clock, Action<string> ledgerWriteFailed)
    {
        _client = client;
        _kind = kind;
        _counterId = counterId;
        _ledger = ledger;
        _clock = clock;
        _ledgerWriteFailed = ledgerWriteFailed;
        Budget = budget;
        _reconciler = new UploadReconciler(client, kind, counterId, budget, clock);
    }

    /// <summary>The run's retry budget.</summary>
    public RetryBudget Budget { get; }

    /// <summary>The reconciler (marker scans, settling) over the same client and budget.</summary>
    public UploadReconciler Reconciler => _reconciler;

    /// <summary>Sends one batch; never throws for an API failure (the outcome says what happened).</summary>
    public async Task<SendOutcome> SendAsync(OutgoingBatch batch, CancellationToken cancellationToken)
    {
        var attempts = 0;
        while (true)
        {
            attempts++;
            var started = 0;
            try
            {
                var upload = await _client.PostUploadAsync(_kind, _counterId, batch.Comment, batch.Write, batch.Bytes > 0 ? batch.Bytes : null, () => Interlocked.Exchange(ref started, 1), Budget, cancellationToken).ConfigureAwait(false);
                var recorded = TryLedger(batch, "that it was sent (upload " + upload.Id.ToString(CultureInfo.InvariantCulture) + ")", l => l.MarkSent(batch.LedgerBatchId!.Value, upload.Id, reconciled: false, note: attempts > 1 ? "sent again after it was proven absent" : null));
                return new SendOutcome(SendResultKind.Sent, upload, null, null, !recorded);
            }
            catch (MetricaApiException ex) when (!ex.MayHaveArrived)
            {
                // Refused with a clear answer (or never on its way): nothing was stored.
                TryLedger(batch, "that it was refused", l => l.Release(batch.LedgerBatchId!.Value, LedgerBatchState.Refused, ex.Explanation));
                return new SendOutcome(SendResultKind.NotSent, null, ex, null, false);
            }
            catch (MetricaApiException ex)
            {
                TryLedger(batch, "when its attempt ended", l => l.MarkAttemptEnded(batch.LedgerBatchId!.Value));
                var settled = await SettleOneAsync(batch, cancellationToken).ConfigureAwait(false);
                if (settled.Found.TryGetValue(batch.Marker, out var uploads))
                {
                    var upload = uploads[0];
                    var recorded = TryLedger(batch, "that it was found in Metrica", l => l.MarkSent(batch.LedgerBatchId!.Value, upload.Id, reconciled: true, note: "found by its marker after: " + ex.Explanation));
                    return new SendOutcome(SendResultKind.Reconciled, upload, ex, null, !recorded) { DuplicateUploads = uploads.Count - 1 };
                }

                if (settled.Unknown.TryGetValue(batch.Marker, out var lookup))
                {
                    var why = lookup is null
                        ? "the retry budget ran out before the grace period for it had passed"
                        : "the uploads list could not be read (" + lookup.Explanation + ")";
                    TryLedger(batch, "that its fate is unknown", l => l.MarkUnknown(batch.LedgerBatchId!.Value, why));
                    return new SendOutcome(SendResultKind.Unknown, null, ex, why, false);
                }

                // Proven absent: the look-up succeeded and did not find it after the grace period.
                if (Budget.IsSpent)
                {
                    TryLedger(batch, "that it is absent", l => l.Release(batch.LedgerBatchId!.Value, LedgerBatchState.Absent, "not in Metrica after " + ex.Explanation));
                    return new SendOutcome(SendResultKind.NotSent, null, ex, "it did not arrive (Metrica's uploads list does not hold it)", false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                if (Volatile.Read(ref started) == 0)
                {
                    TryLedger(batch, "that it was not sent", l => l.Release(batch.LedgerBatchId!.Value, LedgerBatchState.Absent, "not sent: the run was cancelled before the file went"));
                    return new SendOutcome(SendResultKind.NotSent, null, null, "cancelled before it was sent", false);
                }

                return await AfterCancelAsync(batch).ConfigureAwait(false);
            }
        }
    }

    private async Task<UploadReconciler.Settlement> SettleOneAsync(OutgoingBatch batch, CancellationToken cancellationToken)
    {
        var alive = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase) { [batch.Marker] = _clock.GetUtcNow() };
        try
        {
            return await _reconciler.SettleAsync(alive, null, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var cancelled = new UploadReconciler.Settlement();
            cancelled.Unknown[batch.Marker] = null;
            return cancelled;
        }
    }

    // Cancelled while the file was on its way: it may have arrived. One brief look; when it is
    // not there yet, the batch stays an intent in the ledger and the next run settles it.
    private async Task<SendOutcome> AfterCancelAsync(OutgoingBatch batch)
    {
        TryLedger(batch, "when it was cancelled", l => l.MarkAttemptEnded(batch.LedgerBatchId!.Value));
        try
        {
            using var brief = new CancellationTokenSource(CancelLookTimeout);
            var found = await _reconciler.ScanAsync(new[] { batch.Marker }, stopWhenAllFound: true, brief.Token).ConfigureAwait(false);
            if (found.TryGetValue(batch.Marker, out var uploads))
            {
                var recorded = TryLedger(batch, "that it was found in Metrica", l => l.MarkSent(batch.LedgerBatchId!.Value, uploads[0].Id, reconciled: true, note: "found by its marker after the run was cancelled"));
                return new SendOutcome(SendResultKind.Reconciled, uploads[0], null, null, !recorded);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (MetricaApiException)
        {
        }

        return new SendOutcome(SendResultKind.Unknown, null, null, "the run was cancelled while the file was on its way", false);
    }

    private bool TryLedger(OutgoingBatch batch, string what, Action<ImportLedger> write)
    {
        if (_ledger is null || batch.LedgerBatchId is null)
        {
            return true;
        }

        try
        {
            write(_ledger);
            return true;
        }
#pragma warning disable CA1031 // A ledger write that fails must not turn a delivered batch into a lost one: it is reported, and the next run settles the batch by its marker.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _ledgerWriteFailed("Batch " + batch.Number.ToString(CultureInfo.InvariantCulture) + ": the ledger could not record " + what + " (" + ex.Message + "). Nothing is lost: the next run finds the batch by its marker " + batch.Marker + " before it sends anything.");
            return false;
        }
    }
}

/// <summary>A batch ready to go: its file, its marker and its place in the ledger.</summary>
internal sealed record OutgoingBatch(int Number, string Marker, string ContentSha256, int Rows, long FirstRow, long LastRow, long Bytes, string Comment, Func<Stream, CancellationToken, Task> Write, long? LedgerBatchId);

/// <summary>How a send ended.</summary>
internal enum SendResultKind
{
    /// <summary>Confirmed by the upload's own answer.</summary>
    Sent,

    /// <summary>Found in the uploads list by its marker (after an ambiguous failure or a cancellation).</summary>
    Reconciled,

    /// <summary>Not in Metrica (refused, proven absent, or never sent).</summary>
    NotSent,

    /// <summary>Its fate could not be settled; the ledger holds it for the next run.</summary>
    Unknown,
}

/// <summary>The outcome of <see cref="ExactlyOnceSender.SendAsync"/>.</summary>
internal sealed record SendOutcome(SendResultKind Kind, MetricaUpload? Upload, MetricaApiException? Error, string? Note, bool LedgerWriteFailed)
{
    /// <summary>Uploads beyond the first that carry the batch's marker (each a duplicate).</summary>
    public int DuplicateUploads { get; init; }
}
