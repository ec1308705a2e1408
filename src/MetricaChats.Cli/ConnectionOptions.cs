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
    }

    /// <summary>The parsed values; <paramref name="counter"/> is the counter an embedded sandbox should know.</summary>
    public ConnectionRequest Read(ParseResult parse, int counter) => new()
    {
        Endpoint = parse.GetValue(_endpoint),
        TokenStdin = parse.GetValue(_tokenStdin),
        Profile = parse.GetValue(_profile),
        Sandbox = parse.GetValue(_sandbox),
        Counter = counter,
    };
}
