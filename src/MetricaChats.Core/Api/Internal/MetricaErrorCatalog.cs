using System;
using System.Collections.Generic;
using System.Globalization;

namespace MetricaChats.Core.Api.Internal;

/// <summary>
/// Metrica's error types, their kinds and the English explanations, in one table: a correction
/// to the API reference is a one-line change here.
/// </summary>
internal static class MetricaErrorCatalog
{
    private sealed record Entry(MetricaErrorKind Kind, string Explanation);

    // {counter} and {reset} are filled in when known.
    private static readonly Dictionary<string, Entry> ByType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["invalid_parameter"] = new(MetricaErrorKind.InvalidRequest, "A request parameter was not accepted (see Metrica's message and location). Check the counter id and the comment (letters, digits and spaces, at most 255 characters)."),
        ["missing_parameter"] = new(MetricaErrorKind.InvalidRequest, "A required request parameter was missing (see Metrica's message). This is a MetricaChats bug if you did not change the endpoint; please report it."),
        ["invalid_json"] = new(MetricaErrorKind.InvalidRequest, "Metrica could not read the request body as JSON. This is a MetricaChats bug; please report it."),
        ["limit_exceeded"] = new(MetricaErrorKind.InvalidRequest, "A Metrica limit was exceeded (see Metrica's message), for example a file over 1 GB or a comment over 255 characters. Use smaller batches or a shorter comment."),
        ["invalid_uploading"] = new(MetricaErrorKind.InvalidUpload, "Metrica rejected the uploaded file: its message names the problem (a missing or misspelt column, a bad value, the row). Fix those rows in the input, or write the batch with a dry run to inspect the exact bytes, then run again."),
        ["too_much_rows"] = new(MetricaErrorKind.InvalidUpload, "The file has more rows than Metrica accepts in one upload. Use smaller batches (fewer rows per batch) and run again."),
        ["unauthorized"] = new(MetricaErrorKind.Unauthorized, "The OAuth token is missing, expired or revoked. Get a new token from https://oauth.yandex.ru (scope metrika:write or metrika:offline_data) and save it again."),
        ["access_denied"] = new(MetricaErrorKind.AccessDenied, "The token's owner has no edit access to counter {counter}. Use a token of the counter's owner or of a user with edit access (Metrica: Settings > Access), with the metrika:write or metrika:offline_data scope."),
        ["invalid_token"] = new(MetricaErrorKind.AccessDenied, "The token is not valid for counter {counter} (wrong scope or OAuth app). Get a token with the metrika:write or metrika:offline_data scope from an account with edit access."),
        ["counter_in_connect"] = new(MetricaErrorKind.AccessDenied, "Counter {counter} is managed by an organisation (Yandex Connect/360); access must be granted by the organisation's administrator."),
        ["not_found"] = new(MetricaErrorKind.NotFound, "Not found: the counter or upload does not exist, or this token cannot see it. Check the counter id against the counters this token can see, and the upload id."),
        ["conflict"] = new(MetricaErrorKind.Conflict, "The request conflicts with the counter's current state (for example a change that is already in progress). Wait a minute and try again."),
        ["quota_requests_by_ip"] = new(MetricaErrorKind.RateLimited, "Metrica refused requests from this IP address as too many per second (it allows 30/s) and kept refusing until the retry budget was spent. This tool stays well under that rate, so the refusals came from the server side (or other software behind the same IP). Run again later; rows already sent are not sent twice."),
        ["quota_parallel_requests"] = new(MetricaErrorKind.RateLimited, "Metrica refused requests as too many at once for this Yandex account (it allows 3) until the retry budget was spent. This tool sends at most 3 at a time, so another tool or session is probably using the same account: stop it or run later."),
        ["quota_requests_by_uid"] = new(MetricaErrorKind.DailyQuota, "The daily request quota of this Yandex account (5,000 requests) is used up. It resets at 00:00 GMT ({reset}). Run the same import again after that: the ledger makes it send only what is missing."),
        ["quota_requests_by_counter_id"] = new(MetricaErrorKind.DailyQuota, "The daily request quota of counter {counter} is used up. It resets at 00:00 GMT ({reset}). Run the same import again after that: the ledger makes it send only what is missing."),
        ["backend_error"] = new(MetricaErrorKind.ServerError, "Metrica's servers answered with an error (backend_error) until the retry budget was spent. Try again later (an upload that may have arrived is found by its marker, so nothing is sent twice)."),
        ["timeout"] = new(MetricaErrorKind.Timeout, "Metrica answered that it timed out (timeout) until the retry budget was spent. Try again later (an upload that may have arrived is found by its marker, so nothing is sent twice)."),
    };

    /// <summary>Builds the exception for an error answer.</summary>
    public static MetricaApiException FromResponse(int status, string? errorType, string? apiMessage, int? counterId, DateTimeOffset now, DateTimeOffset? retryAfter, string request)
    {
        MetricaErrorKind kind;
        string explanation;
        if (errorType is not null && ByType.TryGetValue(errorType, out var entry))
        {
            kind = entry.Kind;
            explanation = entry.Explanation;
            if (status >= 500 && kind is not MetricaErrorKind.ServerError and not MetricaErrorKind.Timeout)
            {
                kind = MetricaErrorKind.ServerError;
            }
        }
        else
        {
            (kind, explanation) = ByStatus(status, errorType);
        }

        DateTimeOffset? resets = null;
        if (kind == MetricaErrorKind.DailyQuota)
        {
            resets = NextGmtMidnight(now);
        }

        explanation = explanation
            .Replace("{counter}", counterId is { } c ? c.ToString(CultureInfo.InvariantCulture) : "(unknown)")
            .Replace("{reset}", resets is { } r ? r.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) + ", in " + FormatSpan(r - now) : string.Empty);

        return new MetricaApiException(kind, explanation, status, errorType, apiMessage)
        {
            RetryAfter = retryAfter,
            QuotaResetsAt = resets,
            Request = request,
        };
    }

    /// <summary>The next 00:00 GMT after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextGmtMidnight(DateTimeOffset now) =>
        new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);

    private static (MetricaErrorKind, string) ByStatus(int status, string? errorType)
    {
        var unknownType = errorType is null ? string.Empty : " (error type '" + errorType + "' is not one MetricaChats knows)";
        return status switch
        {
            400 => (MetricaErrorKind.InvalidRequest, "Metrica refused the request as invalid" + unknownType + "; see its message."),
            401 => (MetricaErrorKind.Unauthorized, ByType["unauthorized"].Explanation),
            403 => (MetricaErrorKind.AccessDenied, ByType["access_denied"].Explanation),
            404 => (MetricaErrorKind.NotFound, ByType["not_found"].Explanation),
            409 => (MetricaErrorKind.Conflict, ByType["conflict"].Explanation),
            413 => (MetricaErrorKind.InvalidUpload, "The file is larger than Metrica accepts (1 GB). Use smaller batches."),
            429 => (MetricaErrorKind.RateLimited, "Metrica asked to slow down" + unknownType + " until the retry budget was spent. Run again later."),
            504 => (MetricaErrorKind.Timeout, ByType["timeout"].Explanation),
            >= 500 => (MetricaErrorKind.ServerError, ByType["backend_error"].Explanation),
            _ => (MetricaErrorKind.Unknown, "Metrica answered with an unexpected status" + unknownType + "; see its message."),
        };
    }

    private static string FormatSpan(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return ((int)span.TotalHours).ToString(CultureInfo.InvariantCulture) + " h " + span.Minutes.ToString(CultureInfo.InvariantCulture) + " min";
    }
}
