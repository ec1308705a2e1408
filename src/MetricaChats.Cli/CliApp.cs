using System.CommandLine;
using MetricaChats.Cli.Commands;
using MetricaChats.Cli.Commands.Linking;
using MetricaChats.Cli.Help;
using MetricaChats.Cli.Output;

namespace MetricaChats.Cli;

/// <summary>
/// The metrica-chats command tree and its one entry method, used by <c>Program</c> and by the
/// end-to-end tests (which pass their own <see cref="CliConsole"/>).
/// </summary>
internal sealed class CliApp
{
    public CliApp(CliConsole console, CliStop? stop = null)
    {
        Console = console;
        Stop = stop ?? new CliStop();
    }

    public CliConsole Console { get; }

    /// <summary>How the run is asked to stop (and which exit code that gives).</summary>
    public CliStop Stop { get; }

    /// <summary>The one --json option, recursive so every command accepts it.</summary>
    public Option<bool> JsonOption { get; } = CliOptions.Json();

    /// <summary>-q/--quiet, recursive.</summary>
    public Option<bool> QuietOption { get; } = CliOptions.Quiet();

    /// <summary>-v/--verbose, recursive.</summary>
    public Option<bool> VerboseOption { get; } = CliOptions.Verbose();

    /// <summary>Parses <paramref name="args"/>, runs the command, and returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var stop = CliStop.From(cancellationToken);
        return new CliApp(console, stop).RunAsync(args);
    }

    /// <summary>Parses and runs with a <see cref="CliStop"/> that knows which signal stopped the run.</summary>
    public static Task<int> RunAsync(string[] args, CliConsole console, CliStop stop) =>
        new CliApp(console, stop).RunAsync(args);

    /// <summary>The output settings of a parsed command line.</summary>
    public OutputSettings Settings(ParseResult parse)
    {
        var json = parse.GetValue(JsonOption);
        var quiet = parse.GetValue(QuietOption);
        return new OutputSettings
        {
            Json = json,
            Quiet = quiet,
            Verbose = parse.GetValue(VerboseOption) && !quiet,
            ErrorColour = Console.ErrorColour,
            OutputColour = Console.OutputColour && !json,
        };
    }

    /// <summary>Builds the command tree.</summary>
    public RootCommand BuildRootCommand()
    {
        var root = new RootCommand(
            "metrica-chats: import WhatsApp, Telegram and Viber chats into Yandex Metrica as chat conversions, "
            + "follow uploads, manage the calls extended window, and link chats to site visits by tracking id.");
        root.Options.Add(JsonOption);
        root.Options.Add(QuietOption);
        root.Options.Add(VerboseOption);
        root.Subcommands.Add(ImportCommand.Create(this));
        root.Subcommands.Add(StatusCommand.Create(this));
        root.Subcommands.Add(CallsWindowCommand.Create(this));
        root.Subcommands.Add(CountersCommand.Create(this));
        root.Subcommands.Add(GoalsCommand.Create(this));
        root.Subcommands.Add(HistoryCommand.Create(this));
        root.Subcommands.Add(LoginCommand.Create(this));
        root.Subcommands.Add(ProfileCommand.Create(this));
        root.Subcommands.Add(SandboxCommand.Create(this));
        root.Subcommands.Add(TrackingIdCommand.Create(this));
        root.Subcommands.Add(LinkCommand.Create(this));
        root.Subcommands.Add(FindIdCommand.Create(this));
        root.Subcommands.Add(JoinCommand.Create(this));
        HelpExamples.Install(root);
        return root;
    }

    private async Task<int> RunAsync(string[] args)
    {
        var root = BuildRootCommand();
        // No response files: '@ShopHelpBot' (link --target) or '@all hi' (--message) are values, not files to expand.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // --help and --version answer even when the rest of the line is incomplete ('import --help').
        var answersAlone = root.Options.Where(o => o is System.CommandLine.Help.HelpOption or VersionOption).Any(o => ReferenceEquals(parse.Action, o.Action));
        if (parse.Errors.Count > 0 && !answersAlone)
        {
            return UsageError(parse, args);
        }

        var config = new InvocationConfiguration
        {
            Output = Console.Out,
            Error = Console.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        return await parse.InvokeAsync(config, Stop.Token).ConfigureAwait(false);
    }

    private int UsageError(ParseResult parse, string[] args)
    {
        var messages = UsageErrors.Describe(parse);
        var colour = Console.ErrorColour;
        foreach (var message in messages)
        {
            Console.Error.WriteLine(Paint.Red("error:", colour) + " " + message);
        }

        var command = UsageErrors.PathOf(parse.CommandResult.Command);
        Console.Error.WriteLine($"Run '{command} --help' for usage and examples.");

        // --json is honoured even when the line does not parse, so a script always gets a JSON document.
        if (args.TakeWhile(a => a != "--").Contains("--json", StringComparer.Ordinal))
        {
            JsonOut.WriteError(Console.Out, ErrorKinds.Usage, string.Join(" ", messages), ExitCodes.Usage, null);
        }

        return ExitCodes.Usage;
    }

    /// <summary>
    /// Runs a command body and turns what it throws into a message on standard error (and, with
    /// --json, an error document on standard output) and an exit code. Every command's action goes through here.
    /// </summary>
    public async Task<int> Guard(OutputSettings settings, Func<Task<int>> body)
    {
        var json = settings.Json;
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (Stop.Token.IsCancellationRequested)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine($"Stopped by {Stop.SignalName}. Batches already acknowledged by Metrica stay uploaded; nothing else was sent.");
            if (json)
            {
                JsonOut.WriteError(Console.Out, ErrorKinds.Cancelled, $"Stopped by {Stop.SignalName}.", Stop.ExitCode, null);
            }

            return Stop.ExitCode;
        }
        catch (CliUsageException ex)
        {
            var message = ErrorText.Clean(ex.Message);
            Console.Error.WriteLine(Paint.Red("error:", settings.ErrorColour) + " " + message);
            if (json)
            {
                JsonOut.WriteError(Console.Out, ErrorKinds.Usage, message, ExitCodes.Usage, null);
            }

            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ErrorText.IsReportable(ex))
        {
            var (kind, text) = ErrorText.Describe(ex);
            Console.Error.WriteLine(Paint.Red("error:", settings.ErrorColour) + " " + text);
            if (json)
            {
                JsonOut.WriteError(Console.Out, kind, text, ExitCodes.Failure, ex);
            }

            return ExitCodes.Failure;
        }
    }
}

/// <summary>How a command writes: --json, -q, -v, and colour.</summary>
internal sealed record OutputSettings
{
    /// <summary>One JSON document on standard output.</summary>
    public bool Json { get; init; }

    /// <summary>-q: only errors, rejected rows' count and the result line.</summary>
    public bool Quiet { get; init; }

    /// <summary>-v: every warning and rejected row, and where the token and endpoint came from.</summary>
    public bool Verbose { get; init; }

    /// <summary>Colour on standard error (a terminal without NO_COLOR).</summary>
    public bool ErrorColour { get; init; }

    /// <summary>Colour on standard output (a terminal without NO_COLOR, and not --json).</summary>
    public bool OutputColour { get; init; }
}

/// <summary>The <c>kind</c> values of a --json error, as documented in docs/cli.md and the schemas.</summary>
internal static class ErrorKinds
{
    public const string Usage = "usage";
    public const string Api = "api";
    public const string Input = "input";
    public const string Io = "io";
    public const string Network = "network";
    public const string Import = "import";
    public const string Ledger = "ledger";
    public const string Cancelled = "cancelled";
    public const string Internal = "internal";

    public static readonly string[] All = [Usage, Api, Input, Io, Network, Import, Ledger, Cancelled, Internal];
}
