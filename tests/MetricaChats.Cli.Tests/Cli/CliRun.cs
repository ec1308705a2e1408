using System.Text;

namespace MetricaChats.Cli.Tests.Cli;

/// <summary>The outcome of one in-process run of metrica-chats.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public string All => Out + "\n" + Error;
}

/// <summary>Runs the CLI through its entry method with redirected standard streams.</summary>
internal static class CliRun
{
    public static async Task<CliResult> RunAsync(
        string[] args,
        string stdin = "",
        IDictionary<string, string?>? environment = null,
        bool interactive = false,
        CancellationToken cancellationToken = default)
    {
        var output = new StringWriter(new StringBuilder(), System.Globalization.CultureInfo.InvariantCulture);
        var error = new StringWriter(new StringBuilder(), System.Globalization.CultureInfo.InvariantCulture);
        var env = environment ?? new Dictionary<string, string?>();
        var console = new CliConsole(new StringReader(stdin), output, error)
        {
            IsErrorInteractive = interactive,
            // Never fall through to the real environment: a developer's METRICA_TOKEN must not leak into tests.
            GetEnvironmentVariable = name => env.TryGetValue(name, out var v) ? v : null,
        };
        var code = await CliApp.RunAsync(args, console, cancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
