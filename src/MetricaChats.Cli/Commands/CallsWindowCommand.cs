using System.CommandLine;

namespace MetricaChats.Cli.Commands;

/// <summary><c>metrica-chats calls-window enable|disable|show --counter &lt;id&gt;</c>.</summary>
internal static class CallsWindowCommand
{
    public static Command Create(CliApp app)
    {
        var command = new Command(
            "calls-window",
            "Manage the counter's calls extended window: offline calls and chats join sessions up to 21 days back instead of 16 hours.");
        command.Subcommands.Add(Action(app, "enable", "Enable the extended window (applies to sessions registered from now on; grows day by day to 21 days).", CallsWindowAction.Enable));
        command.Subcommands.Add(Action(app, "disable", "Disable the extended window (back to 16 hours).", CallsWindowAction.Disable));
        command.Subcommands.Add(Action(app, "show", "Show whether the extended window is on, and from when uploads can join visits.", CallsWindowAction.Show));
        return command;
    }

    private static Command Action(CliApp app, string name, string description, CallsWindowAction action)
    {
        var counter = CliOptions.Counter(required: true);
        var connectionOptions = new ConnectionOptions();
        var command = new Command(name, description) { counter };
        connectionOptions.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var settings = app.Settings(parse);
            var connection = connectionOptions.Read(parse, parse.GetValue(counter));
            return app.Guard(
                settings, () => new ApiCommands(app.Console, settings).CallsWindowAsync(connection, parse.GetValue(counter), action, ct));
        });
        return command;
    }
}

/// <summary>What <c>calls-window</c> does.</summary>
internal enum CallsWindowAction
{
    Show,
    Enable,
    Disable,
}
