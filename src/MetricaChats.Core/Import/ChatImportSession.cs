using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Api;
using MetricaChats.Core.Api.Internal;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Ledger;
using MetricaChats.Core.Wire;

namespace MetricaChats.Core.Import;

/// <summary>
/// A push-style import, for callers that receive one item at a time (the PowerShell cmdlet:
/// <c>ProcessRecord</c> calls <see cref="AddAsync(ChatRecord, CancellationToken)"/>,
/// <c>EndProcessing</c> calls <see cref="CompleteAsync(CancellationToken)"/>). Items are normalised, checked
/// against the ledger (a chat already sent is not sent again), batched and uploaded in the
/// background with at most <see cref="ChatImportOptions.MaxParallelUploads"/> uploads at once;
/// <c>AddAsync</c> waits when that many batches are already in flight, so memory stays flat.
/// </summary>
/// <remarks>
/// With a ledger, the first call takes the counter's lock (one run per counter at a time),
/// settles the batches an earlier run left unsettled, and records every batch's intent before
/// its request goes out; see <see cref="ExactlyOnceSender"/>.
/// Thread rules: call <c>AddAsync</c>, <c>CompleteAsync</c>, <see cref="TakeIssues"/>,
/// <see cref="TakeCompleted"/> and <see cref="GetProgress"/> from one thread at a time (the
/// pipeline thread). Nothing is raised on background threads: issues, finished batches and
/// progress are queued and handed over by the <c>Take*</c> methods, so the caller writes them
/// on its own thread. When the run stops early (daily quota, access refused, a rejected
/// upload, cancellation), <see cref="IsStopped"/> turns true and further valid items are
/// counted as not sent; the methods do not throw for that (the summary tells).
/// </remarks>
public sealed partial class ChatImportSession : IAsyncDisposable, IDisposable
{
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
    private readonly List<RowIdentity> _batchIdentities = new();
    private readonly HashSet<long> _heldBatches = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly string _runId;
    private readonly long _requestsAtStart;
    private readonly bool _dryRun;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenRegistration _sessionCancelled;
    private readonly CancellationToken _sessionToken;
    private ChatRowIdentity? _identities;
    private ImportRunLedger? _run;
    private ExactlyOnceSender? _sender;
    private Task? _start;
    private ChatEvent? _pending;
    private long _read;
    private long _rejected;
    private long _warnings;
    private long _sent;
    private long _alreadySent;
    private long _unknown;
    private long _notSent;
    private long _unattributed;
    private long _duplicateUploads;
    private int _batches;
    private int _batchesDone;
    private int _inFlight;
    private StopInfo? _stop;
    private string? _inputIncomplete;
    private string _activity = "Reading";
    private bool _completing;
    private int _disposed;
    private ChatImportSummary? _summary;

    /// <summary>Starts a session. <paramref name="client"/> may be null only for a dry run.</summary>
    /// <param name="client">The API client, or null with <see cref="ChatImportOptions.DryRunDirectory"/> set.</param>
    /// <param name="options">What to import where.</param>
    /// <param name="cancellationToken">Cancels the whole session (in-flight uploads included).</param>
    /// <exception cref="ArgumentException">The options are incomplete (no counter, no client without dry run, bad bounds, a state file).</exception>
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
            throw new ArgumentException("Set CounterId to the Metrica counter to import into (a positive number).", nameof(options));
        }

        if (!string.IsNullOrEmpty(options.StateFile))
        {
            throw new ArgumentException(StateFileReplaced, nameof(options));
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
        _clock = options.Clock ?? TimeProvider.System;
        _normalizer = new ChatEventNormalizer(options.Normalizer);
        _builder = new ChatBatchBuilder(batchOptions);
        _slots = new SemaphoreSlim(options.MaxParallelUploads, options.MaxParallelUploads);
        _cancel = new CancellationTokenSource();
        _requestsAtStart = client?.RequestCount ?? 0;
        _runId = UploadMarker.NewRunId();
        _sessionToken = cancellationToken;

        if (_dryRun)
        {
            Directory.CreateDirectory(options.DryRunDirectory!);
        }

        _sessionCancelled = cancellationToken.Register(() => Cancel("Cancelled: the import was stopped by the user."));
    }

    /// <summary>The message for a caller that still sets <see cref="ChatImportOptions.StateFile"/>.</summary>
    public const string StateFileReplaced = "State files are no longer used: the ledger (on by default) records every batch before it is sent and every chat that was sent, so a re-run after a stop sends only what is missing and nothing twice. Leave the state file out; name a ledger file only to keep it somewhere other than the default place.";

    /// <summary>The run id all batch markers of this run start with.</summary>
    public string RunId => _runId;

    /// <summary>True once the run has stopped early; see <see cref="StopReason"/>.</summary>
    public bool IsStopped => Volatile.Read(ref _stop) is not null;

    /// <summary>Why the run stopped early, or null.</summary>
    public string? StopReason => Volatile.Read(ref _stop)?.Reason;

    /// <summary>Why the run stopped early, as data (<see cref="ChatImportStopKind.None"/> while it runs on).</summary>
    public ChatImportStopKind StopKind => Volatile.Read(ref _stop)?.Kind ?? ChatImportStopKind.None;

    /// <summary>For <see cref="ChatImportStopKind.ApiError"/>: the API failure that stopped the run; otherwise null.</summary>
    public ChatImportApiError? ApiError => Volatile.Read(ref _stop)?.ApiError;

    /// <summary>The ledger in use, or null (no ledger, or not started yet).</summary>
    public ImportLedger? Ledger => _run?.Ledger;

    /// <summary>
    /// Opens the ledger, takes the counter's lock and settles what an earlier run left unsettled
    /// (the first <c>AddAsync</c> or <c>CompleteAsync</c> does this when it has not been called).
    /// Issues raised meanwhile (waiting, settled batches) are queued as usual.
    /// </summary>
    /// <exception cref="LedgerException">The ledger cannot be used, or another run still holds the counter after the wait.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => _start ??= StartCoreAsync(cancellationToken);

    /// <summary>Normalises and adds one raw record; a bad record becomes an error issue (see <see cref="TakeIssues"/>).</summary>
    public Task AddAsync(ChatRecord record, CancellationToken cancellationToken = default)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        ThrowIfCompleting();
        if (_start is not { IsCompleted: true } || _start.IsFaulted || _start.IsCanceled)
        {
            return AddAfterStartAsync(record, cancellationToken);
        }

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
        if (_start is not { IsCompleted: true } || _start.IsFaulted || _start.IsCanceled)
        {
            return AddAfterStartAsync(chatEvent, cancellationToken);
        }

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
    /// for processing), checks the uploads list once more for this run's markers, and returns
    /// the summary. Does not throw for a stopped or cancelled run:
    /// <see cref="ChatImportSummary.StopReason"/> says why it ended early.
    /// </summary>
    public Task<ChatImportSummary> CompleteAsync(CancellationToken cancellationToken = default) => CompleteAsync(null, cancellationToken);

    /// <summary>
    /// Like <see cref="CompleteAsync(CancellationToken)"/>, told how the input ended: when its last
    /// row was cut off (no line ending) that row is not sent; when it changed while it was read,
    /// the rows not yet sent are not sent. Either is said as an issue and in the summary.
    /// </summary>
    public async Task<ChatImportSummary> CompleteAsync(ImportInputEnd? inputEnd, CancellationToken cancellationToken = default)
    {
        if (_summary is not null)
        {
            return _summary;
        }

        await StartAsync(_sessionToken).ConfigureAwait(false);
        _completing = true;
        using var link = cancellationToken.Register(() => Cancel("Cancelled: the import was stopped by the user."));
        await FinishInputAsync(inputEnd, cancellationToken).ConfigureAwait(false);
        await WaitForTasksAsync().ConfigureAwait(false);
        await CheckForDuplicatesAsync().ConfigureAwait(false);

        if (_options.Wait && !_dryRun && !IsStopped)
        {
            await WaitForProcessingAsync().ConfigureAwait(false);
        }

        _activity = "Done";
        _summary = BuildSummary();
        _run?.End(_summary, m => _issues.Enqueue(Notice(ImportIssueCodes.LedgerWriteFailed, m, string.Empty)));
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

    /// <summary>Cancels unfinished uploads and waits for them to end (the ledger keeps every batch's state).</summary>
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
            if (_run is { RunId: > 0 })
            {
                _run.End(BuildSummary(), _ => { });
            }
        }

        _run?.Dispose();
        _identities?.Dispose();
        _sessionCancelled.Dispose();
        _cancel.Dispose();
        _slots.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var ledger = _options.Ledger;
        var owns = false;
        if (_dryRun && _options.CounterId <= 0)
        {
            return;
        }

        if (ledger is null && !string.IsNullOrEmpty(_options.LedgerPath))
        {
            ledger = ImportLedger.Open(_options.LedgerPath!, _clock);
            owns = true;
        }

        if (!_dryRun)
        {
            _sender = new ExactlyOnceSender(_client!, UploadKind.Chats, _options.CounterId, ledger, _client!.NewRetryBudget(), _clock, m => _issues.Enqueue(Notice(ImportIssueCodes.LedgerWriteFailed, m, string.Empty)));
        }

        if (ledger is null)
        {
            return;
        }

        try
        {
            var scope = ledger.Scope(_client?.Endpoint ?? _options.Endpoint ?? MetricaClientOptions.DefaultEndpoint, _options.CounterId, UploadKind.Chats.Name);
            if (_dryRun)
            {
                _run = ImportRunLedger.ForDryRun(ledger, owns, scope);
            }
            else
            {
                using var link = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cancel.Token);
                _activity = "Settling earlier runs";
                _run = await ImportRunLedger.StartAsync(ledger, owns, scope, _sender!, _runId, _options, i => _issues.Enqueue(i), link.Token).ConfigureAwait(false);
                _activity = "Reading";
            }
        }
        catch
        {
            if (owns)
            {
                ledger.Dispose();
            }

            throw;
        }

        if (_run is not null && !_options.Resend)
        {
            _identities = new ChatRowIdentity();
        }
    }

    private async Task AddAfterStartAsync(ChatRecord record, CancellationToken cancellationToken)
    {
        await StartAsync(_sessionToken).ConfigureAwait(false);
        await AddAsync(record, cancellationToken).ConfigureAwait(false);
    }

    private async Task AddAfterStartAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        await StartAsync(_sessionToken).ConfigureAwait(false);
        await AddAsync(chatEvent, cancellationToken).ConfigureAwait(false);
    }

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

    // The latest valid event is held back until the next one comes (or the input ends), so the
    // input's last row can still be withheld when the input turns out to have been cut off.
    private Task AddEventCoreAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        if (IsStopped)
        {
            Interlocked.Increment(ref _notSent);
            return Task.CompletedTask;
        }

        var previous = _pending;
        _pending = chatEvent;
        return previous is null ? Task.CompletedTask : AcceptAsync(previous, cancellationToken);
    }

    private Task AcceptAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        if (IsStopped)
        {
            Interlocked.Increment(ref _notSent);
            return Task.CompletedTask;
        }

        if (_identities is not null && _run is not null)
        {
            var identity = _identities.Of(chatEvent);
            var match = _run.Index.Check(identity, out var repeatOf);
            if (match is not null && IsAlreadyThere(chatEvent, identity, match, repeatOf))
            {
                return Task.CompletedTask;
            }

            _run.Index.Add(identity, chatEvent.RowNumber);
            _batchIdentities.Add(identity);
        }

        var batch = _builder.Add(chatEvent);
        return batch is null ? Task.CompletedTask : SubmitAsync(batch, cancellationToken);
    }

    // A row whose chat the ledger (or this input, earlier) already holds: counted, said when it
    // matters, and not sent. True when the row is not to be sent.
    private bool IsAlreadyThere(ChatEvent chatEvent, RowIdentity identity, LedgerMatch match, long repeatOf)
    {
        var row = chatEvent.RowNumber;
        if (match.BatchId == 0 || match.RunId == _run!.RunId)
        {
            _alreadySent++;
            _warnings++;
            var earlier = repeatOf > 0 ? "row " + repeatOf.ToString(CultureInfo.InvariantCulture) : "an earlier row";
            _issues.Enqueue(new ChatIssue(row, null, null, ImportIssueCodes.RepeatedChat, "The row repeats " + earlier + " of this input (same messenger, chat partner and time); the chat goes once.", "Nothing to do, unless these are two chats: then their times must differ.", ChatIssueSeverity.Warning));
            return true;
        }

        switch (match.State)
        {
            case LedgerBatchState.Sent:
                _alreadySent++;
                var differ = RowIdentity.DifferentFields(match.FieldHashes, identity.FieldHashes, ChatRowIdentity.FieldNames);
                if (differ.Count > 0)
                {
                    _warnings++;
                    _issues.Enqueue(new ChatIssue(row, null, null, ImportIssueCodes.AlreadySentChanged, string.Format(CultureInfo.InvariantCulture, "This chat was sent on {0:yyyy-MM-dd HH:mm} UTC (upload {1}) with other values in {2}; it was not sent again, because Metrica cannot update or delete a chat it has received.", match.IntentAt.UtcDateTime, match.UploadId?.ToString(CultureInfo.InvariantCulture) ?? "?", string.Join(", ", differ)), "Nothing to do, unless the new values matter more than a duplicate conversion: then send it again on purpose (the import's option to resend).", ChatIssueSeverity.Warning));
                }

                return true;
            case LedgerBatchState.Intent:
            case LedgerBatchState.Unknown:
                _unknown++;
                if (_heldBatches.Add(match.BatchId))
                {
                    _warnings++;
                    _issues.Enqueue(new ChatIssue(row, null, null, ImportIssueCodes.HeldUntilSettled, "The row's chat is in a batch of an earlier run whose fate is unknown (it may be in Metrica); this row and the others of that batch are held, not sent.", "Run the import again later: it looks for that batch first and sends its rows only if Metrica does not have them.", ChatIssueSeverity.Warning));
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Says that one input (a file) has ended and how (see <see cref="ImportInputFile.End"/>), for
    /// callers that read several inputs into one session: a cut-off last row is not sent; when the
    /// input changed while it was read, the rows not yet on their way are not sent. Either is said
    /// as an issue and counted as not sent. <see cref="CompleteAsync(ImportInputEnd?, CancellationToken)"/>
    /// does this for the last input.
    /// </summary>
    public void EndInput(ImportInputEnd inputEnd)
    {
        if (inputEnd is null)
        {
            throw new ArgumentNullException(nameof(inputEnd));
        }

        ThrowIfCompleting();
        ApplyInputEnd(inputEnd);
    }

    private void ApplyInputEnd(ImportInputEnd inputEnd)
    {
        if (IsStopped)
        {
            return;
        }

        var pending = _pending;
        if (inputEnd.ChangedWhileRead is { } changed)
        {
            // Rows not yet on their way stay here: the writer is still at work.
            _pending = null;
            var held = _builder.Count + (pending is null ? 0 : 1);
            _builder.Complete()?.Release();
            _batchIdentities.Clear();
            _run?.Index.BatchRecorded(Array.Empty<RowIdentity>());
            Interlocked.Add(ref _notSent, held);
            _inputIncomplete = "The input changed while it was read (" + changed + "), so its last " + held.ToString(CultureInfo.InvariantCulture) + " row(s) were not sent; rows already sent are recorded.";
            _issues.Enqueue(Notice(ImportIssueCodes.InputStillChanging, _inputIncomplete, "Run the import again when the export is complete: rows already sent are not sent twice."));
        }
        else if (inputEnd.LastRowUnterminated && pending is not null && inputEnd.LastRowNumber == pending.RowNumber)
        {
            _pending = null;
            Interlocked.Increment(ref _notSent);
            _inputIncomplete = "Row " + pending.RowNumber.ToString(CultureInfo.InvariantCulture) + " is the input's last line and has no line ending: the file may still be being written, so that row was not sent.";
            _issues.Enqueue(new ChatIssue(pending.RowNumber, null, null, ImportIssueCodes.InputStillChanging, _inputIncomplete, "If the export is complete, end the file with a line break (Excel and most tools do) and run again: rows already sent are not sent twice.", ChatIssueSeverity.Warning));
        }
    }

    private async Task FinishInputAsync(ImportInputEnd? inputEnd, CancellationToken cancellationToken)
    {
        if (inputEnd is not null)
        {
            ApplyInputEnd(inputEnd);
        }

        var pending = _pending;
        _pending = null;
        if (pending is not null)
        {
            await AcceptAsync(pending, cancellationToken).ConfigureAwait(false);
        }

        if (!IsStopped && _builder.Complete() is { } last)
        {
            await SubmitAsync(last, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            Interlocked.Add(ref _notSent, _builder.Count);
            _builder.Complete()?.Release();
        }
    }

    private static ChatIssue Notice(string code, string message, string fix) => new(0, null, null, code, message, fix, ChatIssueSeverity.Warning);

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
