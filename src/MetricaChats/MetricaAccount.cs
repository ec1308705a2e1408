using System;

namespace MetricaChats;

/// <summary>
/// A Metrica account as <c>Connect-MetricaAccount</c> and <c>Get-MetricaAccount</c> show it:
/// which profile, which endpoint, where the token came from and where it is kept. Never the
/// token itself.
/// </summary>
public sealed class MetricaAccount
{
    /// <summary>Profile name (<c>default</c> unless -Profile was given).</summary>
    public string Profile { get; init; } = "default";

    /// <summary>The API endpoint the profile talks to.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>
    /// Where this session's token came from: <c>Parameter</c> (-Token or -Credential),
    /// <c>Environment</c>, <c>SecretManagement</c>, <c>Stored</c>; null for a stored profile
    /// that is not connected.
    /// </summary>
    public string? TokenSource { get; init; }

    /// <summary>Where the token is kept across sessions (for example <c>DPAPI (current user)</c>, <c>Keychain</c>, <c>libsecret</c>), or null when only in this session's memory.</summary>
    public string? Storage { get; init; }

    /// <summary>Where exactly (a keyring entry, a file path, a vault secret), or null when not stored.</summary>
    public string? Location { get; init; }

    /// <summary>True when the stored token is protected by the operating system; false for the opt-in plain file; null when not stored.</summary>
    public bool? IsProtected { get; init; }

    /// <summary>True for the profile this session is connected with.</summary>
    public bool Connected { get; init; }

    /// <summary>The proxy used for requests, or null for the system default.</summary>
    public Uri? Proxy { get; init; }

    /// <summary>Never shows the token.</summary>
    public override string ToString() => "MetricaAccount(" + Profile + ", " + (Endpoint?.ToString() ?? "no endpoint") + (Connected ? ", connected" : string.Empty) + ")";
}
