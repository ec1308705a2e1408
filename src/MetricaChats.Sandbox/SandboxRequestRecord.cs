namespace MetricaChats.Sandbox;

/// <summary>
/// One API request as the sandbox saw it. Never holds the Authorization header or a token: a
/// token sent in the query string, and any known token in the path or query, is replaced by <c>***</c>.
/// </summary>
/// <param name="Sequence">Arrival order, from 1.</param>
/// <param name="Time">When it arrived (sandbox clock).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="PathAndQuery">Path and query string, tokens redacted.</param>
/// <param name="StatusCode">The status sent, or 0 when the connection was aborted.</param>
/// <param name="ErrorType">The <c>error_type</c> of an error response, or null.</param>
/// <param name="Fault">The fault applied to it, or null.</param>
/// <param name="UploadId">The upload it created (also when the response then failed, or the upload is stored late), or null.</param>
/// <param name="LateStore">True when its upload was (or is to be) stored later than its body was read.</param>
/// <param name="Outage">The timed outage that refused it, or null.</param>
public sealed record SandboxRequestRecord(
    long Sequence,
    DateTimeOffset Time,
    string Method,
    string PathAndQuery,
    int StatusCode,
    string? ErrorType,
    SandboxFaultKind? Fault,
    long? UploadId,
    bool LateStore = false,
    SandboxOutageKind? Outage = null);
