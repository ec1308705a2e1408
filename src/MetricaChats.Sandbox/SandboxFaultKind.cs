namespace MetricaChats.Sandbox;

/// <summary>The faults the sandbox can inject.</summary>
public enum SandboxFaultKind
{
    /// <summary>500 with a <c>backend_error</c> body; the request is not applied.</summary>
    InternalServerError,

    /// <summary>503 with a <c>backend_error</c> body; the request is not applied.</summary>
    ServiceUnavailable,

    /// <summary>504 with a <c>timeout</c> body; the request is not applied.</summary>
    GatewayTimeout,

    /// <summary>
    /// A burst of 429 <c>quota_requests_by_ip</c> (with Retry-After) for this and the next
    /// <see cref="SandboxFaults.RateLimitBurstLength"/> − 1 requests.
    /// </summary>
    RateLimitBurst,

    /// <summary>The response is delayed by <see cref="SandboxFaults.SlowDelay"/>, then served normally.</summary>
    Slow,

    /// <summary>The connection is aborted before any response; the request is not applied.</summary>
    DropConnection,

    /// <summary>Uploads only: the upload is stored, then the response is a 504 <c>timeout</c>.</summary>
    AppliedThenError,

    /// <summary>Uploads only: the upload is stored, then the connection is aborted.</summary>
    AppliedThenReset,
}
