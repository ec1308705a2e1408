using System.Runtime.InteropServices;

namespace MetricaChats.Cli;

/// <summary>The process entry point: wires the real console, Ctrl+C and SIGTERM to <see cref="CliApp"/>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        var console = CliConsole.FromSystem();

        // First Ctrl+C (SIGINT) or SIGTERM: cancel cleanly; the command says what was done and
        // exits 130. A second Ctrl+C: the runtime's default, leave at once.
        void Stop(PosixSignalContext context)
        {
            if (!cts.IsCancellationRequested)
            {
                context.Cancel = true;
                console.Error.WriteLine();
                console.Error.WriteLine("Stopping (Ctrl+C again to quit at once)...");
                cts.Cancel();
            }
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return await CliApp.RunAsync(args, console, cts.Token).ConfigureAwait(false);
    }
}
