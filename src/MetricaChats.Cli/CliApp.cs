using System.CommandLine;
using MetricaChats.Cli.Commands;
using MetricaChats.Cli.Commands.Linking;

namespace MetricaChats.Cli;

/// <summary>
/// The metrica-chats command tree and its one entry method, used by <c>Program</c> and by the
/// end-to-end tests (which pass their own <see cref="CliConsole"/>).
/// </summary>
internal sealed class CliApp
{
    public CliApp(CliConsole console)
    {
        Console = console;
    }

    public CliConsole Console { get; }

    /// <summary>The one --json option, recursive so every command accepts it.</summary>
    public Option<bool> JsonOption { get; } = CliOptions.Json();

    /// <summary>Parses <paramref name="args"/>, runs the command, and returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken) =>
        new CliApp(console).RunAsync(args, cancellationToken);

    /// <summary>Builds the command tree.</summary>
    public RootCommand BuildRootCommand()
    {
        var root = new RootCommand(
            "metrica-chats: import WhatsApp, Telegram and Viber chats into Yandex Metrica as chat conversions, " +
            "follow uploads, manage the calls extended window, and link chats to site visits by tracking id. Exit codes: 0 success, 1 failure, 2 usage error, " +
            "3 partial (some rows rejected), 130 cancelled. See docs/cli.md.");
        root.Options.Add(JsonOption);
        root.Subcommands.Add(ImportCommand.Create(this));
        root.Subcommands.Add(StatusCommand.Create(this));
        root.Subcommands.Add(CallsWindowCommand.Create(this));
        root.Subcommands.Add(CountersCommand.Create(this));
        root.Subcommands.Add(HistoryCommand.Create(this));
        root.Subcommands.Add(SandboxCommand.Create(this));
        root.Subcommands.Add(TrackingIdCommand.Create(this));
        root.Subcommands.Add(LinkCommand.Create(this));
        root.Subcommands.Add(FindIdCommand.Create(this));
        root.Subcommands.Add(JoinCommand.Create(this));
        return root;
    }

    private async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var root = BuildRootCommand();
        // No response files: '@ShopHelpBot' (link --target) or '@all hi' (--message) are values, not files to expand.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine("error: " + error.Message);
            }

            var name = parse.CommandResult.Command == root ? "metrica-chats" : "metrica-chats " + parse.CommandResult.Command.Name;
            Console.Error.WriteLine($"Run '{name} --help' for usage.");
            return ExitCodes.Usage;
        }

        var config = new InvocationConfiguration
        {
            Output = Console.Out,
            Error = Console.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a command body and turns what it throws into a message on standard error and an
    /// exit code. Every command's action goes through here.
    /// </summary>
    public async Task<int> Guard(bool json, Func<Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine("Cancelled. Batches already acknowledged by Metrica stay uploaded; nothing else was sent.");
            if (json)
            {
                Output.JsonOut.WriteError(Console.Out, "cancelled", "Cancelled by the user.", null);
            }

            return ExitCodes.Cancelled;
        }
        catch (CliUsageException ex)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            if (json)
            {
                Output.JsonOut.WriteError(Console.Out, "usage", ex.Message, null);
            }

            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ErrorText.IsReportable(ex))
        {
            var (kind, text) = ErrorText.Describe(ex);
            Console.Error.WriteLine("error: " + text);
            if (json)
            {
                Output.JsonOut.WriteError(Console.Out, kind, text, ex);
            }

            return ExitCodes.Failure;
        }
    }
}
