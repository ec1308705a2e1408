using System;
using MetricaChats.Core.Api;
using MetricaChats.Core.Import;

namespace MetricaChats.Internal;

/// <summary>
/// How an API failure is shown in PowerShell: a stable error id, the name of the
/// <c>ErrorCategory</c> member, what to do, and whether the failure stops the whole command
/// (token or quota problems) or only the current item. The category is a name so this table
/// is testable without a PowerShell host (a contract test checks each name exists).
/// </summary>
internal static class ApiErrorMap
{
    /// <summary>The PowerShell view of one error kind.</summary>
    internal readonly struct Entry
    {
        public Entry(string errorId, string category, string recommendedAction, bool stopsCommand)
        {
            ErrorId = errorId;
            Category = category;
            RecommendedAction = recommendedAction;
            StopsCommand = stopsCommand;
        }

        /// <summary>Stable error id (FullyQualifiedErrorId prefix).</summary>
        public string ErrorId { get; }

        /// <summary>Name of the <c>System.Management.Automation.ErrorCategory</c> member.</summary>
        public string Category { get; }

        /// <summary>What the user should do.</summary>
        public string RecommendedAction { get; }

        /// <summary>True when no further item can succeed either (bad token, daily quota).</summary>
        public bool StopsCommand { get; }
    }

    /// <summary>Looks up <paramref name="kind"/>.</summary>
    public static Entry For(MetricaErrorKind kind) => kind switch
    {
        MetricaErrorKind.InvalidRequest => new("MetricaInvalidRequest", "InvalidArgument", "Check the parameter values named in the message.", false),
        MetricaErrorKind.InvalidUpload => new("MetricaInvalidUpload", "InvalidData", "Metrica refused the file; fix the rows named in Metrica's message and send them again.", false),
        MetricaErrorKind.Unauthorized => new("MetricaUnauthorized", "AuthenticationError", "The token is missing, expired or revoked: get a new one and run Connect-MetricaAccount again.", true),
        MetricaErrorKind.AccessDenied => new("MetricaAccessDenied", "PermissionDenied", "The token's owner needs owner or edit access to this counter, and the token the metrika:write or metrika:offline_data scope.", false),
        MetricaErrorKind.NotFound => new("MetricaNotFound", "ObjectNotFound", "Check the counter id (Get-MetricaCounter lists the counters the token can see) and the upload id.", false),
        MetricaErrorKind.Conflict => new("MetricaConflict", "ResourceBusy", "Metrica is busy with a conflicting change; try again in a few minutes.", false),
        MetricaErrorKind.RateLimited => new("MetricaRateLimited", "LimitsExceeded", "Metrica's per-second or parallel quota was exceeded even after retries; run again later or send fewer requests at once.", false),
        MetricaErrorKind.DailyQuota => new("MetricaDailyQuota", "QuotaExceeded", "The daily request quota is used up; it resets at 00:00 GMT. Run again after that.", true),
        MetricaErrorKind.ServerError => new("MetricaServerError", "ResourceUnavailable", "Metrica had a server error even after retries; try again later.", false),
        MetricaErrorKind.Timeout => new("MetricaTimeout", "OperationTimeout", "Metrica did not answer in time even after retries; try again later.", false),
        MetricaErrorKind.Network => new("MetricaNetworkError", "ConnectionError", "Check the network, the proxy (Connect-MetricaAccount -Proxy) and the endpoint.", false),
        MetricaErrorKind.UnexpectedResponse => new("MetricaUnexpectedResponse", "InvalidResult", "Metrica answered in an unexpected shape; report it with the message text.", false),
        _ => new("MetricaApiError", "NotSpecified", "See the message for details.", false),
    };

    /// <summary>
    /// Looks up why an import stopped early: an API stop by its <paramref name="apiKind"/> (the
    /// same entry as any other call's failure of that kind), a cancellation or a failure of the
    /// run itself by its own id. Decided from the stop's data, never from its text.
    /// </summary>
    public static Entry ForStop(ChatImportStopKind stopKind, MetricaErrorKind? apiKind) => stopKind switch
    {
        ChatImportStopKind.ApiError => For(apiKind ?? MetricaErrorKind.Unknown),
        ChatImportStopKind.Cancelled => new("ImportStopped", "OperationStopped", "Run the same command again: the ledger makes it send only what is missing, and nothing twice.", true),
        ChatImportStopKind.Failed => new("ImportFailed", "InvalidOperation", "The message says what could not be done (for example the ledger could not record a batch); fix that and run the same command again.", true),
        _ => throw new ArgumentOutOfRangeException(nameof(stopKind), stopKind, "The import was not stopped."),
    };
}
