using System.CommandLine;

namespace MetricaChats.Cli;

/// <summary>
/// The options of every command that talks to Metrica (--endpoint, --token-stdin, --profile,
/// --sandbox), declared once: each command adds them and reads them back as a
/// <see cref="ConnectionRequest"/>.
/// </summary>
internal sealed class ConnectionOptions
{
    private readonly Option<string?> _endpoint = CliOptions.Endpoint();
    private readonly Option<bool> _tokenStdin;
    private readonly Option<string?> _profile = CliOptions.Profile();
    private readonly Option<bool> _sandbox = CliOptions.Sandbox();
    private readonly Option<string?> _retryBudget = CliOptions.RetryBudget();

    /// <param name="csvOnStandardInput">True for import, whose standard input can also carry the CSV.</param>
    public ConnectionOptions(bool csvOnStandardInput = false)
    {
        _tokenStdin = CliOptions.TokenStdin(csvOnStandardInput);
    }

    /// <summary>Adds the options to <paramref name="command"/> (after its own).</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_endpoint);
        command.Options.Add(_tokenStdin);
        command.Options.Add(_profile);
        command.Options.Add(_sandbox);
        command.Options.Add(_retryBudget);
    }

    /// <summary>"90", "90s", "10m", "1h" as a time span; null when not given.</summary>
    internal static TimeSpan? ParseDuration(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim().ToLowerInvariant();
        var unit = t[^1] switch { 's' => 1.0, 'm' => 60.0, 'h' => 3600.0, _ => 0 };
        var number = unit > 0 ? t[..^1] : t;
        if (unit == 0)
        {
            unit = 1;
        }

        if (!double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < 0 || double.IsInfinity(value) || value * unit > TimeSpan.FromDays(1).TotalSeconds)
        {
            throw new CliUsageException(option + " " + text + " is not a time: give seconds, or a number with s, m or h (for example 90s, 10m, 1h), at most a day.");
        }

        return TimeSpan.FromSeconds(value * unit);
    }

    /// <summary>The parsed values; <paramref name="counter"/> is the counter an embedded sandbox should know.</summary>
    public ConnectionRequest Read(ParseResult parse, int counter) => new()
    {
        Endpoint = parse.GetValue(_endpoint),
        TokenStdin = parse.GetValue(_tokenStdin),
        Profile = parse.GetValue(_profile),
        Sandbox = parse.GetValue(_sandbox),
        RetryBudget = parse.GetValue(_retryBudget),
        Counter = counter,
    };
}
