using System.Globalization;

namespace MetricaChats.Sandbox;

/// <summary>Counts requests against <see cref="SandboxQuotas"/> by the sandbox clock.</summary>
internal sealed class QuotaTracker
{
    private readonly object _gate = new();
    private readonly SandboxQuotas _quotas;
    private readonly TimeProvider _clock;
    private readonly Queue<DateTimeOffset> _lastSecond = new();
    private readonly Dictionary<string, int> _parallel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _daily = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _dailyCounter = new();
    private DateTime _day;

    public QuotaTracker(SandboxQuotas quotas, TimeProvider clock)
    {
        _quotas = quotas;
        _clock = clock;
        _day = clock.GetUtcNow().UtcDateTime.Date;
    }

    /// <summary>Counts one request against the per-IP per-second quota.</summary>
    public void CheckRate()
    {
        int limit = _quotas.RequestsPerSecond;
        DateTimeOffset now = _clock.GetUtcNow();
        lock (_gate)
        {
            while (_lastSecond.Count > 0 && now - _lastSecond.Peek() >= TimeSpan.FromSeconds(1))
            {
                _lastSecond.Dequeue();
            }

            if (limit > 0 && _lastSecond.Count >= limit)
            {
                throw new ApiErrorException(429, "quota_requests_by_ip",
                    $"Превышен лимит количества запросов в секунду с одного IP-адреса. / Too many requests per second from this IP address (limit {limit}/s); retry after a pause.")
                {
                    RetryAfterSeconds = 1,
                };
            }

            _lastSecond.Enqueue(now);
        }
    }

    /// <summary>Takes a parallel slot for a user; throws when all are taken.</summary>
    public void EnterParallel(string uid)
    {
        int limit = _quotas.ParallelPerToken;
        lock (_gate)
        {
            _parallel.TryGetValue(uid, out int current);
            if (limit > 0 && current >= limit)
            {
                throw new ApiErrorException(429, "quota_parallel_requests",
                    $"Превышен лимит количества параллельных запросов. / Too many parallel requests for this user (limit {limit}); wait for a request to finish and retry.")
                {
                    RetryAfterSeconds = 1,
                };
            }

            _parallel[uid] = current + 1;
        }
    }

    public void LeaveParallel(string uid)
    {
        lock (_gate)
        {
            if (_parallel.TryGetValue(uid, out int current))
            {
                if (current <= 1)
                {
                    _parallel.Remove(uid);
                }
                else
                {
                    _parallel[uid] = current - 1;
                }
            }
        }
    }

    /// <summary>Counts one request against the user's daily quota.</summary>
    public void CountDaily(string uid)
    {
        int limit = _quotas.DailyPerToken;
        lock (_gate)
        {
            DateTimeOffset now = RollDay();
            _daily.TryGetValue(uid, out int used);
            if (limit > 0 && used >= limit)
            {
                throw DailyError("quota_requests_by_uid", $"this user's daily request quota ({limit} requests)", now);
            }

            _daily[uid] = used + 1;
        }
    }

    /// <summary>Counts one request against the counter's daily quota (when one is set).</summary>
    public void CountCounter(int counterId)
    {
        int limit = _quotas.DailyPerCounter;
        lock (_gate)
        {
            DateTimeOffset now = RollDay();
            _dailyCounter.TryGetValue(counterId, out int used);
            if (limit > 0 && used >= limit)
            {
                throw DailyError("quota_requests_by_counter_id", $"the daily request quota of counter {counterId} ({limit} requests)", now);
            }

            _dailyCounter[counterId] = used + 1;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _lastSecond.Clear();
            _daily.Clear();
            _dailyCounter.Clear();
        }
    }

    private DateTimeOffset RollDay()
    {
        DateTimeOffset now = _clock.GetUtcNow();
        DateTime today = now.UtcDateTime.Date;
        if (today != _day)
        {
            _day = today;
            _daily.Clear();
            _dailyCounter.Clear();
        }

        return now;
    }

    private static ApiErrorException DailyError(string errorType, string what, DateTimeOffset now)
    {
        DateTimeOffset reset = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);
        int seconds = (int)Math.Ceiling((reset - now).TotalSeconds);
        string at = reset.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new ApiErrorException(429, errorType,
            $"Превышена суточная квота запросов; она обновится в 00:00 по Гринвичу. / {char.ToUpperInvariant(what[0])}{what.Substring(1)} is used up; it resets at 00:00 GMT ({at} GMT, in {seconds} s). Retrying earlier will not help.")
        {
            RetryAfterSeconds = seconds,
        };
    }
}
