using System;
using MetricaChats.Core.Api;

namespace MetricaChats.Core.Import;

/// <summary>
/// The facts of the <see cref="MetricaApiException"/> that stopped an import, as plain data
/// (a summary is output, serialised and logged; an exception object is not). Like the exception,
/// it never holds the OAuth token.
/// </summary>
public sealed class ChatImportApiError
{
    /// <summary>The classification (e.g. <see cref="MetricaErrorKind.DailyQuota"/>, <see cref="MetricaErrorKind.Unauthorized"/>).</summary>
    public MetricaErrorKind Kind { get; init; }

    /// <summary>The HTTP status, or null when no answer came (timeout, dropped connection).</summary>
    public int? StatusCode { get; init; }

    /// <summary>Metrica's <c>error_type</c> (e.g. <c>quota_requests_by_uid</c>), or null.</summary>
    public string? ErrorType { get; init; }

    /// <summary>Metrica's message, verbatim (often in Russian), or null.</summary>
    public string? ApiMessage { get; init; }

    /// <summary>What happened and what to do, in English.</summary>
    public string Explanation { get; init; } = string.Empty;

    /// <summary>For <see cref="MetricaErrorKind.DailyQuota"/>: when the quota resets (next 00:00 GMT), or null.</summary>
    public DateTimeOffset? QuotaResetsAt { get; init; }

    /// <summary>When the server asked to retry (<c>Retry-After</c>), or null.</summary>
    public DateTimeOffset? RetryAfter { get; init; }

    /// <summary>The failed request as method and path (no host, no query, never a token), or null.</summary>
    public string? Request { get; init; }

    /// <summary>Attempts made before giving up (1 when not retried).</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>The exception's full message (status, error type, explanation, Metrica's message).</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>Copies the facts of <paramref name="exception"/>.</summary>
    public static ChatImportApiError From(MetricaApiException exception)
    {
        if (exception is null)
        {
            throw new ArgumentNullException(nameof(exception));
        }

        return new ChatImportApiError
        {
            Kind = exception.Kind,
            StatusCode = exception.StatusCode,
            ErrorType = exception.ErrorType,
            ApiMessage = exception.ApiMessage,
            Explanation = exception.Explanation,
            QuotaResetsAt = exception.QuotaResetsAt,
            RetryAfter = exception.RetryAfter,
            Request = exception.Request,
            Attempts = exception.Attempts,
            Message = exception.Message,
        };
    }

    /// <summary>
    /// An exception with these facts (same message, kind, status, quota reset, attempts), for a
    /// front end that reports the stop the way it reports any other API failure.
    /// </summary>
    public MetricaApiException ToException() => new(Kind, Explanation, StatusCode, ErrorType, ApiMessage)
    {
        QuotaResetsAt = QuotaResetsAt,
        RetryAfter = RetryAfter,
        Request = Request,
        Attempts = Attempts,
    };

    /// <inheritdoc />
    public override string ToString() => Message;
}
