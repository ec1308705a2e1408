using System.Runtime.CompilerServices;
using MetricaChats.Cli.Hosting;
using MetricaChats.Sandbox;

namespace MetricaChats.Cli;

/// <summary>
/// The local Metrica emulator (MetricaChats.Sandbox) started inside this process, for
/// <c>--sandbox</c> runs and the <c>sandbox</c> command. Loopback only.
/// </summary>
internal sealed class EmbeddedSandbox : IAsyncDisposable
{
    /// <summary>Processing time for --sandbox runs: short, so --wait shows the final status in seconds.</summary>
    public static readonly TimeSpan QuickProcessingTime = TimeSpan.FromSeconds(1);

    private EmbeddedSandbox(SandboxServer server)
    {
        Server = server;
    }

    public SandboxServer Server { get; }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri Endpoint => Server.BaseAddress;

    /// <summary>Starts a sandbox on <paramref name="port"/> that accepts <paramref name="token"/> for <paramref name="counter"/>, with quick processing.</summary>
    public static Task<EmbeddedSandbox> StartAsync(int counter, string token, int port, SandboxFaults? faults, CancellationToken cancellationToken) =>
        StartAsync(new SandboxOptions { Port = port, ProcessingTime = QuickProcessingTime, Faults = faults ?? new SandboxFaults() }.AddToken(token, counter), cancellationToken);

    public static Task<EmbeddedSandbox> StartAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        // ASP.NET Core is looked for only now: every other command runs on the plain .NET runtime.
        AspNetCoreRuntime.EnsureAvailable("The sandbox (metrica-chats sandbox, or --sandbox)");
        return StartServerAsync(options, cancellationToken);
    }

    // Not inlined: its body touches the sandbox's ASP.NET Core types, which load only after EnsureAvailable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<EmbeddedSandbox> StartServerAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var server = await SandboxServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
            return new EmbeddedSandbox(server);
        }
        catch (IOException ex)
        {
            throw new CliUsageException($"Cannot start the sandbox on port {options.Port}: {ex.Message} Choose another --port, or 0 for any free port.", ex);
        }
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
