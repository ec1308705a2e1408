using System;

namespace MetricaChats.Core.Auth;

/// <summary>
/// A saved profile as listed (what Get-MetricaAccount shows): never the token.
/// </summary>
public sealed record MetricaProfile
{
    /// <summary>The default profile name.</summary>
    public const string DefaultName = "default";

    /// <summary>Creates a profile description.</summary>
    public MetricaProfile(string name, Uri endpoint, TokenStorageKind storageKind, string location)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        StorageKind = storageKind;
        Location = location ?? throw new ArgumentNullException(nameof(location));
    }

    /// <summary>Profile name as the user spelt it (matched case-insensitively).</summary>
    public string Name { get; }

    /// <summary>The Metrica API base URL this profile talks to.</summary>
    public Uri Endpoint { get; }

    /// <summary>Where the token lives.</summary>
    public TokenStorageKind StorageKind { get; }

    /// <summary>Human-readable location of the token (a keyring entry, a file path, a vault secret).</summary>
    public string Location { get; }

    /// <summary>False only for the opt-in plain file: such a profile is flagged as unprotected.</summary>
    public bool IsProtected => StorageKind != TokenStorageKind.UnprotectedFile;

    /// <summary>For <see cref="TokenStorageKind.SecretManagement"/>: the secret's name.</summary>
    public string? SecretName { get; init; }

    /// <summary>For <see cref="TokenStorageKind.SecretManagement"/>: the vault, or null for the default vault.</summary>
    public string? Vault { get; init; }

    /// <summary>When the profile was last saved (UTC).</summary>
    public DateTimeOffset SavedAt { get; init; }
}
