using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;

namespace MetricaChats.Cli;

/// <summary>
/// An API client ready to use, built from the command line: the endpoint and token resolved
/// (or an embedded sandbox started for this run with <c>--sandbox</c>). Dispose to stop the
/// sandbox and clear the token.
/// </summary>
internal sealed class CliConnection : IAsyncDisposable
{
    /// <summary>The token the embedded sandbox accepts with --sandbox. A demo value, not a secret.</summary>
    public const string SandboxDemoToken = "demo-token-for-the-local-sandbox";

    private readonly IDisposable _secret;
    private readonly IAsyncDisposable? _sandbox;

    private CliConnection(MetricaClient client, IDisposable secret, Uri endpoint, string tokenSource, IAsyncDisposable? sandbox)
    {
        Client = client;
        _secret = secret;
        Endpoint = endpoint;
        TokenSource = tokenSource;
        _sandbox = sandbox;
    }

    public MetricaClient Client { get; }

    public Uri Endpoint { get; }

    /// <summary>Where the token came from (e.g. "environment variable METRICA_TOKEN"), never the token.</summary>
    public string TokenSource { get; }

    /// <summary>True when running against an embedded sandbox.</summary>
    public bool IsSandbox => _sandbox is not null;

    /// <summary>True when the endpoint is on this machine (sandbox): polling can be brisk.</summary>
    public bool IsLoopback => Endpoint.IsLoopback;

    /// <summary>Resolves the endpoint and token and builds the client.</summary>
    public static async Task<CliConnection> OpenAsync(ConnectionRequest request, CliConsole console, Action<string> inform, bool firstLineOnly, CancellationToken cancellationToken)
    {
        if (request.Sandbox)
        {
            if (request.Endpoint is not null)
            {
                throw new CliUsageException("--sandbox and --endpoint cannot be used together: --sandbox starts its own local endpoint.");
            }

            var started = await EmbeddedSandbox.StartAsync(request.Counter, SandboxDemoToken, port: 0, faults: null, cancellationToken).ConfigureAwait(false);
            inform($"Started an embedded Metrica sandbox at {started.Endpoint} for counter {request.Counter} (nothing leaves this machine).");
            var demo = MetricaToken.FromString(SandboxDemoToken);
            try
            {
                var client = new MetricaClient(demo, ClientOptions(started.Endpoint, ConnectionOptions.ParseDuration(request.RetryBudget, "--retry-budget")));
                return new CliConnection(client, demo, started.Endpoint, "embedded sandbox demo token", started);
            }
            catch
            {
                demo.Dispose();
                await started.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        var endpoint = ParseEndpoint(request.Endpoint, "--endpoint") ?? ParseEndpoint(console.GetEnvironmentVariable(EndpointVariable), EndpointVariable);
        var connection = TokenSources.Resolve(request, console, endpoint, firstLineOnly);
        try
        {
            var client = new MetricaClient(connection.Token, ClientOptions(connection.Endpoint, ConnectionOptions.ParseDuration(request.RetryBudget, "--retry-budget")));
            return new CliConnection(client, connection, connection.Endpoint, connection.Source.Description, null);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The environment variable that overrides the endpoint (as in the PowerShell module), e.g. for a local sandbox.</summary>
    public const string EndpointVariable = "METRICA_ENDPOINT";

    /// <summary>Parses and checks an endpoint (https, or http to loopback only); null when not given.</summary>
    public static Uri? ParseEndpoint(string? option, string origin)
    {
        if (string.IsNullOrWhiteSpace(option))
        {
            return null;
        }

        if (!Uri.TryCreate(option.Trim(), UriKind.Absolute, out var uri))
        {
            throw new CliUsageException($"{origin} '{option}' is not an absolute URL. Example: --endpoint https://api-metrika.yandex.net, or http://127.0.0.1:8080 for a local sandbox.");
        }

        try
        {
            MetricaConnection.ValidateEndpoint(uri);
        }
        catch (MetricaAuthException ex)
        {
            throw new CliUsageException(origin + ": " + ex.Message, ex);
        }

        return uri;
    }

    private static MetricaClientOptions ClientOptions(Uri endpoint, TimeSpan? retryBudget) => new()
    {
        RetryBudget = retryBudget ?? new MetricaClientOptions().RetryBudget,
        Endpoint = endpoint,
        UserAgentProduct = "metrica-chats/" + (typeof(CliConnection).Assembly.GetName().Version?.ToString(3) ?? "0"),
        // Loopback (the sandbox): no proxy, and keep retry pauses short so faults resolve in seconds.
        UseSystemProxy = !endpoint.IsLoopback,
        RetryBaseDelay = endpoint.IsLoopback ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromSeconds(1),
        MaxRetryDelay = endpoint.IsLoopback ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(60),
        // How long an upload that may have arrived is watched for before it may go again: the
        // client's default (2 minutes) for Metrica; 5 s on loopback, where the sandbox stores an
        // upload at once or, with its late stores, a few seconds after answering.
        ReconcileGrace = endpoint.IsLoopback ? TimeSpan.FromSeconds(5) : new MetricaClientOptions().ReconcileGrace,
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _secret.Dispose();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync().ConfigureAwait(false);
        }
    }
}
