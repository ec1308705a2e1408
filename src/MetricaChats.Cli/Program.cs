namespace MetricaChats.Cli;

/// <summary>The process entry point: wires the real console and Ctrl+C to <see cref="CliApp"/>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        var console = CliConsole.FromSystem();

        // First Ctrl+C: cancel cleanly (the command prints what was done). A second one: leave at once.
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            if (!cts.IsCancellationRequested)
            {
                e.Cancel = true;
                console.Error.WriteLine();
                console.Error.WriteLine("Stopping (Ctrl+C again to quit at once)...");
                cts.Cancel();
            }
        }

        Console.CancelKeyPress += OnCancel;
        try
        {
            return await CliApp.RunAsync(args, console, cts.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }
}
