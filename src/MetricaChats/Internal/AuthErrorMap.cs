using MetricaChats.Core.Auth;

namespace MetricaChats.Internal;

/// <summary>
/// How a token, profile or endpoint problem (a <see cref="MetricaAuthException"/> id) is shown in
/// PowerShell: the name of the <c>ErrorCategory</c> member and what the user should do about that
/// problem, in PowerShell's terms. The category is a name so the table is testable without a
/// PowerShell host (a contract test checks each name exists).
/// </summary>
internal static class AuthErrorMap
{
    /// <summary>The id PowerShell shows when a cmdlet finds no token to connect with.</summary>
    public const string NotConnected = "NotConnected";

    private const string Connect = "Connect-MetricaAccount -Token (Read-Host -AsSecureString 'Metrica token')";

    private const string ConnectProfile = "Connect-MetricaAccount -Profile <name> -Token (Read-Host -AsSecureString 'Metrica token')";

    /// <summary>The PowerShell view of one auth error id.</summary>
    internal readonly struct Entry
    {
        public Entry(string category, string recommendedAction)
        {
            Category = category;
            RecommendedAction = recommendedAction;
        }

        /// <summary>Name of the <c>System.Management.Automation.ErrorCategory</c> member.</summary>
        public string Category { get; }

        /// <summary>What the user should do.</summary>
        public string RecommendedAction { get; }
    }

    /// <summary>Looks up <paramref name="errorId"/> (one of <see cref="AuthErrorIds"/>, or <see cref="NotConnected"/>).</summary>
    public static Entry For(string errorId) => errorId switch
    {
        AuthErrorIds.TokenNotFound or NotConnected => new("AuthenticationError", "Run " + Connect + ", or set the " + MetricaSession.TokenVariable + " environment variable for unattended runs."),
        AuthErrorIds.ProfileNotFound => new("ObjectNotFound", "Get-MetricaAccount lists the saved profiles; " + ConnectProfile + " -Save saves a new one."),
        AuthErrorIds.InvalidProfileName => new("InvalidArgument", "Give -Profile 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (for example 'default' or 'client-a')."),
        AuthErrorIds.InvalidToken => new("InvalidArgument", "Copy the whole OAuth token again (one word, without quotes or line breaks) and pass it with -Token (Read-Host -AsSecureString 'Metrica token')."),
        AuthErrorIds.InvalidEndpoint => new("InvalidArgument", "Leave out -Endpoint for Metrica itself (https://api-metrika.yandex.net), or give http://127.0.0.1:<port> for the local sandbox; anywhere else only https is allowed. Check " + MetricaSession.EndpointVariable + " and the saved profile's endpoint too."),
        AuthErrorIds.StoredTokenMissing => new("AuthenticationError", "Save the token again: " + ConnectProfile + " -Save -Force."),
        AuthErrorIds.ProtectedStoreUnavailable => new("NotInstalled", "Keep the token in a SecretManagement vault (Connect-MetricaAccount -SecretName <name> -Save), set " + MetricaSession.TokenVariable + " for unattended runs, or allow a plain owner-only file with -AllowUnprotectedStore."),
        AuthErrorIds.SecretManagementRequired => new("NotInstalled", "Install-Module Microsoft.PowerShell.SecretManagement and a vault extension, or connect with -Token."),
        AuthErrorIds.ProfileFileInvalid => new("ReadError", "Fix or delete the profile file named in the message, then save the profile again with " + ConnectProfile + " -Save -Force."),
        AuthErrorIds.TokenStoreFailed => new("WriteError", "The message names the store's own error; fix that and save again with -Save -Force, or set " + MetricaSession.TokenVariable + " instead."),
        _ => new("ReadError", "See the message for what went wrong."),
    };
}
