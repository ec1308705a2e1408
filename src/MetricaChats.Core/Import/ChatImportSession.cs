using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Api;
using MetricaChats.Core.Api.Internal;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Wire;

namespace MetricaChats.Core.Import;

/// <summary>
/// A push-style import, for callers that receive one item at a time (the PowerShell cmdlet:
/// <c>ProcessRecord</c> calls <see cref="AddAsync(ChatRecord, CancellationToken)"/>,
/// <c>EndProcessing</c> calls <see cref="CompleteAsync"/>). Items are normalised, batched and
/// uploaded in the background with at most <see cref="ChatImportOptions.MaxParallelUploads"/>
/// uploads at once; <c>AddAsync</c> waits when that many batches are already in flight, so
/// memory stays flat.
/// </summary>
/// <remarks>
/// Thread rules: call <c>AddAsync</c>, <c>CompleteAsync</c>, <see cref="TakeIssues"/>,
/// <see cref="TakeCompleted"/> and <see cref="GetProgress"/> from one thread at a time (the
/// pipeline thread). Nothing is raised on background threads: issues, finished batches and
/// progress are queued and handed over by the <c>Take*</c> methods, so the caller writes them
/// on its own thread. When the run stops early (daily quota, access refused, a rejected
/// upload, cancellation), <see cref="IsStopped"/> turns true and further valid items are
/// counted as not sent; the methods do not throw for that (the summary tells).
/// </remarks>
public sealed class ChatImportSession : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan CancelReconcileTimeout = TimeSpan.FromSeconds(10);

    private readonly MetricaClient? _client;
    private readonly ChatImportOptions _options;
    private readonly ChatEventNormalizer _normalizer;
    private readonly ChatBatchBuilder _builder;
    private readonly CancellationTokenSource _cancel;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentQueue<ChatIssue> _issues = new();
    private readonly ConcurrentQueue<ChatBatchResult> _completed = new();
    private readonly List<Task> _tasks = new();
    private readonly Dictionary<int, ChatBatchResult> _results = new();
    private readonly Dictionary<string, long> _rejectedByCode = new(StringComparer.Ordinal);
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly string _runId;
    private readonly ImportStateFile? _state;
    private readonly long _requestsAtStart;
    private readonly bool _dryRun;
    private readonly CancellationTokenRegistration _sessionCancelled;
    private Task<Dictionary<string, MetricaUpload>>? _resumeScan;
    private long _read;
    private long _rejected;
    private long _warnings;
    private long _sent;
    private long _resumed;
    private long _notSent;
    private long _unattributed;
    private int _batches;
    private int _batchesDone;
    private int _inFlight;
    private StopInfo? _stop;
    private string _activity = "Reading";
    private bool _completing;
    private int _disposed;
    private ChatImportSummary? _summary;

    /// <summary>Starts a session. <paramref name="client"/> may be null only for a dry run.</summary>
    /// <param name="client">The API client, or null with <see cref="ChatImportOptions.DryRunDirectory"/> set.</param>
    /// <param name="options">What to import where.</param>
    /// <param name="cancellationToken">Cancels the whole session (in-flight uploads included).</param>
    /// <exception cref="ArgumentException">The options are incomplete (no counter, no client without dry run, bad bounds).</exception>
    /// <exception cref="InvalidOperationException">The state file belongs to another import.</exception>
    public ChatImportSession(MetricaClient? client, ChatImportOptions options, CancellationToken cancellationToken = default)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _dryRun = !string.IsNullOrEmpty(options.DryRunDirectory);
        if (!_dryRun && client is null)
        {
            throw new ArgumentException("A MetricaClient is needed to send; pass one, or set DryRunDirectory to write the batches to files.", nameof(client));
        }

        if (!_dryRun && options.CounterId <= 0)
        {
            throw new ArgumentException("Set CounterId to the Metrica counter to import into (a positive number; Get-MetricaCounter lists them).", nameof(options));
        }

        if (options.MaxParallelUploads < 1)
        {
            throw new ArgumentException("MaxParallelUploads must be at least 1.", nameof(options));
        }

        if (options.Wait && options.PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("PollInterval must be positive.", nameof(options));
        }

        var batchOptions = options.Batch ?? new ChatBatchOptions();
        batchOptions.Validate();
        _client = client;
        _normalizer = new ChatEventNormalizer(options.Normalizer);
        _builder = new ChatBatchBuilder(batchOptions);
        _slots = new SemaphoreSlim(options.MaxParallelUploads, options.MaxParallelUploads);
        _cancel = new CancellationTokenSource();
        _requestsAtStart = client?.RequestCount ?? 0;

        if (_dryRun)
        {
            Directory.CreateDirectory(options.DryRunDirectory!);
        }
        else if (!string.IsNullOrEmpty(options.StateFile))
        {
            _state = ImportStateFile.OpenOrCreate(options.StateFile!, options.CounterId, batchOptions.MaxRows, batchOptions.MaxBytes, UploadMarker.NewRunId);
        }

        _runId = _state?.RunId ?? UploadMarker.NewRunId();
        _sessionCancelled = cancellationToken.Register(() => Cancel("Cancelled: the import was stopped by the user."));
    }

    /// <summary>The run id all batch markers of this run start with (kept across resumes by the state file).</summary>
    public string RunId => _runId;

    /// <summary>True once the run has stopped early; see <see cref="StopReason"/>.</summary>
    public bool IsStopped => Volatile.Read(ref _stop) is not null;

    /// <summary>Why the run stopped early, or null.</summary>
    public string? StopReason => Volatile.Read(ref _stop)?.Reason;

    /// <summary>Why the run stopped early, as data (<see cref="ChatImportStopKind.None"/> while it runs on).</summary>
    public ChatImportStopKind StopKind => Volatile.Read(ref _stop)?.Kind ?? ChatImportStopKind.None;

    /// <summary>For <see cref="ChatImportStopKind.ApiError"/>: the API failure that stopped the run; otherwise null.</summary>
    public ChatImportApiError? ApiError => Volatile.Read(ref _stop)?.ApiError;

    /// <summary>Normalises and adds one raw record; a bad record becomes an error issue (see <see cref="TakeIssues"/>).</summary>
    public Task AddAsync(ChatRecord record, CancellationToken cancellationToken = default)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        ThrowIfCompleting();
        _read++;
        var result = _normalizer.Normalize(record);
        var issues = result.Issues;
        for (var i = 0; i < issues.Count; i++)
        {
            var issue = issues[i];
            if (issue.Severity == ChatIssueSeverity.Warning)
            {
                _warnings++;
            }

            _issues.Enqueue(issue);
        }

        if (result.Event is not { } chatEvent)
        {
            _rejected++;
            var code = result.Error?.Code ?? "Rejected";
            _rejectedByCode[code] = _rejectedByCode.TryGetValue(code, out var n) ? n + 1 : 1;
            return Task.CompletedTask;
        }

        return AddEventCoreAsync(chatEvent, cancellationToken);
    }

    /// <summary>Adds one normalised event.</summary>
    public Task AddAsync(ChatEvent chatEvent, CancellationToken cancellationToken = default)
    {
        if (chatEvent is null)
        {
            throw new ArgumentNullException(nameof(chatEvent));
        }

        ThrowIfCompleting();
        _read++;
        return AddEventCoreAsync(chatEvent, cancellationToken);
    }

    /// <summary>
    /// Stops the run at the caller's request without cancelling what is already on its way: items
    /// added from now on and the events of the batch not yet full are counted as not sent, while
    /// uploads in flight finish (or fail) as they would have. Call <see cref="CompleteAsync"/> next:
    /// it waits for them to settle, records the stop in the state file and returns the summary
    /// (<see cref="ChatImportStopKind.Cancelled"/>, with <paramref name="reason"/>). Does nothing
    /// when the run has already stopped (the first stop's reason stays).
    /// </summary>
    /// <param name="reason">Why, for the summary and the state file (the caller's own words).</param>
    public void Stop(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("Say why the run stops.", nameof(reason));
        }

        Stop(new StopInfo(reason, ChatImportStopKind.Cancelled, null));
    }

    /// <summary>
    /// Sends the last batch, waits for every upload (and, with <see cref="ChatImportOptions.Wait"/>,
    /// for processing), and returns the summary. Does not throw for a stopped or cancelled run:
    /// <see cref="ChatImportSummary.StopReason"/> says why it ended early.
    /// </summary>
    public async Task<ChatImportSummary> CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (_summary is not null)
        {
            return _summary;
        }

        _completing = true;
        using var link = cancellationToken.Register(() => Cancel("Cancelled: the import was stopped by the user."));
        if (!IsStopped && _builder.Complete() is { } last)
        {
            await SubmitAsync(last, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            Interlocked.Add(ref _notSent, _builder.Count);
            _builder.Complete();
        }

        await WaitForTasksAsync().ConfigureAwait(false);

        if (_options.Wait && !_dryRun && !IsStopped)
        {
            await WaitForProcessingAsync().ConfigureAwait(false);
        }

        _activity = "Done";
        _summary = BuildSummary();
        _state?.RecordStop(_summary.StopReason, _summary.Completed);
        return _summary;
    }

    /// <summary>Row issues raised since the last call, in row order.</summary>
    public IReadOnlyList<ChatIssue> TakeIssues() => Drain(_issues);

    /// <summary>Batches finished since the last call, in completion order.</summary>
    public IReadOnlyList<ChatBatchResult> TakeCompleted() => Drain(_completed);

    /// <summary>A progress snapshot.</summary>
    public ChatImportProgress GetProgress() => new()
    {
        Read = _read,
        Sent = Interlocked.Read(ref _sent),
        Rejected = _rejected,
        Batches = Volatile.Read(ref _batches),
        BatchesDone = Volatile.Read(ref _batchesDone),
        InFlight = Volatile.Read(ref _inFlight),
        TotalRows = _options.TotalRows,
        Elapsed = _watch.Elapsed,
        Activity = _activity,
    };

    /// <summary>Cancels unfinished uploads and waits for them to end (the state file is kept current).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_summary is null)
        {
            Cancel("Cancelled: the import session was closed before it completed.");
            await WaitForTasksAsync().ConfigureAwait(false);
        }

        _sessionCancelled.Dispose();
        _cancel.Dispose();
        _slots.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static IReadOnlyList<T> Drain<T>(ConcurrentQueue<T> queue)
    {
        if (queue.IsEmpty)
        {
            return Array.Empty<T>();
        }

        var list = new List<T>();
        while (queue.TryDequeue(out var item))
        {
            list.Add(item);
        }

        return list;
    }

    private void ThrowIfCompleting()
    {
        if (_completing)
        {
            throw new InvalidOperationException("The import session is completing or complete; start a new session to add more.");
        }
    }

    private Task AddEventCoreAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        if (IsStopped)
        {
            Interlocked.Increment(ref _notSent);
            return Task.CompletedTask;
        }

        var batch = _builder.Add(chatEvent);
        return batch is null ? Task.CompletedTask : SubmitAsync(batch, cancellationToken);
    }

    private async Task SubmitAsync(ChatBatch batch, CancellationToken cancellationToken)
    {
        var number = batch.Sequence;
        var marker = UploadMarker.ForBatch(_runId, number);
        Interlocked.Increment(ref _batches);
        _activity = "Batch " + number.ToString(CultureInfo.InvariantCulture);

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

            Finish(NotSentResult(batch, marker, StopReason ?? "Not sent."));
            batch.Release();
            return;
        }

        Interlocked.Increment(ref _inFlight);
        var task = Task.Run(() => ProcessBatchAsync(batch, marker));
        lock (_tasks)
        {
            _tasks.RemoveAll(t => t.IsCompleted);
            _tasks.Add(task);
        }
    }

    private async Task ProcessBatchAsync(ChatBatch batch, string marker)
    {
        ChatBatchResult result;
        try
        {
            result = _dryRun ? await WriteDryRunAsync(batch, marker).ConfigureAwait(false) : await UploadAsync(batch, marker).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A batch's failure must become its result (and stop the run), never an unobserved task exception.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var reason = ex is MetricaApiException api ? api.Message : "Batch " + batch.Sequence.ToString(CultureInfo.InvariantCulture) + " failed: " + ex.Message;
            Stop(ex is MetricaApiException failure
                ? new StopInfo(reason, ChatImportStopKind.ApiError, ChatImportApiError.From(failure))
                : new StopInfo(reason, ChatImportStopKind.Failed, null));
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

    private async Task<ChatBatchResult> UploadAsync(ChatBatch batch, string marker)
    {
        var client = _client!;
        var counterId = _options.CounterId;
        string? hash = null;
        if (_state is not null)
        {
            hash = Hash(batch);
            if (_state.Find(batch.Sequence) is { } recorded)
            {
                if (recorded.Rows != batch.Count || recorded.FirstRow != batch.FirstRowNumber || recorded.LastRow != batch.LastRowNumber || !string.Equals(recorded.Sha256, hash, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("The input differs from the run recorded in the state file '" + _state.Path + "' at batch " + batch.Sequence.ToString(CultureInfo.InvariantCulture) + " (rows " + recorded.FirstRow.ToString(CultureInfo.InvariantCulture) + "-" + recorded.LastRow.ToString(CultureInfo.InvariantCulture) + " then, " + batch.FirstRowNumber.ToString(CultureInfo.InvariantCulture) + "-" + batch.LastRowNumber.ToString(CultureInfo.InvariantCulture) + " now). Re-run with the same input, or use a new state file.");
                }

                return Sent(batch, marker, ResumedUpload(recorded, counterId), reconciled: false, resumed: true, hash);
            }

            if (_state.Existed)
            {
                // A previous run may have sent this batch without recording it (it was stopped mid-upload).
                var scan = LazyInitializer.EnsureInitialized(ref _resumeScan, () => client.FindRunUploadsAsync(counterId, _runId, _cancel.Token))!;
                var found = await scan.ConfigureAwait(false);
                if (found.TryGetValue(marker, out var earlier) && earlier.SourceQuantity == batch.Count)
                {
                    return Sent(batch, marker, earlier, reconciled: true, resumed: true, hash);
                }
            }
        }

        var started = 0;
        try
        {
            var outcome = await client.UploadCoreAsync(
                counterId,
                token => new WriterContent(
                    (stream, t) =>
                    {
                        Interlocked.Exchange(ref started, 1);
                        return batch.WriteToAsync(stream, t);
                    },
                    batch.ByteLength,
                    token),
                _options.Comment,
                marker,
                _cancel.Token).ConfigureAwait(false);
            return Sent(batch, marker, outcome.Upload, outcome.Reconciled, resumed: false, hash);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested && Volatile.Read(ref started) == 1)
        {
            // Cancelled while the file was on its way: it may have arrived. Look once, briefly.
            MetricaUpload? found = null;
            try
            {
                using var brief = new CancellationTokenSource(CancelReconcileTimeout);
                found = await client.FindByMarkerOnceAsync(counterId, marker, brief.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (MetricaApiException)
            {
            }

            if (found is not null)
            {
                return Sent(batch, marker, found, reconciled: true, resumed: false, hash);
            }

            return NotSentResult(batch, marker, StopReason ?? "Cancelled.");
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            return NotSentResult(batch, marker, StopReason ?? "Cancelled.");
        }
    }

    private static MetricaUpload ResumedUpload(ImportStateBatchDto recorded, int counterId) => new()
    {
        Id = recorded.UploadId,
        CounterId = counterId,
        SourceQuantity = recorded.Rows,
        LineQuantity = recorded.Rows,
        Comment = recorded.Marker,
        Type = MetricaPaths.UploadType,
        Status = MetricaUploadStatus.Uploaded,
        CreateTime = recorded.SentAt,
    };

    private ChatBatchResult Sent(ChatBatch batch, string marker, MetricaUpload upload, bool reconciled, bool resumed, string? hash)
    {
        Interlocked.Add(ref _sent, batch.Count);
        Interlocked.Add(ref _unattributed, batch.UnattributedCount);
        if (resumed)
        {
            Interlocked.Add(ref _resumed, batch.Count);
        }

        if (_state is not null && !(resumed && !reconciled))
        {
            _state.RecordSent(new ImportStateBatchDto
            {
                Number = batch.Sequence,
                Marker = marker,
                FirstRow = batch.FirstRowNumber,
                LastRow = batch.LastRowNumber,
                Rows = batch.Count,
                Bytes = batch.ByteLength,
                Sha256 = hash,
                UploadId = upload.Id,
                SentAt = upload.CreateTime ?? DateTimeOffset.UtcNow,
            });
        }

        return NewResult(batch, marker) with { Upload = upload, Reconciled = reconciled, Resumed = resumed };
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

    // The first stop wins: its reason, kind and API facts are recorded together.
    private void Stop(StopInfo stop) => Interlocked.CompareExchange(ref _stop, stop, null);

    private void Cancel(string reason)
    {
        Stop(new StopInfo(reason, ChatImportStopKind.Cancelled, null));
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
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
                _issues.Enqueue(new ChatIssue(0, null, null, "WaitFailed", "Could not follow upload " + result.Upload.Id.ToString(CultureInfo.InvariantCulture) + ": " + ex.Message, "Check it later with Get-MetricaChatImport.", ChatIssueSeverity.Warning));
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
        return new ChatImportSummary
        {
            Read = _read,
            Sent = Interlocked.Read(ref _sent),
            Rejected = _rejected,
            NotSent = Interlocked.Read(ref _notSent),
            Resumed = Interlocked.Read(ref _resumed),
            Unattributed = Interlocked.Read(ref _unattributed),
            Warnings = _warnings,
            RejectedByCode = new Dictionary<string, long>(_rejectedByCode, StringComparer.Ordinal),
            RejectedByMetrica = results.Sum(r => r.Upload is { IsFinal: true } u ? u.RejectedByMetrica : 0),
            Batches = results.Count,
            UploadIds = results.Where(r => r.Upload is not null).Select(r => r.Upload!.Id).Distinct().ToList(),
            BatchResults = results,
            Elapsed = _watch.Elapsed,
            Completed = stop is null && Interlocked.Read(ref _notSent) == 0,
            StopReason = stop,
            StopKind = stopped?.Kind ?? ChatImportStopKind.None,
            ApiError = stopped?.ApiError,
            DryRun = _dryRun,
            Requests = (_client?.RequestCount ?? 0) - _requestsAtStart,
        };
    }

    private sealed class StopInfo
    {
        public StopInfo(string reason, ChatImportStopKind kind, ChatImportApiError? apiError)
        {
            Reason = reason;
            Kind = kind;
            ApiError = apiError;
        }

        public string Reason { get; }

        public ChatImportStopKind Kind { get; }

        public ChatImportApiError? ApiError { get; }
    }
}
