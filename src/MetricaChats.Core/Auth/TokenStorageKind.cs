namespace MetricaChats.Core.Auth;

/// <summary>Where a saved profile's token lives.</summary>
public enum TokenStorageKind
{
    /// <summary>A file encrypted with DPAPI for the current Windows user.</summary>
    WindowsDpapi,

    /// <summary>The user's macOS Keychain.</summary>
    MacKeychain,

    /// <summary>The Linux Secret Service keyring (GNOME Keyring, KWallet) through libsecret.</summary>
    LinuxSecretService,

    /// <summary>A plain file readable only by its owner (mode 0600): NOT protected; explicit opt-in only.</summary>
    UnprotectedFile,

    /// <summary>A PowerShell SecretManagement vault; the profile only names the secret.</summary>
    SecretManagement,
}
