namespace MetricaChats.Sandbox;

/// <summary>
/// Everything the sandbox received and keeps, in memory: uploads (with their rows), the request
/// log, per-counter switches. Thread-safe; every list returned is a snapshot.
/// </summary>
public sealed class SandboxState
{
    private readonly object _gate = new();
    private readonly List<SandboxUpload> _uploads = new();
    private readonly Dictionary<long, SandboxUpload> _byId = new();
    private readonly LinkedList<SandboxRequestRecord> _requests = new();
    private readonly Dictionary<int, SandboxCounterState> _counters = new();
    private readonly List<SandboxGoal> _goals = new();
    private readonly SandboxVisitors _visitors = new();
    private readonly IReadOnlyList<SandboxVisitorId> _seedVisitors;
    private readonly TimeProvider _clock;
    private readonly int _maxLogged;
    private long _nextId = 100_001;
    private long _nextGoalId = FirstGoalId;
    private long _sequence;
    private int _inFlight;
    private long _storedRows;

    private const long FirstGoalId = 300_000_001;

    internal SandboxState(TimeProvider clock, IEnumerable<int> counters, int maxLogged, long maxStoredRows, string chatGoalType, IEnumerable<SandboxVisitorId> visitors)
    {
        MaxStoredRows = Math.Max(0, maxStoredRows);
        _clock = clock;
        _maxLogged = Math.Max(1, maxLogged);
        KnownCounters = counters.Distinct().OrderBy(c => c).ToArray();
        ChatGoalType = string.IsNullOrWhiteSpace(chatGoalType) ? throw new ArgumentException("The chat goal's type must not be empty.", nameof(chatGoalType)) : chatGoalType;
        _seedVisitors = visitors.ToArray();
        ResetCounters();
        SeedVisitors();
    }

    /// <summary>The <c>type</c> the automatic Chat goal carries (see <see cref="SandboxOptions.ChatGoalType"/>).</summary>
    public string ChatGoalType { get; }

    /// <summary>Every visitor id the counters know (seeded and added), by counter, column and value.</summary>
    public IReadOnlyList<SandboxVisitorId> Visitors => _visitors.All;

    /// <summary>The most data rows kept across uploads (see <see cref="SandboxOptions.MaxStoredRows"/>).</summary>
    public long MaxStoredRows { get; }

    /// <summary>Data rows kept so far.</summary>
    public long StoredRows => Interlocked.Read(ref _storedRows);

    /// <summary>Every counter some token may use, ascending.</summary>
    public IReadOnlyList<int> KnownCounters { get; }

    /// <summary>All uploads stored by now, oldest first (late stores appear when their time comes).</summary>
    public IReadOnlyList<SandboxUpload> Uploads
    {
        get
        {
            DateTimeOffset now = _clock.GetUtcNow();
            lock (_gate) { return _uploads.Where(u => u.IsStoredAt(now)).ToArray(); }
        }
    }

    /// <summary>
    /// Uploads read and answered but not stored yet (late stores waiting for their time), oldest
    /// first. A proof that counts what arrived waits until this is empty.
    /// </summary>
    public IReadOnlyList<SandboxUpload> PendingUploads
    {
        get
        {
            DateTimeOffset now = _clock.GetUtcNow();
            lock (_gate) { return _uploads.Where(u => !u.IsStoredAt(now)).ToArray(); }
        }
    }

    /// <summary>The request log, oldest first (admin requests are not logged).</summary>
    public IReadOnlyList<SandboxRequestRecord> Requests
    {
        get { lock (_gate) { return _requests.ToArray(); } }
    }

    /// <summary>API requests being served right now.</summary>
    public int InFlightRequests => Volatile.Read(ref _inFlight);

    /// <summary>Finds an upload by id (a late store only once stored).</summary>
    /// <param name="id">The upload id.</param>
    /// <returns>The upload, or null.</returns>
    public SandboxUpload? FindUpload(long id)
    {
        DateTimeOffset now = _clock.GetUtcNow();
        lock (_gate) { return _byId.TryGetValue(id, out SandboxUpload? upload) && upload.IsStoredAt(now) ? upload : null; }
    }

    /// <summary>The uploads of one counter stored by now, oldest first.</summary>
    /// <param name="counterId">The counter.</param>
    /// <returns>A snapshot.</returns>
    public IReadOnlyList<SandboxUpload> UploadsOf(int counterId)
    {
        DateTimeOffset now = _clock.GetUtcNow();
        lock (_gate) { return _uploads.Where(u => u.CounterId == counterId && u.IsStoredAt(now)).ToArray(); }
    }

    /// <summary>
    /// The goals call uploads created with <c>new_goal_name</c> on a counter: the first stored
    /// call upload to name a goal creates it, later ones naming it leave it be (Metrica ignores
    /// the parameter when the goal exists). Computed from the stored uploads, so a late store
    /// creates its goal when it lands, and a reset forgets them.
    /// </summary>
    /// <param name="counterId">The counter.</param>
    /// <returns>The goals, oldest first.</returns>
    public IReadOnlyList<SandboxCallGoal> CallGoalsOf(int counterId) =>
        UploadsOf(counterId)
            .Where(u => u.Calls?.NewGoalName is not null)
            .OrderBy(u => u.StoredAt).ThenBy(u => u.Id)
            .GroupBy(u => u.Calls!.NewGoalName!, StringComparer.Ordinal)
            .Select(g => new SandboxCallGoal(counterId, g.Key, g.First().Id, g.First().StoredAt))
            .ToArray();

    /// <summary>The switches of a known counter.</summary>
    /// <param name="counterId">The counter.</param>
    /// <returns>Its state, or null when no token may use it.</returns>
    public SandboxCounterState? GetCounter(int counterId)
    {
        lock (_gate) { return _counters.TryGetValue(counterId, out SandboxCounterState? state) ? state : null; }
    }

    /// <summary>
    /// Makes a visitor known to a counter: a chat row that carries this id in this column is
    /// linked to a visit (<c>linked_quantity</c>) by uploads processed from now on. Once a counter
    /// knows one visitor, rows whose ids it does not know are counted in
    /// <c>user_not_found_quantity</c>; a counter with none seeded links every row with a Metrica id.
    /// </summary>
    /// <param name="counterId">The counter.</param>
    /// <param name="column"><c>ClientId</c>, <c>UserId</c>, <c>Yclid</c> or <c>PurchaseId</c> (any case).</param>
    /// <param name="value">The id.</param>
    public void AddVisitor(int counterId, string column, string value) => _visitors.Add(new SandboxVisitorId(counterId, column, value));

    /// <summary>
    /// The goals of a counter, oldest first. The automatic Chat goal is among them once one of
    /// the counter's chat uploads has been processed (its status is final), as the first chat
    /// upload creates it on Metrica.
    /// </summary>
    /// <param name="counterId">The counter.</param>
    /// <returns>A snapshot.</returns>
    public IReadOnlyList<SandboxGoal> GoalsOf(int counterId)
    {
        DateTimeOffset now = _clock.GetUtcNow();
        lock (_gate)
        {
            EnsureChatGoal(counterId, now);
            return _goals.Where(g => g.CounterId == counterId).ToArray();
        }
    }

    /// <summary>Every goal of every known counter, by id.</summary>
    public IReadOnlyList<SandboxGoal> Goals
    {
        get
        {
            DateTimeOffset now = _clock.GetUtcNow();
            lock (_gate)
            {
                foreach (int counter in KnownCounters)
                {
                    EnsureChatGoal(counter, now);
                }

                return _goals.OrderBy(g => g.Id).ToArray();
            }
        }
    }

    /// <summary>Adds a hand-made goal (<c>goal_source</c> <c>user</c>); the API's checks are the caller's.</summary>
    /// <param name="counterId">The counter.</param>
    /// <param name="name">Goal name.</param>
    /// <param name="type">Goal type.</param>
    /// <param name="conditions">Its conditions.</param>
    /// <returns>The goal.</returns>
    public SandboxGoal AddGoal(int counterId, string name, string type, IReadOnlyList<SandboxGoalCondition>? conditions = null)
    {
        DateTimeOffset now = _clock.GetUtcNow();
        lock (_gate)
        {
            // A Chat goal due by now is made first, so ids follow the order things happened in.
            EnsureChatGoal(counterId, now);
            var goal = new SandboxGoal(_nextGoalId++, counterId, name, type, SandboxGoal.UserSource, conditions ?? Array.Empty<SandboxGoalCondition>(), now);
            _goals.Add(goal);
            return goal;
        }
    }

    /// <summary>
    /// Seeds an upload of any type (e.g. <c>BASIC</c> or <c>CALLS</c>) without rows, so lists mix
    /// chats with other offline conversions as the real service does. A seeded <c>CALLS</c>
    /// upload counts its quantity as dynamic calls.
    /// </summary>
    /// <param name="counterId">The counter.</param>
    /// <param name="type">The upload type.</param>
    /// <param name="comment">Its comment.</param>
    /// <param name="status">A fixed status (default PROCESSED).</param>
    /// <param name="quantity">Its source and line quantity.</param>
    /// <returns>The stored upload.</returns>
    public SandboxUpload AddUpload(int counterId, string type, string? comment = null, string status = SandboxUploadStatus.Processed, int quantity = 1)
    {
        lock (_gate)
        {
            var upload = new SandboxUpload(
                _nextId++, counterId, type, comment, _clock.GetUtcNow(), TimeSpan.Zero, _clock,
                Array.Empty<string>(), Array.Empty<IReadOnlyDictionary<string, string>>(), false,
                quantity, quantity, Array.Empty<SandboxRowError>(), false, Array.Empty<string>(), true, 0,
                type == "CHATS" ? null : "CLIENT_ID", status,
                status == SandboxUploadStatus.LinkageFailure ? new SandboxLinkage(0, quantity, 0) : new SandboxLinkage(quantity, 0, 0));
            if (type == SandboxUploadType.Calls)
            {
                upload.Calls = new SandboxCallDetails(0, quantity, null);
            }

            Store(upload);
            return upload;
        }
    }

    /// <summary>Forgets every upload, the request log, the counter switches, the goals and the visitors added since the start (the seeded ones stay).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _uploads.Clear();
            _byId.Clear();
            _requests.Clear();
            _goals.Clear();
            _nextGoalId = FirstGoalId;
            Interlocked.Exchange(ref _storedRows, 0);
            ResetCounters();
            _visitors.Clear();
            SeedVisitors();
        }
    }

    /// <summary>Who a counter knows, frozen now for one upload (null: every Metrica id is a visitor).</summary>
    internal Func<string, string, bool>? VisitorMatcher(int counterId) => _visitors.MatcherFor(counterId);

    internal long NextUploadId()
    {
        lock (_gate) { return _nextId++; }
    }

    internal void Store(SandboxUpload upload)
    {
        lock (_gate)
        {
            _uploads.Add(upload);
            _byId[upload.Id] = upload;
        }
    }

    internal bool TryReserveRow()
    {
        if (Interlocked.Increment(ref _storedRows) <= MaxStoredRows)
        {
            return true;
        }

        Interlocked.Decrement(ref _storedRows);
        return false;
    }

    internal void ReleaseRows(int count) => Interlocked.Add(ref _storedRows, -count);

    internal long NextSequence() => Interlocked.Increment(ref _sequence);

    internal void Log(SandboxRequestRecord record)
    {
        lock (_gate)
        {
            _requests.AddLast(record);
            while (_requests.Count > _maxLogged)
            {
                _requests.RemoveFirst();
            }
        }
    }

    internal void EnterRequest() => Interlocked.Increment(ref _inFlight);

    internal void LeaveRequest() => Interlocked.Decrement(ref _inFlight);

    internal void SetCallsExtended(int counterId, bool on)
    {
        lock (_gate)
        {
            SandboxCounterState state = _counters[counterId];
            _counters[counterId] = state with
            {
                CallsExtendedThreshold = on,
                CallsExtendedSince = on ? (state.CallsExtendedThreshold ? state.CallsExtendedSince : _clock.GetUtcNow()) : null,
            };
        }
    }

    internal void SetConversionExtended(int counterId, bool on)
    {
        lock (_gate)
        {
            SandboxCounterState state = _counters[counterId];
            _counters[counterId] = state with
            {
                ConversionExtendedThreshold = on,
                ConversionExtendedSince = on ? (state.ConversionExtendedThreshold ? state.ConversionExtendedSince : _clock.GetUtcNow()) : null,
            };
        }
    }

    // Called under the gate: the counter's first processed chat upload makes the Chat goal, and a
    // stored call upload's new_goal_name makes that goal unless the counter has one of the name.
    private void EnsureChatGoal(int counterId, DateTimeOffset now)
    {
        foreach (SandboxCallGoal callGoal in CallGoalsOf(counterId))
        {
            if (!_goals.Any(g => g.CounterId == counterId && string.Equals(g.Name, callGoal.Name, StringComparison.Ordinal)))
            {
                _goals.Add(new SandboxGoal(_nextGoalId++, counterId, callGoal.Name, SandboxGoal.CallGoalType, SandboxGoal.AutoSource, Array.Empty<SandboxGoalCondition>(), callGoal.CreatedAt));
            }
        }

        if (_goals.Any(g => g.CounterId == counterId && g.IsChatGoal))
        {
            return;
        }

        SandboxUpload? first = _uploads
            .Where(u => u.CounterId == counterId && u.Type == "CHATS" && u.IsStoredAt(now) && u.IsFinalAt(now))
            .OrderBy(u => u.Id)
            .FirstOrDefault();
        if (first is not null)
        {
            _goals.Add(new SandboxGoal(_nextGoalId++, counterId, SandboxGoal.ChatGoalName, ChatGoalType, SandboxGoal.AutoSource, Array.Empty<SandboxGoalCondition>(), now));
        }
    }

    private void SeedVisitors()
    {
        foreach (SandboxVisitorId id in _seedVisitors)
        {
            _visitors.Add(id);
        }
    }

    private void ResetCounters()
    {
        _counters.Clear();
        foreach (int counter in KnownCounters)
        {
            _counters[counter] = new SandboxCounterState(counter, false, null, false, null);
        }
    }
}
