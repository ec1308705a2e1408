using System;
using System.Linq;

namespace MetricaChats.Core.Auth;

/// <summary>
/// Finds the token for a command. Precedence, first match wins:
/// <list type="number">
/// <item>a token given on the command (<see cref="TokenRequest.Token"/>: -Token, -SecretName);</item>
/// <item>standard input (<see cref="TokenRequest.StandardInput"/>: --token-stdin);</item>
/// <item>the profile the user named (<see cref="TokenRequest.ProfileName"/>), which must exist;</item>
/// <item>the environment variable METRICA_TOKEN;</item>
/// <item>the saved profile "default".</item>
/// </list>
/// What is said on the command line beats the environment, and the environment beats an
/// implicit default profile (so a runbook's METRICA_TOKEN wins over a profile left on the host).
/// The connection belongs to the named profile, else to "default"; its endpoint is the
/// command's (<see cref="TokenRequest.Endpoint"/>), else that profile's saved endpoint, else
/// <see cref="MetricaConnection.DefaultEndpoint"/>.
/// </summary>
public sealed class TokenResolver
{
    private readonly MetricaProfileStore _profiles;
    private readonly Func<string, string?> _env;

    /// <summary>Creates a resolver over <paramref name="profiles"/>.</summary>
    /// <param name="profiles">The saved profiles.</param>
    /// <param name="getEnvironmentVariable">Reads environment variables; defaults to the process environment.</param>
    public TokenResolver(MetricaProfileStore profiles, Func<string, string?>? getEnvironmentVariable = null)
    {
        _profiles = profiles ?? throw new ArgumentNullException(nameof(profiles));
        _env = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>Resolves the connection for <paramref name="request"/>. The caller disposes the result.</summary>
    /// <exception cref="MetricaAuthException">
    /// <see cref="AuthErrorIds.TokenNotFound"/> when no source holds a token (the message lists
    /// what was tried and how to give one), or the error of the source that failed.
    /// </exception>
    public MetricaConnection Resolve(TokenRequest request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        if (request.Token is not null && request.StandardInput is not null)
        {
            throw new ArgumentException("Give the token one way: either explicitly or on standard input, not both.", nameof(request));
        }

        var named = request.ProfileName is null ? null : _profiles.Find(request.ProfileName);
        var saved = named ?? (request.ProfileName is null ? _profiles.Find(MetricaProfile.DefaultName) : null);
        var profileName = saved?.Name ?? request.ProfileName ?? MetricaProfile.DefaultName;
        var endpoint = request.Endpoint ?? saved?.Endpoint;

        if (request.Token is not null)
        {
            return Connect(profileName, endpoint, request.Token.Clone(), request.TokenSource ?? TokenSource.Explicit("an explicit token"));
        }

        if (request.StandardInput is not null)
        {
            return Connect(profileName, endpoint, TokenInput.ReadFrom(request.StandardInput), TokenSource.StandardInput());
        }

        if (request.ProfileName is not null)
        {
            return FromProfile(named ?? throw MetricaProfileStore.ProfileNotFound(request.ProfileName), request);
        }

        if (!request.IgnoreEnvironment && TokenInput.FromEnvironment(_env) is { } fromEnvironment)
        {
            return Connect(profileName, endpoint, fromEnvironment, TokenSource.Environment(TokenInput.EnvironmentVariable));
        }

        if (saved is not null)
        {
            return FromProfile(saved, request);
        }

        var all = _profiles.List();
        var others = all.Count == 0 ? string.Empty : $" (saved profiles: {string.Join(", ", all.Select(p => p.Name))}; choose one by its name)";
        var environment = request.IgnoreEnvironment ? string.Empty : $"the environment variable {TokenInput.EnvironmentVariable} (not set), ";
        throw new MetricaAuthException(
            AuthErrorIds.TokenNotFound,
            $"No Metrica token was found. Looked in {environment}and the saved profile '{MetricaProfile.DefaultName}' (not in {_profiles.MetadataPath}){others}. "
            + (request.HowToGiveToken ?? $"Give one when you connect, save it in a profile, or set {TokenInput.EnvironmentVariable}. A token needs the metrika:write and metrika:read scopes."));
    }

    private MetricaConnection FromProfile(MetricaProfile profile, TokenRequest request)
    {
        MetricaToken token;
        if (profile.StorageKind == TokenStorageKind.SecretManagement && request.SecretManagementReader is { } reader)
        {
            token = reader(profile) ?? throw new MetricaAuthException(
                AuthErrorIds.StoredTokenMissing,
                $"Profile '{profile.Name}' names {profile.Location}, but no token came back from it. Check the secret with Get-SecretInfo, or save the profile again.");
            return Connect(profile.Name, request.Endpoint ?? profile.Endpoint, token, TokenSource.SecretManagement(profile.SecretName ?? string.Empty, profile.Vault));
        }

        token = _profiles.LoadToken(profile.Name);
        return Connect(profile.Name, request.Endpoint ?? profile.Endpoint, token, TokenSource.Profile(profile));
    }

    private static MetricaConnection Connect(string profileName, Uri? endpoint, MetricaToken token, TokenSource source)
    {
        try
        {
            return new MetricaConnection(profileName, endpoint ?? MetricaConnection.DefaultEndpoint, token, source);
        }
        catch
        {
            token.Dispose();
            throw;
        }
    }
}
