using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Api;
using MetricaChats.Core.Api.Internal;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Ledger;
using MetricaChats.Core.Wire;

namespace MetricaChats.Core.Import;

/// <summary>Batches: intent, upload (or dry-run file), outcome, the end-of-run checks and the summary.</summary>
public sealed partial class ChatImportSession
{
    private async Task SubmitAsync(ChatBatch batch, CancellationToken cancellationToken)
    {
        var number = batch.Sequence;
        Interlocked.Increment(ref _batches);
        _activity = "Batch " + number.ToString(CultureInfo.InvariantCulture);
        var identities = TakeIdentities(batch.Count);
        var sha = Hash(batch);
        var marker = UploadMarker.ForBatch(_runId, number, sha);

        // The intent goes into the ledger on this thread, before the next row is read, so a
        // repeat of one of these rows later in the input is found there.
        long? ledgerBatchId = null;
        if (!_dryRun && _run is { RunId: > 0 } run)
        {
            try
            {
                ledgerBatchId = run.Ledger.RecordIntent(run.RunId, run.Scope, new BatchIntent(number, marker, sha, batch.Count, batch.FirstRowNumber, batch.LastRowNumber, batch.ByteLength), identities);
            }
#pragma warning disable CA1031 // Without its intent recorded the batch must not go: the run stops, and says why.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Stop(new StopInfo("The ledger could not record batch " + number.ToString(CultureInfo.InvariantCulture) + " before sending it (" + ex.Message + "). Nothing more was sent, so that nothing can be sent twice; check the ledger file's disk and permissions, then run again.", ChatImportStopKind.Failed, null));
                Finish(NotSentResult(batch, marker, StopReason!));
                batch.Release();
                return;
            }
        }

        if (_run is not null)
        {
            _run.Index.BatchRecorded(identities);
        }

        // Backpressure: wait for a free upload slot before taking more input.
        var slotTaken = false;
        try
        {
            using var link = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token, cancellationToken);
            await _slots.WaitAsync(link.Token).ConfigureAwait(false);
            slotTaken = true;
        }
        catch (OperationCanceledException)
        {
            Cancel("Cancelled: the import was stopped by the user.");
        }

        if (!slotTaken || IsStopped)
        {
            if (slotTaken)
            {
                _slots.Release();
            }

            ReleaseUnsent(ledgerBatchId, "not sent: the run stopped before its turn");
            Finish(NotSentResult(batch, marker, StopReason ?? "Not sent."));
            batch.Release();
            return;
        }

        Interlocked.Increment(ref _inFlight);
        var task = Task.Run(() => ProcessBatchAsync(batch, marker, sha, ledgerBatchId));
        lock (_tasks)
        {
            _tasks.RemoveAll(t => t.IsCompleted);
            _tasks.Add(task);
        }
    }

    private IReadOnlyList<RowIdentity> TakeIdentities(int count)
    {
        if (_batchIdentities.Count == 0)
        {
            return Array.Empty<RowIdentity>();
        }

        // The builder may hand over the batch before the row just added (that row starts the next one).
        var take = Math.Min(count, _batchIdentities.Count);
        var taken = _batchIdentities.GetRange(0, take);
        _batchIdentities.RemoveRange(0, take);
        return taken;
    }

    private void ReleaseUnsent(long? ledgerBatchId, string note)
    {
        if (ledgerBatchId is { } id && _run is not null)
        {
            try
            {
                _run.Ledger.Release(id, LedgerBatchState.Absent, note);
            }
#pragma warning disable CA1031 // An intent left behind is settled by the next run (absent after the grace period).
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private async Task ProcessBatchAsync(ChatBatch batch, string marker, string sha, long? ledgerBatchId)
    {
        ChatBatchResult result;
        try
        {
            result = _dryRun ? await WriteDryRunAsync(batch, marker).ConfigureAwait(false) : await UploadAsync(batch, marker, sha, ledgerBatchId).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A batch's failure must become its result (and stop the run), never an unobserved task exception.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var reason = "Batch " + batch.Sequence.ToString(CultureInfo.InvariantCulture) + " failed: " + ex.Message;
            Stop(new StopInfo(reason, ChatImportStopKind.Failed, null));
            result = NotSentResult(batch, marker, reason);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _slots.Release();
        }

        Finish(result);
        batch.Release(); // its buffers go to the next batches
    }

    private async Task<ChatBatchResult> WriteDryRunAsync(ChatBatch batch, string marker)
    {
        var file = Path.Combine(_options.DryRunDirectory!, "batch-" + batch.Sequence.ToString("D6", CultureInfo.InvariantCulture) + ".csv");
        using (var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await batch.WriteToAsync(stream, _cancel.Token).ConfigureAwait(false);
        }

        Interlocked.Add(ref _sent, batch.Count);
        Interlocked.Add(ref _unattributed, batch.UnattributedCount);
        return NewResult(batch, marker) with { DryRunFile = file };
    }

    private async Task<ChatBatchResult> UploadAsync(ChatBatch batch, string marker, string sha, long? ledgerBatchId)
    {
        var outgoing = new OutgoingBatch(batch.Sequence, marker, sha, batch.Count, batch.FirstRowNumber, batch.LastRowNumber, batch.ByteLength, UploadMarker.Compose(_options.Comment, marker), batch.WriteToAsync, ledgerBatchId);
        var outcome = await _sender!.SendAsync(outgoing, _cancel.Token).ConfigureAwait(false);
        if (outcome.DuplicateUploads > 0)
        {
            Interlocked.Add(ref _duplicateUploads, outcome.DuplicateUploads);
            _issues.Enqueue(Notice(ImportIssueCodes.DuplicateUpload, "Batch " + batch.Sequence.ToString(CultureInfo.InvariantCulture) + " (marker " + marker + ") is in Metrica " + (outcome.DuplicateUploads + 1).ToString(CultureInfo.InvariantCulture) + " times: its rows were received more than once.", "Metrica cannot delete an upload; note the duplicate uploads when you read the reports."));
        }

        switch (outcome.Kind)
        {
            case SendResultKind.Sent:
            case SendResultKind.Reconciled:
                Interlocked.Add(ref _sent, batch.Count);
                Interlocked.Add(ref _unattributed, batch.UnattributedCount);
                return NewResult(batch, marker) with { Upload = outcome.Upload, Reconciled = outcome.Kind == SendResultKind.Reconciled, DuplicateUploads = outcome.DuplicateUploads };
            case SendResultKind.Unknown:
                Interlocked.Add(ref _unknown, batch.Count);
                var unknown = "Batch " + batch.Sequence.ToString(CultureInfo.InvariantCulture) + " (rows " + batch.FirstRowNumber.ToString(CultureInfo.InvariantCulture) + "-" + batch.LastRowNumber.ToString(CultureInfo.InvariantCulture) + ") may or may not have reached Metrica: " + (outcome.Note ?? "its fate could not be settled") + (outcome.Error is { } e ? " (after: " + e.Explanation + ")" : string.Empty) + ".";
                _issues.Enqueue(Notice(ImportIssueCodes.UploadFateUnknown, unknown, _run is { RunId: > 0 } ? "Run the import again later: it looks for the batch (marker " + marker + ") first and sends its rows only if Metrica does not have them." : "Look for an upload whose comment ends with " + marker + " before sending these rows again."));
                if (_cancel.IsCancellationRequested)
                {
                    Cancel("Cancelled: the import was stopped by the user.");
                }

                return NewResult(batch, marker) with { Unknown = true, Error = unknown };
            default:
                Interlocked.Add(ref _notSent, batch.Count);
                var reason = outcome.Error?.Message ?? "Batch " + batch.Sequence.ToString(CultureInfo.InvariantCulture) + " was not sent: " + (outcome.Note ?? "it was refused") + ".";
                if (outcome.Error is { } error && outcome.Note is { } note)
                {
                    reason = error.Message + " The batch was looked for in Metrica's uploads list and " + note + "; running again sends it once.";
                }

                if (_cancel.IsCancellationRequested)
                {
                    Cancel("Cancelled: the import was stopped by the user.");
                }
                else if (outcome.Error is { } final && (!final.IsTransient || (final.Final && !final.MayHaveArrived)))
                {
                    // Final failures (access, daily quota, a refused file, nothing listening, a TLS
                    // certificate refused) stop the run; a batch that ran out of retries does not
                    // stop the batches that can still go.
                    Stop(new StopInfo(final.Message, ChatImportStopKind.ApiError, ChatImportApiError.From(final)));
                }

                return NewResult(batch, marker) with { Error = reason };
        }
    }

    private ChatBatchResult NotSentResult(ChatBatch batch, string marker, string reason)
    {
        Interlocked.Add(ref _notSent, batch.Count);
        return NewResult(batch, marker) with { Error = reason };
    }

    private static ChatBatchResult NewResult(ChatBatch batch, string marker) => new()
    {
        BatchNumber = batch.Sequence,
        Marker = marker,
        FirstRow = batch.FirstRowNumber,
        LastRow = batch.LastRowNumber,
        Rows = batch.Count,
        Bytes = batch.ByteLength,
    };

    private void Finish(ChatBatchResult result)
    {
        lock (_results)
        {
            _results[result.BatchNumber] = result;
        }

        Interlocked.Increment(ref _batchesDone);
        _completed.Enqueue(result);
    }

    private static string Hash(ChatBatch batch)
    {
        using var sha = SHA256.Create();
        using (var hashing = new CryptoStream(Stream.Null, sha, CryptoStreamMode.Write))
        {
            batch.WriteTo(hashing);
            hashing.FlushFinalBlock();
        }

        return BitConverter.ToString(sha.Hash!).Replace("-", string.Empty).ToLowerInvariant();
    }

    private async Task WaitForTasksAsync()
    {
        Task[] pending;
        lock (_tasks)
        {
            pending = _tasks.ToArray();
        }

        _activity = "Finishing uploads";
        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    // One more look at the uploads list for this run's markers: a marker in more than one
    // upload is a duplicate that Metrica holds, and it is reported, never hidden.
    private async Task CheckForDuplicatesAsync()
    {
        if (_sender is null || _cancel.IsCancellationRequested)
        {
            return;
        }

        // After a refusal that every request would meet (a used-up daily quota, a token without
        // access), the look would only be refused too.
        if (ApiError is { Kind: MetricaErrorKind.DailyQuota or MetricaErrorKind.Unauthorized or MetricaErrorKind.AccessDenied })
        {
            return;
        }

        List<ChatBatchResult> sent;
        lock (_results)
        {
            sent = _results.Values.Where(r => r.Upload is not null).ToList();
        }

        if (sent.Count == 0)
        {
            return;
        }

        _activity = "Checking for duplicates";
        Dictionary<string, List<MetricaUpload>> found;
        try
        {
            found = await _sender.Reconciler.ScanAsync(sent.Select(r => r.Marker).ToList(), stopWhenAllFound: false, _cancel.Token).ConfigureAwait(false);
        }
        catch (MetricaApiException ex)
        {
            _issues.Enqueue(Notice(ImportIssueCodes.DuplicateUpload, "The final check of the uploads list for this run's batches could not be made (" + ex.Explanation + "); every batch was confirmed once, but duplicates were not looked for.", "Nothing to do; the next run looks again before it sends anything."));
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        foreach (var result in sent)
        {
            if (!found.TryGetValue(result.Marker, out var uploads) || uploads.Count <= 1 || result.DuplicateUploads >= uploads.Count - 1)
            {
                continue;
            }

            var extra = uploads.Count - 1 - result.DuplicateUploads;
            Interlocked.Add(ref _duplicateUploads, extra);
            var ids = string.Join(", ", uploads.Select(u => u.Id.ToString(CultureInfo.InvariantCulture)));
            _issues.Enqueue(Notice(ImportIssueCodes.DuplicateUpload, "Batch " + result.BatchNumber.ToString(CultureInfo.InvariantCulture) + " (marker " + result.Marker + ") is in Metrica " + uploads.Count.ToString(CultureInfo.InvariantCulture) + " times (uploads " + ids + "): its rows were received more than once.", "Metrica cannot delete an upload; note the duplicate uploads when you read the reports."));
            lock (_results)
            {
                _results[result.BatchNumber] = result with { DuplicateUploads = uploads.Count - 1 };
            }

            if (_run is { RunId: > 0 } run && run.Ledger.RunBatches(run.RunId).FirstOrDefault(b => string.Equals(b.Marker, result.Marker, StringComparison.OrdinalIgnoreCase)) is { } recorded)
            {
                try
                {
                    run.Ledger.MarkDuplicated(recorded.Id, "uploads " + ids + " carry its marker");
                }
#pragma warning disable CA1031 // The duplicate is reported either way.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
    }

    private async Task WaitForProcessingAsync()
    {
        List<ChatBatchResult> sent;
        lock (_results)
        {
            sent = _results.Values.Where(r => r.Upload is not null).OrderBy(r => r.BatchNumber).ToList();
        }

        foreach (var result in sent)
        {
            _activity = "Waiting for upload " + result.Upload!.Id.ToString(CultureInfo.InvariantCulture);
            try
            {
                var final = await _client!.WaitForUploadAsync(_options.CounterId, result.Upload.Id, _options.PollInterval, null, _cancel.Token).ConfigureAwait(false);
                lock (_results)
                {
                    _results[result.BatchNumber] = result with { Upload = final };
                }
            }
            catch (OperationCanceledException)
            {
                Cancel("Cancelled while waiting for Metrica to process the uploads (they were sent).");
                return;
            }
            catch (MetricaApiException ex)
            {
                // The rows were sent; only the wait failed. Say so without calling the run incomplete.
                _issues.Enqueue(Notice(ImportIssueCodes.WaitFailed, "Could not follow upload " + result.Upload.Id.ToString(CultureInfo.InvariantCulture) + ": " + ex.Message, "Its rows were sent; check its status later by its upload id."));
                return;
            }
        }
    }

    private ChatImportSummary BuildSummary()
    {
        List<ChatBatchResult> results;
        lock (_results)
        {
            results = _results.Values.OrderBy(r => r.BatchNumber).ToList();
        }

        var stopped = Volatile.Read(ref _stop);
        var stop = stopped?.Reason;
        var notSent = Interlocked.Read(ref _notSent);
        var unknown = Interlocked.Read(ref _unknown);
        return new ChatImportSummary
        {
            Read = _read,
            Sent = Interlocked.Read(ref _sent),
            AlreadySent = _alreadySent,
            Rejected = _rejected,
            NotSent = notSent,
            Unknown = unknown,
            DuplicateUploads = Interlocked.Read(ref _duplicateUploads),
            InputIncomplete = _inputIncomplete,
            Unattributed = Interlocked.Read(ref _unattributed),
            Warnings = _warnings,
            RejectedByCode = new Dictionary<string, long>(_rejectedByCode, StringComparer.Ordinal),
            RejectedByMetrica = results.Sum(r => r.Upload is { IsFinal: true } u ? u.RejectedByMetrica : 0),
            Batches = results.Count,
            UploadIds = results.Where(r => r.Upload is not null).Select(r => r.Upload!.Id).Distinct().ToList(),
            BatchResults = results,
            Elapsed = _watch.Elapsed,
            Completed = stop is null && notSent == 0 && unknown == 0,
            StopReason = stop,
            StopKind = stopped?.Kind ?? ChatImportStopKind.None,
            ApiError = stopped?.ApiError,
            DryRun = _dryRun,
            Requests = (_client?.RequestCount ?? 0) - _requestsAtStart,
            LedgerPath = _run?.Ledger.Path,
            LedgerRunId = _run?.RunId ?? 0,
        };
    }
}
