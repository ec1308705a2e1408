using System;

namespace MetricaChats.Core.Api;

/// <summary>
/// The one exception the Metrica client throws for a failed call. It carries the HTTP status,
/// Metrica's <c>error_type</c>, Metrica's own message verbatim (often Russian) and an English
/// <see cref="Explanation"/> that says what to do. It never contains the OAuth token.
/// </summary>
#pragma warning disable CA1032 // Only the client creates it; the standard constructors would allow one without a kind or explanation.
public sealed class MetricaApiException : Exception
#pragma warning restore CA1032
{
    /// <summary>Creates the exception; used by the client.</summary>
    public MetricaApiException(MetricaErrorKind kind, string explanation, int? statusCode = null, string? errorType = null, string? apiMessage = null, Exception? innerException = null)
        : base(ComposeMessage(statusCode, errorType, apiMessage, explanation), innerException)
    {
        Kind = kind;
        Explanation = explanation ?? string.Empty;
        StatusCode = statusCode;
        ErrorType = errorType;
        ApiMessage = apiMessage;
    }

    /// <summary>The HTTP status, or null when no answer came (timeout, dropped connection).</summary>
    public int? StatusCode { get; }

    /// <summary>Metrica's <c>error_type</c> (e.g. <c>invalid_uploading</c>), or null.</summary>
    public string? ErrorType { get; }

    /// <summary>Metrica's message, verbatim (often in Russian), or null.</summary>
    public string? ApiMessage { get; }

    /// <summary>What happened and what to do, in English.</summary>
    public string Explanation { get; }

    /// <summary>The classification that decides retrying.</summary>
    public MetricaErrorKind Kind { get; }

    /// <summary>When the server asked us to retry (<c>Retry-After</c>), or null.</summary>
    public DateTimeOffset? RetryAfter { get; init; }

    /// <summary>For <see cref="MetricaErrorKind.DailyQuota"/>: when the quota resets (next 00:00 GMT).</summary>
    public DateTimeOffset? QuotaResetsAt { get; init; }

    /// <summary>The request, as method and path without query or host (never a token), e.g. <c>GET /management/v1/counters</c>.</summary>
    public string? Request { get; init; }

    /// <summary>Attempts made before giving up (1 when not retried).</summary>
    public int Attempts { get; internal set; } = 1;

    /// <summary>Set when retrying cannot help even though the kind is transient (e.g. a stream that cannot be rewound).</summary>
    internal bool Final { get; init; }

    /// <summary>
    /// For an upload: true when the request may have been applied although it failed (a 5xx
    /// answer, a timeout or a dropped connection after the file started to go). Such an upload
    /// is never sent again until it is proven absent from Metrica's uploads list.
    /// </summary>
    public bool MayHaveArrived { get; init; }

    /// <summary>True for kinds that are worth retrying after a pause (rate limit, server error, timeout, network).</summary>
    public bool IsTransient => Kind is MetricaErrorKind.RateLimited or MetricaErrorKind.ServerError or MetricaErrorKind.Timeout or MetricaErrorKind.Network;

    private static string ComposeMessage(int? statusCode, string? errorType, string? apiMessage, string explanation)
    {
        var head = statusCode is { } s ? "Metrica API error " + s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "Metrica API call failed";
        if (!string.IsNullOrEmpty(errorType))
        {
            head += " (" + errorType + ")";
        }

        head += ": " + explanation;
        if (!string.IsNullOrEmpty(apiMessage))
        {
            head += " Metrica said: \"" + apiMessage + "\"";
        }

        return head;
    }
}
