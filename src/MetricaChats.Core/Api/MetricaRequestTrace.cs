using System;
using System.Globalization;

namespace MetricaChats.Core.Api;

/// <summary>What a <see cref="MetricaRequestTrace"/> reports.</summary>
public enum MetricaTraceKind
{
    /// <summary>An answer arrived (any HTTP status, errors included).</summary>
    Response = 0,

    /// <summary>No answer: the request timed out, the connection failed or dropped.</summary>
    Failure,

    /// <summary>A failed attempt is about to be retried after <see cref="MetricaRequestTrace.RetryDelay"/>.</summary>
    Retry,
}

/// <summary>
/// One HTTP event of a <see cref="MetricaClient"/>, for tracing (see
/// <see cref="MetricaClient.BeginTrace"/>). Token-free by construction: it carries the method
/// and the path without host or query, never a header, a body or a query value.
/// </summary>
public sealed class MetricaRequestTrace
{
    /// <summary>What happened.</summary>
    public MetricaTraceKind Kind { get; init; }

    /// <summary>The HTTP method (<c>GET</c>, <c>POST</c>, ...).</summary>
    public string Method { get; init; } = string.Empty;

    /// <summary>The path without host and query (<c>/management/v1/counters</c>).</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>The HTTP status of the answer, or null when none came.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Metrica's <c>error_type</c> of an error answer, or null.</summary>
    public string? ErrorType { get; init; }

    /// <summary>How long the exchange took (for <see cref="MetricaTraceKind.Retry"/>: zero).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The 1-based attempt of the call this event belongs to (for a retry: the attempt that failed).</summary>
    public int Attempt { get; init; }

    /// <summary>For a failure or a retry: the kind of failure.</summary>
    public MetricaErrorKind? ErrorKind { get; init; }

    /// <summary>For a failure or a retry: why, in a few words (no token, no body).</summary>
    public string? Reason { get; init; }

    /// <summary>For a retry: the pause before the next attempt.</summary>
    public TimeSpan? RetryDelay { get; init; }

    /// <inheritdoc />
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        return Kind switch
        {
            MetricaTraceKind.Retry => string.Format(c, "{0} {1}: attempt {2} failed ({3}); retrying in {4:0.0} s", Method, Path, Attempt, Reason ?? ErrorKind?.ToString() ?? "failed", (RetryDelay ?? TimeSpan.Zero).TotalSeconds),
            MetricaTraceKind.Failure => string.Format(c, "{0} {1}: no answer after {2} ms, attempt {3} ({4})", Method, Path, (long)Duration.TotalMilliseconds, Attempt, Reason ?? ErrorKind?.ToString() ?? "failed"),
            _ => string.Format(c, "{0} {1}: HTTP {2}{3} in {4} ms, attempt {5}", Method, Path, StatusCode, ErrorType is null ? string.Empty : " " + ErrorType, (long)Duration.TotalMilliseconds, Attempt),
        };
    }
}
