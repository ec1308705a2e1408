using System.Globalization;
using System.Runtime.InteropServices;

namespace MetricaChats.Cli;

/// <summary>The process entry point: wires the real console, Ctrl+C and SIGTERM to <see cref="CliApp"/>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // The tool speaks English whatever the host's language (parser messages included).
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        using var stop = new CliStop();
        var console = CliConsole.FromSystem();

        // The first Ctrl+C (SIGINT) or SIGTERM cancels cleanly: the command says what was done and
        // exits 130 (SIGINT) or 143 (SIGTERM). A second one: the runtime's default, leave at once.
        void Stop(PosixSignalContext context)
        {
            if (stop.Request(terminate: context.Signal == PosixSignal.SIGTERM))
            {
                context.Cancel = true;
                console.Error.WriteLine();
                console.Error.WriteLine($"Stopping on {stop.SignalName} (send it again to quit at once)...");
            }
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return await CliApp.RunAsync(args, console, stop).ConfigureAwait(false);
    }
}
