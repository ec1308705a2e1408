using System;
using System.Net;
using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;

namespace MetricaChats;

/// <summary>
/// The session's connection: the resolved <see cref="MetricaConnection"/> (profile, endpoint,
/// token, source), the proxy, and the one API client built from them (the client limits
/// requests per token across the process, so every cmdlet call shares it). Owned by
/// <see cref="MetricaSession"/>; disposing it clears the token.
/// </summary>
internal sealed class SessionConnection : IDisposable
{
    private readonly object _gate = new();
    private MetricaClient? _client;
    private bool _disposed;

    public SessionConnection(MetricaConnection auth, Uri? proxy, ICredentials? proxyCredentials, MetricaProfile? storedProfile)
    {
        Auth = auth ?? throw new ArgumentNullException(nameof(auth));
        Proxy = proxy;
        ProxyCredentials = proxyCredentials;
        StoredProfile = storedProfile;
    }

    /// <summary>Profile, endpoint, token and where the token came from.</summary>
    public MetricaConnection Auth { get; }

    public string Profile => Auth.ProfileName;

    public Uri Endpoint => Auth.Endpoint;

    public Uri? Proxy { get; }

    public ICredentials? ProxyCredentials { get; }

    /// <summary>The saved profile behind this connection (loaded from it, or saved by Connect- -Save), or null.</summary>
    public MetricaProfile? StoredProfile { get; set; }

    /// <summary>How long one request may take (each attempt; connecting included), or null for the client's default. Set before the client is first used.</summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>How long a command (an import: its whole run) may wait out transient failures, or null for the client's default (10 minutes). Set before the client is first used.</summary>
    public TimeSpan? RetryBudget { get; set; }

    /// <summary>The client options this connection implies.</summary>
    public MetricaClientOptions CreateOptions()
    {
        var options = new MetricaClientOptions { Endpoint = Endpoint, UserAgentProduct = "MetricaChats-PowerShell" };
        if (RequestTimeout is { } timeout)
        {
            options.RequestTimeout = timeout;
        }

        if (RetryBudget is { } budget)
        {
            options.RetryBudget = budget;
        }
        if (Proxy is not null)
        {
            options.Proxy = new WebProxy(Proxy) { Credentials = ProxyCredentials };
            options.UseSystemProxy = false;
        }

        return options;
    }

    /// <summary>The shared client, created on first use (its constructor validates the endpoint).</summary>
    public MetricaClient Client
    {
        get
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException(nameof(SessionConnection));
                }

                return _client ??= new MetricaClient(Auth.Token, CreateOptions());
            }
        }
    }

    /// <summary>The account as shown to the user (never the token).</summary>
    public MetricaAccount ToAccount() => AccountView.FromConnection(this);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _client?.Dispose();
            Auth.Dispose();
        }
    }
}
