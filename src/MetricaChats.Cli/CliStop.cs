namespace MetricaChats.Cli;

/// <summary>
/// How this run is asked to stop: Ctrl+C (SIGINT) or SIGTERM (systemd, Kubernetes, <c>kill</c>).
/// Both cancel the same token and stop cleanly; the exit code says which signal it was, as
/// shells report it: 130 (128 + 2) for SIGINT, 143 (128 + 15) for SIGTERM.
/// </summary>
internal sealed class CliStop : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private int _exitCode = ExitCodes.Cancelled;

    /// <summary>Cancelled when a stop is requested.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>The exit code of a stopped run: 130 after SIGINT (or an in-process cancel), 143 after SIGTERM.</summary>
    public int ExitCode => Volatile.Read(ref _exitCode);

    /// <summary>The signal's name for messages ("Ctrl+C", "SIGTERM").</summary>
    public string SignalName => ExitCode == ExitCodes.Terminated ? "SIGTERM" : "Ctrl+C";

    /// <summary>A stop for a token cancelled elsewhere (tests, embedding): exit code 130.</summary>
    public static CliStop From(CancellationToken token)
    {
        var stop = new CliStop();
        if (token.CanBeCanceled)
        {
            token.Register(static s => ((CliStop)s!).Request(terminate: false), stop);
        }

        return stop;
    }

    /// <summary>Requests the stop; the first request decides the exit code. Returns false when one was already requested.</summary>
    public bool Request(bool terminate)
    {
        if (_cts.IsCancellationRequested)
        {
            return false;
        }

        Volatile.Write(ref _exitCode, terminate ? ExitCodes.Terminated : ExitCodes.Cancelled);
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        return true;
    }

    public void Dispose() => _cts.Dispose();
}
