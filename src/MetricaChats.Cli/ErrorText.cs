using System.Globalization;
using System.Text;
using System.Text.Json;
using MetricaChats.Cli.Output;
using MetricaChats.Core.Api;
using MetricaChats.Core.Import;

namespace MetricaChats.Cli;

/// <summary>
/// Turns what a command throws into one message for a person: for Metrica's errors, the English
/// explanation, the HTTP status and error type, and Metrica's own message verbatim (often in
/// Russian). Exception messages from Core never hold the token.
/// </summary>
internal static class ErrorText
{
    /// <summary>Every exception but the ones the runtime cannot recover from.</summary>
    public static bool IsReportable(Exception ex) => ex is not (OutOfMemoryException or StackOverflowException or AccessViolationException);

    /// <summary>
    /// A message as the tool prints it: without the " (Parameter 'secret')" that .NET appends to
    /// an argument error, which names a parameter of our code, not anything the user typed.
    /// </summary>
    public static string Clean(string message) => ParameterSuffix.Replace(message, string.Empty);

    private static readonly System.Text.RegularExpressions.Regex ParameterSuffix = new(@" \(Parameter '[^']*'\)", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>A short kind for --json (<c>api</c>, <c>io</c>, ...) and the text for standard error.</summary>
    public static (string Kind, string Text) Describe(Exception ex)
    {
        var (kind, text) = DescribeRaw(ex);
        return (kind, Clean(text) + Hint(ex));
    }

    // The CLI's own words after an API error whose explanation is neutral.
    private static string Hint(Exception ex) => ex is MetricaApiException { Kind: MetricaErrorKind.NotFound or MetricaErrorKind.AccessDenied }
        ? " ('metrica-chats counters' lists the counters this token can see.)"
        : ex is MetricaApiException { Kind: MetricaErrorKind.Unauthorized }
            ? " (Save a new token with 'metrica-chats login'.)"
            : string.Empty;

    private static (string Kind, string Text) DescribeRaw(Exception ex)
    {
        switch (ex)
        {
            case MetricaApiException api:
                return (ErrorKinds.Api, DescribeApi(api));
            case CliInputException:
                return (ErrorKinds.Input, ex.Message);
            case MetricaChats.Core.Ledger.LedgerException:
                return (ErrorKinds.Ledger, ex.Message);
            case IOException or UnauthorizedAccessException:
                return (ErrorKinds.Io, ex.Message);
            case InvalidOperationException:
                // Core uses it for a run that cannot go on as asked (a state file of another
                // counter or input); its message says what to do.
                return (ErrorKinds.Import, ex.Message);
            case HttpRequestException:
                return (ErrorKinds.Network, "Could not reach the endpoint: " + ex.Message);
            default:
                return (ErrorKinds.Internal, "Unexpected " + ex.GetType().Name + ": " + ex.Message + " (please report this with the command you ran).");
        }
    }

    /// <summary>
    /// "Metrica API error 403 (access_denied): explanation" then, on the next line, Metrica's
    /// message verbatim.
    /// </summary>
    public static string DescribeApi(MetricaApiException api)
    {
        var sb = new StringBuilder();
        sb.Append(api.StatusCode is { } s ? "Metrica API error " + s.ToString(CultureInfo.InvariantCulture) : "Metrica API call failed");
        if (!string.IsNullOrEmpty(api.ErrorType))
        {
            sb.Append(" (").Append(api.ErrorType).Append(')');
        }

        if (!string.IsNullOrEmpty(api.Request))
        {
            sb.Append(" on ").Append(api.Request);
        }

        sb.Append(": ").Append(api.Explanation);
        if (api.QuotaResetsAt is { } reset)
        {
            sb.Append(" The quota resets at ").Append(reset.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append('.');
        }

        if (api.Attempts > 1)
        {
            sb.Append(" (gave up after ").Append(api.Attempts.ToString(CultureInfo.InvariantCulture)).Append(" attempts)");
        }

        if (!string.IsNullOrEmpty(api.ApiMessage))
        {
            sb.AppendLine().Append("  Metrica said: \"").Append(api.ApiMessage).Append('"');
        }

        return sb.ToString();
    }

    /// <summary>Adds the API fields of a <see cref="MetricaApiException"/> to a --json error object.</summary>
    public static void WriteApiDetails(Utf8JsonWriter w, Exception? exception)
    {
        if (exception is MetricaApiException api)
        {
            WriteApiDetails(w, ChatImportApiError.From(api));
        }
    }

    /// <summary>
    /// Adds the API fields (<c>status</c>, <c>errorType</c>, <c>apiMessage</c>, <c>explanation</c>,
    /// <c>errorKind</c>, <c>request</c>, <c>attempts</c>, <c>quotaResetsAt</c> when known) to the
    /// open JSON object: the same names in a failed command's error and an import's <c>apiError</c>.
    /// </summary>
    public static void WriteApiDetails(Utf8JsonWriter w, ChatImportApiError api)
    {
        if (api.StatusCode is { } s)
        {
            w.WriteNumber("status", s);
        }
        else
        {
            w.WriteNull("status");
        }

        w.StringOrNull("errorType", api.ErrorType);
        w.StringOrNull("apiMessage", api.ApiMessage);
        w.WriteString("explanation", api.Explanation);
        w.WriteString("errorKind", api.Kind.ToString());
        w.StringOrNull("request", api.Request);
        w.WriteNumber("attempts", api.Attempts);
        if (api.QuotaResetsAt is { } reset)
        {
            w.WriteString("quotaResetsAt", reset.UtcDateTime);
        }
    }
}
