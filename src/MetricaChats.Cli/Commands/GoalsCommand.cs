using System.CommandLine;

namespace MetricaChats.Cli.Commands;

/// <summary><c>metrica-chats goals --counter &lt;id&gt; [--chat]</c>.</summary>
internal static class GoalsCommand
{
    public static Command Create(CliApp app)
    {
        var counter = CliOptions.Counter(required: true);
        var chat = new Option<bool>("--chat")
        {
            Description = "Show only the automatic Chat goal (the first chat upload creates it), with its id for reports; exit 1 when the counter has none yet.",
        };
        var connectionOptions = new ConnectionOptions();
        var command = new Command("goals", "List the counter's goals and pick out the automatic Chat goal that the first chat upload creates.")
        {
            counter, chat,
        };
        connectionOptions.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var settings = app.Settings(parse);
            var connection = connectionOptions.Read(parse, parse.GetValue(counter));
            return app.Guard(
                settings, () => new ApiCommands(app.Console, settings).GoalsAsync(connection, parse.GetValue(counter), parse.GetValue(chat), ct));
        });
        return command;
    }
}
