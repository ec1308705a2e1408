namespace MetricaChats.Sandbox;

/// <summary>
/// The quotas the sandbox enforces, like Metrica's: requests per second (per IP; everything
/// arrives from loopback, so this is global), parallel requests per token, requests per token per
/// day (reset at 00:00 GMT), and an optional per-counter daily count. Mutable while the server runs.
/// A value of zero or less switches that quota off.
/// </summary>
public sealed class SandboxQuotas
{
    private volatile int _requestsPerSecond = 30;
    private volatile int _parallelPerToken = 3;
    private volatile int _dailyPerToken = 5000;
    private volatile int _dailyPerCounter;

    /// <summary>Requests per second from one IP (429 <c>quota_requests_by_ip</c>). Default 30.</summary>
    public int RequestsPerSecond { get => _requestsPerSecond; set => _requestsPerSecond = value; }

    /// <summary>Requests in flight at once per token (429 <c>quota_parallel_requests</c>). Default 3.</summary>
    public int ParallelPerToken { get => _parallelPerToken; set => _parallelPerToken = value; }

    /// <summary>Requests per token per UTC day (429 <c>quota_requests_by_uid</c>). Default 5000.</summary>
    public int DailyPerToken { get => _dailyPerToken; set => _dailyPerToken = value; }

    /// <summary>
    /// Requests per counter per UTC day (429 <c>quota_requests_by_counter_id</c>). Metrica does not
    /// publish the number; default 0 (off).
    /// </summary>
    public int DailyPerCounter { get => _dailyPerCounter; set => _dailyPerCounter = value; }
}
