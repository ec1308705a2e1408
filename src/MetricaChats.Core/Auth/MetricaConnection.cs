using System;

namespace MetricaChats.Core.Auth;

/// <summary>
/// What a session talks to and with: profile name, endpoint, token and where the token came
/// from. The resolver returns one; the module keeps the current one for the session, the CLI
/// for its run. Owns its token: dispose the connection to clear it.
/// </summary>
public sealed class MetricaConnection : IDisposable
{
    /// <summary>The production Metrica API base URL.</summary>
    public static Uri DefaultEndpoint { get; } = new("https://api-metrika.yandex.net/");

    /// <summary>Creates a connection; takes ownership of <paramref name="token"/>.</summary>
    /// <exception cref="MetricaAuthException">The endpoint is not allowed (see <see cref="ValidateEndpoint"/>).</exception>
    public MetricaConnection(string profileName, Uri endpoint, MetricaToken token, TokenSource source)
    {
        ProfileName = profileName ?? throw new ArgumentNullException(nameof(profileName));
        ValidateEndpoint(endpoint);
        Endpoint = endpoint;
        Token = token ?? throw new ArgumentNullException(nameof(token));
        Source = source ?? throw new ArgumentNullException(nameof(source));
    }

    /// <summary>The profile this connection belongs to ("default" unless one was chosen).</summary>
    public string ProfileName { get; }

    /// <summary>The API base URL.</summary>
    public Uri Endpoint { get; }

    /// <summary>The token (hidden from ToString).</summary>
    public MetricaToken Token { get; }

    /// <summary>Where the token came from, for display.</summary>
    public TokenSource Source { get; }

    /// <summary>
    /// Checks that a token may be sent to <paramref name="endpoint"/>: an absolute https URL, or
    /// http only to loopback (the local sandbox); no user name, password, query or fragment.
    /// </summary>
    /// <exception cref="MetricaAuthException"><see cref="AuthErrorIds.InvalidEndpoint"/>, with the fix.</exception>
    public static void ValidateEndpoint(Uri endpoint)
    {
        if (endpoint is null)
        {
            throw new ArgumentNullException(nameof(endpoint));
        }

        string? problem = null;
        if (!endpoint.IsAbsoluteUri)
        {
            problem = "it is not an absolute URL";
        }
        else if (endpoint.Scheme == Uri.UriSchemeHttp && !endpoint.IsLoopback)
        {
            problem = "plain http is allowed only to this machine (127.0.0.1, ::1, localhost), because the token would travel unencrypted";
        }
        else if (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp)
        {
            problem = $"the scheme '{endpoint.Scheme}' is not http or https";
        }
        else if (!string.IsNullOrEmpty(endpoint.UserInfo) || !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment))
        {
            problem = "it carries a user name, query or fragment; give the bare base URL";
        }

        if (problem is not null)
        {
            // Never echo a user name, password or query: they could hold a secret.
            var shown = endpoint.IsAbsoluteUri ? endpoint.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : "(relative URL)";
            throw new MetricaAuthException(
                AuthErrorIds.InvalidEndpoint,
                $"The endpoint '{shown}' is not allowed: {problem}. Use {DefaultEndpoint.AbsoluteUri} (the default) or http://127.0.0.1:<port>/ for the local sandbox.");
        }
    }

    /// <summary>Describes the connection without the token.</summary>
    public override string ToString() => $"Metrica profile '{ProfileName}' at {Endpoint.AbsoluteUri} (token from {Source.Description})";

    /// <summary>Clears the token.</summary>
    public void Dispose() => Token.Dispose();
}
