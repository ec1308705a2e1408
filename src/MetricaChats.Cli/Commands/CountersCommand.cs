using System.CommandLine;

namespace MetricaChats.Cli.Commands;

/// <summary><c>metrica-chats counters</c>.</summary>
internal static class CountersCommand
{
    /// <summary>The counter the embedded sandbox knows when <c>counters --sandbox</c> is run without --counter.</summary>
    public const int DefaultSandboxCounter = 12345;

    public static Command Create(CliApp app)
    {
        var connectionOptions = new ConnectionOptions();
        var counter = CliOptions.Counter(required: false);
        counter.Description = "With --sandbox: the counter the embedded sandbox knows (default 12345).";
        var command = new Command("counters", "List the counters the token can see (id, name, site).")
        {
            counter,
        };
        connectionOptions.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var settings = app.Settings(parse);
            var c = parse.GetValue(counter);
            var connection = connectionOptions.Read(parse, c == 0 ? DefaultSandboxCounter : c);
            return app.Guard(
                settings, () => new ApiCommands(app.Console, settings).CountersAsync(connection, ct));
        });
        return command;
    }
}
