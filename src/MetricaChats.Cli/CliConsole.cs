namespace MetricaChats.Cli;

/// <summary>
/// The process's standard streams and environment, injectable so tests run the whole CLI
/// in-process with redirected input and output.
/// </summary>
internal sealed class CliConsole
{
    public CliConsole(TextReader input, TextWriter output, TextWriter error)
    {
        In = input;
        Out = output;
        Error = error;
    }

    /// <summary>Standard input (CSV for <c>import -</c>, the token for <c>--token-stdin</c>).</summary>
    public TextReader In { get; }

    /// <summary>Standard output: results and summaries (JSON with --json).</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error: progress, rejected rows, warnings and errors.</summary>
    public TextWriter Error { get; }

    /// <summary>
    /// True when standard error is a terminal, so progress may redraw one line with a carriage
    /// return; false when redirected (plain lines).
    /// </summary>
    public bool IsErrorInteractive { get; init; }

    /// <summary>Environment variable lookup (METRICA_TOKEN, METRICA_CONFIG_DIR, ...).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The real console of this process.</summary>
    public static CliConsole FromSystem()
    {
        var stdin = new StreamReader(Console.OpenStandardInput(), new System.Text.UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
        var stderr = new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
        return new CliConsole(stdin, stdout, stderr)
        {
            IsErrorInteractive = !Console.IsErrorRedirected,
        };
    }
}
