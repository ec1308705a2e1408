namespace MetricaChats.Sandbox;

/// <summary>
/// Fault injection. Each API request (not the admin endpoints, not requests refused by auth or
/// quotas) draws from a seeded generator: with probability <see cref="FailureRate"/> a fault
/// happens, its kind chosen by the weights among the kinds that fit the request (the "applied
/// then …" kinds only fit uploads, of chats or calls). <see cref="ForceNext"/> queues faults deterministically.
/// Beside the per-request faults: late stores (an upload is read and answered, and stored
/// only <see cref="LateStoreDelay"/> later) and timed outages (<see cref="StartOutage"/>).
/// Every member is thread-safe and may be changed while the server runs.
/// </summary>
public sealed class SandboxFaults
{
    private readonly object _gate = new();
    private readonly Dictionary<SandboxFaultKind, double> _weights = new();
    private readonly List<SandboxFaultKind> _forced = new();
    private Random _random;
    private double _failureRate;
    private TimeSpan _slowDelay = TimeSpan.FromSeconds(2);
    private int _burstLength = 3;
    private int _burstRemaining;
    private int? _seed;
    private bool _uploadsOnly;
    private Random _lateRandom;
    private double _lateStoreRate;
    private TimeSpan _lateStoreDelay = TimeSpan.FromSeconds(2);
    private bool _lateStoreHoldsAnswer;
    private int _lateStoresForced;
    private SandboxOutage? _outage;
    private TimeProvider _clock = TimeProvider.System;

    /// <summary>Creates fault settings with no faults (rate 0) and every kind weighted 1.</summary>
    public SandboxFaults()
    {
        foreach (SandboxFaultKind kind in Enum.GetValues<SandboxFaultKind>())
        {
            _weights[kind] = 1;
        }

        _random = new Random(1);
        _lateRandom = LateRandom(1);
    }

    /// <summary>The probability (0..1) that a request gets a random fault. Default 0.</summary>
    public double FailureRate
    {
        get { lock (_gate) { return _failureRate; } }
        set
        {
            if (double.IsNaN(value) || value < 0 || value > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "FailureRate must be between 0 and 1.");
            }

            lock (_gate) { _failureRate = value; }
        }
    }

    /// <summary>How long a <see cref="SandboxFaultKind.Slow"/> response waits. Default 2 seconds.</summary>
    public TimeSpan SlowDelay
    {
        get { lock (_gate) { return _slowDelay; } }
        set { lock (_gate) { _slowDelay = value < TimeSpan.Zero ? TimeSpan.Zero : value; } }
    }

    /// <summary>How many consecutive requests a 429 burst covers. Default 3.</summary>
    public int RateLimitBurstLength
    {
        get { lock (_gate) { return _burstLength; } }
        set { lock (_gate) { _burstLength = Math.Max(1, value); } }
    }

    /// <summary>When true, random faults hit only uploads (chats and calls). Default false.</summary>
    public bool UploadsOnly
    {
        get { lock (_gate) { return _uploadsOnly; } }
        set { lock (_gate) { _uploadsOnly = value; } }
    }

    /// <summary>
    /// The generator's seed; setting it restarts the sequence, so the same requests in the same
    /// order get the same faults. Null means the server's <see cref="SandboxOptions.Seed"/>.
    /// </summary>
    public int? Seed
    {
        get { lock (_gate) { return _seed; } }
        set
        {
            lock (_gate)
            {
                _seed = value;
                _random = new Random(value ?? 1);
                _lateRandom = LateRandom(value ?? 1);
            }
        }
    }

    /// <summary>The relative weight of a kind (0 disables it).</summary>
    /// <param name="kind">The fault kind.</param>
    /// <returns>Its weight.</returns>
    public double GetWeight(SandboxFaultKind kind)
    {
        lock (_gate) { return _weights[kind]; }
    }

    /// <summary>Sets the relative weight of a kind (0 disables it).</summary>
    /// <param name="kind">The fault kind.</param>
    /// <param name="weight">Zero or more.</param>
    public void SetWeight(SandboxFaultKind kind, double weight)
    {
        if (double.IsNaN(weight) || weight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "A weight must be zero or more.");
        }

        lock (_gate) { _weights[kind] = weight; }
    }

    /// <summary>Enables only the given kinds (weight 1) and disables every other.</summary>
    /// <param name="kinds">The kinds to enable.</param>
    public void EnableOnly(params SandboxFaultKind[] kinds)
    {
        lock (_gate)
        {
            foreach (SandboxFaultKind kind in Enum.GetValues<SandboxFaultKind>())
            {
                _weights[kind] = Array.IndexOf(kinds, kind) >= 0 ? 1 : 0;
            }
        }
    }

    /// <summary>
    /// Queues a fault for the next fitting request(s), ahead of any random draw. The "applied then
    /// …" kinds wait for the next upload (chats or calls); other requests pass them by.
    /// </summary>
    /// <param name="kind">The fault.</param>
    /// <param name="times">How many requests get it.</param>
    public void ForceNext(SandboxFaultKind kind, int times = 1)
    {
        lock (_gate)
        {
            for (int i = 0; i < times; i++)
            {
                _forced.Add(kind);
            }
        }
    }

    /// <summary>The faults still queued by <see cref="ForceNext"/>.</summary>
    public IReadOnlyList<SandboxFaultKind> Pending
    {
        get { lock (_gate) { return _forced.ToArray(); } }
    }

    /// <summary>
    /// The share (0..1) of uploads (chats and calls) that are stored late: the body is read and checked and
    /// the answer goes out as usual, but the upload appears (in the list, by id, in
    /// <see cref="SandboxState.Uploads"/>) only <see cref="LateStoreDelay"/> later, whether the
    /// client is still there or not. Drawn from its own seeded generator, so turning it on does
    /// not change which requests get the other faults. Default 0.
    /// </summary>
    public double LateStoreRate
    {
        get { lock (_gate) { return _lateStoreRate; } }
        set
        {
            if (double.IsNaN(value) || value < 0 || value > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "LateStoreRate must be between 0 and 1.");
            }

            lock (_gate) { _lateStoreRate = value; }
        }
    }

    /// <summary>How long after its body was read a late upload is stored (sandbox clock). Default 2 seconds.</summary>
    public TimeSpan LateStoreDelay
    {
        get { lock (_gate) { return _lateStoreDelay; } }
        set { lock (_gate) { _lateStoreDelay = value < TimeSpan.Zero ? TimeSpan.Zero : value; } }
    }

    /// <summary>
    /// False (the default): a late upload is answered at once, with its id, and stored later.
    /// True: the answer is held until it is stored (a client that gives up or dies meanwhile
    /// leaves it to land anyway).
    /// </summary>
    public bool LateStoreHoldsAnswer
    {
        get { lock (_gate) { return _lateStoreHoldsAnswer; } }
        set { lock (_gate) { _lateStoreHoldsAnswer = value; } }
    }

    /// <summary>Makes the next <paramref name="times"/> uploads (chats or calls) that get as far as being stored late ones.</summary>
    /// <param name="times">How many uploads.</param>
    public void ForceLateStore(int times = 1)
    {
        lock (_gate) { _lateStoresForced += Math.Max(0, times); }
    }

    /// <summary>Late stores still queued by <see cref="ForceLateStore"/>.</summary>
    public int PendingLateStores
    {
        get { lock (_gate) { return _lateStoresForced; } }
    }

    /// <summary>The timed outage planned or running, or null.</summary>
    public SandboxOutage? Outage
    {
        get { lock (_gate) { return _outage; } }
    }

    /// <summary>
    /// Starts a timed outage: every API request (not the admin endpoints) is answered with
    /// <paramref name="kind"/> for <paramref name="duration"/> of the sandbox clock, from now, or,
    /// after <paramref name="afterRequests"/> more requests have been served normally, from the
    /// next one's arrival. Replaces any outage planned or running.
    /// </summary>
    /// <param name="kind">503 or 429.</param>
    /// <param name="duration">How long it lasts; more than zero.</param>
    /// <param name="afterRequests">API requests still served normally first (0: from now).</param>
    /// <param name="retryAfterSeconds">The <c>Retry-After</c> to send; null sends 1 with a 429 and none with a 503.</param>
    public void StartOutage(SandboxOutageKind kind, TimeSpan duration, int afterRequests = 0, int? retryAfterSeconds = null)
    {
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "An outage lasts more than zero seconds.");
        }

        if (afterRequests < 0 || retryAfterSeconds < 0 || !Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(afterRequests), "The outage kind must be known, and afterRequests and retryAfterSeconds not negative.");
        }

        int? retryAfter = retryAfterSeconds ?? (kind == SandboxOutageKind.RateLimit ? 1 : null);
        lock (_gate)
        {
            _outage = new SandboxOutage(kind, duration, afterRequests, afterRequests == 0 ? _clock.GetUtcNow() : null, retryAfter);
        }
    }

    /// <summary>Ends the outage at once (or cancels a planned one).</summary>
    public void StopOutage()
    {
        lock (_gate) { _outage = null; }
    }

    /// <summary>
    /// Stops all faults: rate 0, queue and any running burst cleared, no late stores, no
    /// outage, generators reseeded.
    /// </summary>
    public void Clear()
    {
        lock (_gate)
        {
            _failureRate = 0;
            _forced.Clear();
            _burstRemaining = 0;
            _random = new Random(_seed ?? 1);
            _lateRandom = LateRandom(_seed ?? 1);
            _lateStoreRate = 0;
            _lateStoresForced = 0;
            _outage = null;
        }
    }

    internal void Initialise(int seed, TimeProvider clock)
    {
        lock (_gate)
        {
            _clock = clock;
            if (_seed is null)
            {
                _seed = seed;
                _random = new Random(seed);
                _lateRandom = LateRandom(seed);
            }
        }
    }

    /// <summary>Whether this upload is stored late, and the delay.</summary>
    internal TimeSpan? DrawLateStore()
    {
        lock (_gate)
        {
            if (_lateStoresForced > 0)
            {
                _lateStoresForced--;
                return _lateStoreDelay;
            }

#pragma warning disable CA5394 // a seeded, reproducible test generator, not security
            return _lateStoreRate > 0 && _lateRandom.NextDouble() < _lateStoreRate ? _lateStoreDelay : null;
#pragma warning restore CA5394
        }
    }

    /// <summary>The outage in force for a request arriving now (counting it toward a planned start), or null.</summary>
    internal SandboxOutage? DrawOutage()
    {
        lock (_gate)
        {
            if (_outage is not { } outage)
            {
                return null;
            }

            DateTimeOffset now = _clock.GetUtcNow();
            if (outage.StartedAt is null)
            {
                if (outage.RequestsBeforeStart > 0)
                {
                    _outage = outage with { RequestsBeforeStart = outage.RequestsBeforeStart - 1 };
                    return null;
                }

                _outage = outage = outage with { StartedAt = now };
            }

            if (now >= outage.EndsAt)
            {
                _outage = null;
                return null;
            }

            return outage;
        }
    }

    private static Random LateRandom(int seed) => new(unchecked((seed * 31) + 0x1A7E));

    /// <summary>Draws the fault for one request, or null.</summary>
    internal SandboxFaultKind? Draw(bool isUpload)
    {
        lock (_gate)
        {
            if (_burstRemaining > 0)
            {
                _burstRemaining--;
                return SandboxFaultKind.RateLimitBurst;
            }

            for (int i = 0; i < _forced.Count; i++)
            {
                SandboxFaultKind kind = _forced[i];
                if (Fits(kind, isUpload))
                {
                    _forced.RemoveAt(i);
                    return Start(kind);
                }
            }

            if (_failureRate <= 0 || (_uploadsOnly && !isUpload))
            {
                return null;
            }

#pragma warning disable CA5394 // a seeded, reproducible test generator, not security
            if (_random.NextDouble() >= _failureRate)
            {
                return null;
            }

            double total = 0;
            foreach (KeyValuePair<SandboxFaultKind, double> pair in _weights)
            {
                if (Fits(pair.Key, isUpload))
                {
                    total += pair.Value;
                }
            }

            if (total <= 0)
            {
                return null;
            }

            double pick = _random.NextDouble() * total;
#pragma warning restore CA5394
            SandboxFaultKind? last = null;
            foreach (SandboxFaultKind kind in Enum.GetValues<SandboxFaultKind>())
            {
                double weight = _weights[kind];
                if (!Fits(kind, isUpload) || weight <= 0)
                {
                    continue;
                }

                last = kind;
                if (pick < weight)
                {
                    return Start(kind);
                }

                pick -= weight;
            }

            return last is null ? null : Start(last.Value);
        }
    }

    private SandboxFaultKind Start(SandboxFaultKind kind)
    {
        if (kind == SandboxFaultKind.RateLimitBurst)
        {
            _burstRemaining = _burstLength - 1;
        }

        return kind;
    }

    private static bool Fits(SandboxFaultKind kind, bool isUpload) =>
        isUpload || (kind != SandboxFaultKind.AppliedThenError && kind != SandboxFaultKind.AppliedThenReset);
}
