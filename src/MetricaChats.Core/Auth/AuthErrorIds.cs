namespace MetricaChats.Core.Auth;

/// <summary>Stable error ids carried by <see cref="MetricaAuthException.ErrorId"/>.</summary>
public static class AuthErrorIds
{
    /// <summary>No source held a token (no explicit token, no METRICA_TOKEN, no saved profile).</summary>
    public const string TokenNotFound = "MetricaTokenNotFound";

    /// <summary>The named profile is not saved.</summary>
    public const string ProfileNotFound = "MetricaProfileNotFound";

    /// <summary>The profile name is not usable (characters, length).</summary>
    public const string InvalidProfileName = "InvalidMetricaProfileName";

    /// <summary>The token text is empty or not one word of printable ASCII.</summary>
    public const string InvalidToken = "InvalidMetricaToken";

    /// <summary>The endpoint is not an absolute https URL (or http to loopback).</summary>
    public const string InvalidEndpoint = "InvalidMetricaEndpoint";

    /// <summary>No OS-protected store is available and the unprotected file was not allowed.</summary>
    public const string ProtectedStoreUnavailable = "ProtectedTokenStoreUnavailable";

    /// <summary>Writing, reading back or deleting a stored token failed.</summary>
    public const string TokenStoreFailed = "MetricaTokenStoreFailed";

    /// <summary>The profile is saved but its token is no longer in its store.</summary>
    public const string StoredTokenMissing = "StoredMetricaTokenMissing";

    /// <summary>The profile metadata file cannot be read.</summary>
    public const string ProfileFileInvalid = "MetricaProfileFileInvalid";

    /// <summary>The profile's token lives in a SecretManagement vault, which only PowerShell can read.</summary>
    public const string SecretManagementRequired = "MetricaSecretManagementRequired";
}
