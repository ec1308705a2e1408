namespace MetricaChats.Sandbox;

/// <summary>What every API request is answered with during a timed outage.</summary>
public enum SandboxOutageKind
{
    /// <summary>503 <c>backend_error</c>: the service is down.</summary>
    ServiceUnavailable,

    /// <summary>429 <c>quota_requests_by_ip</c> with <c>Retry-After</c>: a long burst of refusals.</summary>
    RateLimit,
}

/// <summary>
/// A timed outage as it stands (a snapshot): every API request is refused with
/// <see cref="Kind"/> for <see cref="Duration"/>, from <see cref="StartedAt"/>, which is the
/// moment it was started or, when <see cref="RequestsBeforeStart"/> were still to pass, the
/// arrival of the first request after them.
/// </summary>
/// <param name="Kind">503 or 429.</param>
/// <param name="Duration">How long it lasts once started.</param>
/// <param name="RequestsBeforeStart">API requests still to be served normally before it starts.</param>
/// <param name="StartedAt">When it started (sandbox clock), or null while requests are still to pass.</param>
/// <param name="RetryAfterSeconds">The <c>Retry-After</c> sent with each refusal, or null for none.</param>
public sealed record SandboxOutage(
    SandboxOutageKind Kind,
    TimeSpan Duration,
    int RequestsBeforeStart,
    DateTimeOffset? StartedAt,
    int? RetryAfterSeconds)
{
    /// <summary>When it ends (sandbox clock), or null while it has not started.</summary>
    public DateTimeOffset? EndsAt => StartedAt + Duration;
}
