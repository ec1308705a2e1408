namespace MetricaChats.Core.Api;

/// <summary>What kind of failure a <see cref="MetricaApiException"/> reports; decides whether it is retried.</summary>
public enum MetricaErrorKind
{
    /// <summary>Not classified (an unexpected status or error type).</summary>
    Unknown = 0,

    /// <summary>400 with a bad or missing parameter (<c>invalid_parameter</c>, <c>missing_parameter</c>, <c>invalid_json</c>, <c>limit_exceeded</c>).</summary>
    InvalidRequest,

    /// <summary>400 about the uploaded file (<c>invalid_uploading</c>, <c>too_much_rows</c>): the message says which column or row.</summary>
    InvalidUpload,

    /// <summary>401: the token is missing, expired or revoked.</summary>
    Unauthorized,

    /// <summary>403: the token's owner has no edit access to the counter (<c>access_denied</c>, <c>invalid_token</c>, <c>counter_in_connect</c>).</summary>
    AccessDenied,

    /// <summary>404: the counter or upload does not exist (or the token cannot see it).</summary>
    NotFound,

    /// <summary>409: the request conflicts with the counter's state.</summary>
    Conflict,

    /// <summary>429 for a per-second or parallel quota: retried after a pause.</summary>
    RateLimited,

    /// <summary>429 for a daily quota (<c>quota_requests_by_uid</c>, <c>quota_requests_by_counter_id</c>): not retried until 00:00 GMT.</summary>
    DailyQuota,

    /// <summary>5xx: Metrica's side failed; retried (uploads only after reconciliation).</summary>
    ServerError,

    /// <summary>No answer within the request timeout; retried.</summary>
    Timeout,

    /// <summary>The connection failed or dropped; retried.</summary>
    Network,

    /// <summary>The answer was not what the API documents (a redirect, not JSON, a missing object).</summary>
    UnexpectedResponse,
}
