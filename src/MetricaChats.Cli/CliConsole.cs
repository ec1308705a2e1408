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

    /// <summary>True when standard output is a terminal.</summary>
    public bool IsOutputInteractive { get; init; }

    /// <summary>True when standard input is a terminal (a person can type a token at a prompt).</summary>
    public bool IsInputInteractive { get; init; }

    /// <summary>Reads a line without echoing it (a token at a prompt); null where no terminal can do that.</summary>
    public Func<string?>? ReadSecretLine { get; init; }

    /// <summary>Environment variable lookup (METRICA_TOKEN, METRICA_CONFIG_DIR, NO_COLOR, ...).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>
    /// Colour on standard error and output: only on a terminal, and never when the NO_COLOR
    /// environment variable is set to anything but the empty string (https://no-color.org).
    /// </summary>
    public bool ErrorColour => IsErrorInteractive && string.IsNullOrEmpty(GetEnvironmentVariable("NO_COLOR"));

    /// <inheritdoc cref="ErrorColour"/>
    public bool OutputColour => IsOutputInteractive && string.IsNullOrEmpty(GetEnvironmentVariable("NO_COLOR"));

    /// <summary>The real console of this process.</summary>
    public static CliConsole FromSystem()
    {
        var stdin = new StreamReader(Console.OpenStandardInput(), new System.Text.UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
        var stderr = new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
        var inputIsTerminal = !Console.IsInputRedirected;
        return new CliConsole(stdin, stdout, stderr)
        {
            IsErrorInteractive = !Console.IsErrorRedirected,
            IsOutputInteractive = !Console.IsOutputRedirected,
            IsInputInteractive = inputIsTerminal,
            ReadSecretLine = inputIsTerminal ? ReadHidden : null,
        };
    }

    // Reads keys without echo until Enter; the characters never pass through a string until the end.
    private static string? ReadHidden()
    {
        var chars = new List<char>();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return new string(chars.ToArray());
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (chars.Count > 0)
                {
                    chars.RemoveAt(chars.Count - 1);
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                chars.Add(key.KeyChar);
            }
        }
    }
}
