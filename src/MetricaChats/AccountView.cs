using System;
using MetricaChats.Core.Auth;

namespace MetricaChats;

/// <summary>Builds the <see cref="MetricaAccount"/> objects the account cmdlets output (no PowerShell types, tested by xunit).</summary>
internal static class AccountView
{
    /// <summary>Display name of a storage kind.</summary>
    public static string DescribeStorage(TokenStorageKind kind) => kind switch
    {
        TokenStorageKind.WindowsDpapi => "DPAPI (current user)",
        TokenStorageKind.MacKeychain => "macOS Keychain",
        TokenStorageKind.LinuxSecretService => "Secret Service (libsecret)",
        TokenStorageKind.UnprotectedFile => "Plain file (NOT protected)",
        TokenStorageKind.SecretManagement => "SecretManagement vault",
        _ => kind.ToString(),
    };

    /// <summary>A saved profile; <paramref name="connected"/> is the session's connection, if any.</summary>
    public static MetricaAccount FromProfile(MetricaProfile profile, SessionConnection? connected)
    {
        if (profile is null)
        {
            throw new ArgumentNullException(nameof(profile));
        }

        var isConnected = connected is not null && string.Equals(connected.Profile, profile.Name, StringComparison.OrdinalIgnoreCase);
        return new MetricaAccount
        {
            Profile = profile.Name,
            Endpoint = profile.Endpoint,
            TokenSource = isConnected ? DescribeSource(connected!.Auth.Source.Kind) : null,
            Storage = DescribeStorage(profile.StorageKind),
            Location = profile.Location,
            IsProtected = profile.IsProtected,
            Connected = isConnected,
            Proxy = isConnected ? connected!.Proxy : null,
        };
    }

    /// <summary>The session's connection.</summary>
    public static MetricaAccount FromConnection(SessionConnection connection)
    {
        if (connection is null)
        {
            throw new ArgumentNullException(nameof(connection));
        }

        var stored = connection.StoredProfile;
        return new MetricaAccount
        {
            Profile = connection.Profile,
            Endpoint = connection.Endpoint,
            TokenSource = DescribeSource(connection.Auth.Source.Kind),
            Storage = stored is null ? null : DescribeStorage(stored.StorageKind),
            Location = stored?.Location,
            IsProtected = stored?.IsProtected,
            Connected = true,
            Proxy = connection.Proxy,
        };
    }

    /// <summary>
    /// What Get-MetricaAccount lists: every saved profile (the connected one marked), then the
    /// session's connection when it is not a saved profile (a token from -Token or METRICA_TOKEN).
    /// </summary>
    public static System.Collections.Generic.IReadOnlyList<MetricaAccount> List(System.Collections.Generic.IEnumerable<MetricaProfile> saved, SessionConnection? current)
    {
        var result = new System.Collections.Generic.List<MetricaAccount>();
        var currentListed = false;
        foreach (var profile in saved ?? throw new ArgumentNullException(nameof(saved)))
        {
            var account = FromProfile(profile, current);
            currentListed |= account.Connected;
            result.Add(account);
        }

        if (current is not null && !currentListed)
        {
            result.Add(FromConnection(current));
        }

        return result;
    }

    /// <summary>Short name of a token source kind.</summary>
    public static string DescribeSource(TokenSourceKind kind) => kind switch
    {
        TokenSourceKind.EnvironmentVariable => "Environment",
        TokenSourceKind.SecretManagement => "SecretManagement",
        TokenSourceKind.Profile => "Stored",
        TokenSourceKind.StandardInput => "StandardInput",
        _ => "Parameter",
    };
}
