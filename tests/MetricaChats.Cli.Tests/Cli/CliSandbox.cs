using MetricaChats.Sandbox;

namespace MetricaChats.Cli.Tests.Cli;

/// <summary>
/// A sandbox on an ephemeral loopback port, plus the environment the CLI runs with: a known
/// token in METRICA_TOKEN and a private, empty config directory (never the developer's profiles).
/// </summary>
internal sealed class CliSandbox : IAsyncDisposable
{
    // Recognisable, so a leak scan can look for it and its first 8 characters.
    public const string Token = "y0_AgAAAAB7secretTokenForCliTests9f3K2";
    public const int Counter = 12345;

    private readonly string _configDir;

    private CliSandbox(SandboxServer server, string configDir)
    {
        Server = server;
        _configDir = configDir;
    }

    public SandboxServer Server { get; }

    public string Endpoint => Server.BaseAddress.ToString().TrimEnd('/');

    public static async Task<CliSandbox> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions { ProcessingTime = TimeSpan.FromMilliseconds(300) }.AddToken(Token, Counter);
        configure?.Invoke(options);
        var server = await SandboxServer.StartAsync(options);
        var dir = Path.Combine(Path.GetTempPath(), "metrica-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return new CliSandbox(server, dir);
    }

    /// <summary>The environment for a run: the token (unless null) and the private config directory.</summary>
    public Dictionary<string, string?> Environment(string? token = Token) => new()
    {
        ["METRICA_TOKEN"] = token,
        ["METRICA_CONFIG_DIR"] = _configDir,
    };

    /// <summary>Runs the CLI against this sandbox (adds --endpoint after the command words).</summary>
    public Task<CliResult> RunAsync(string[] args, string stdin = "", string? token = Token, bool interactive = false, CancellationToken cancellationToken = default) =>
        CliRun.RunAsync([.. args, "--endpoint", Endpoint], stdin, Environment(token), interactive, cancellationToken);

    public string TempFile(string name) => Path.Combine(_configDir, name);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_configDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
