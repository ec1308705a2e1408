using System;

namespace MetricaChats.Core.Auth;

/// <summary>Where a token came from, described for display; never contains the token.</summary>
public sealed class TokenSource
{
    private TokenSource(TokenSourceKind kind, string description)
    {
        Kind = kind;
        Description = description;
    }

    /// <summary>The kind of source.</summary>
    public TokenSourceKind Kind { get; }

    /// <summary>For display, e.g. "the environment variable METRICA_TOKEN" or "profile 'work' (macOS Keychain, ...)".</summary>
    public string Description { get; }

    /// <summary>A token passed explicitly; <paramref name="description"/> names how, e.g. "the -Token parameter".</summary>
    public static TokenSource Explicit(string description) =>
        new(TokenSourceKind.Explicit, string.IsNullOrWhiteSpace(description) ? "an explicit token" : description);

    /// <summary>Standard input (--token-stdin).</summary>
    public static TokenSource StandardInput() => new(TokenSourceKind.StandardInput, "standard input");

    /// <summary>A SecretManagement secret, read by the module with Get-Secret.</summary>
    public static TokenSource SecretManagement(string secretName, string? vault) =>
        new(TokenSourceKind.SecretManagement, vault is null or "" ? $"SecretManagement secret '{secretName}'" : $"SecretManagement secret '{secretName}' in vault '{vault}'");

    /// <summary>An environment variable.</summary>
    public static TokenSource Environment(string variable) => new(TokenSourceKind.EnvironmentVariable, $"the environment variable {variable}");

    /// <summary>A saved profile.</summary>
    public static TokenSource Profile(MetricaProfile profile)
    {
        if (profile is null)
        {
            throw new ArgumentNullException(nameof(profile));
        }

        return new(TokenSourceKind.Profile, $"saved profile '{profile.Name}' ({profile.Location}{(profile.IsProtected ? string.Empty : "; UNPROTECTED")})");
    }

    /// <summary>The description.</summary>
    public override string ToString() => Description;
}
