using System.CommandLine;

namespace MetricaChats.Cli.Commands;

/// <summary><c>metrica-chats status --counter &lt;id&gt; [--id &lt;upload&gt;] [--wait]</c>.</summary>
internal static class StatusCommand
{
    public static Command Create(CliApp app)
    {
        var counter = CliOptions.Counter(required: true);
        var id = new Option<long?>("--id")
        {
            Description = "One upload's id; without it, the counter's recent chat uploads are listed.",
            HelpName = "upload",
        };
        var wait = new Option<bool>("--wait")
        {
            Description = "With --id: follow the upload until it is final (PROCESSED or LINKAGE_FAILURE).",
        };
        var waitTimeout = CliOptions.WaitTimeout();
        var limit = new Option<int>("--limit")
        {
            Description = "How many recent uploads to ask for (only chat uploads are shown).",
            DefaultValueFactory = _ => 20,
            HelpName = "n",
        };
        var connectionOptions = new ConnectionOptions();
        var command = new Command("status", "Show one chat upload's status (optionally waiting until it is final), or list recent uploads.")
        {
            counter, id, wait, waitTimeout, limit,
        };
        connectionOptions.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var settings = app.Settings(parse);
            var connection = connectionOptions.Read(parse, parse.GetValue(counter));
            var uploadId = parse.GetValue(id);
            var waitTimeoutText = parse.GetValue(waitTimeout);
            var waitValue = parse.GetValue(wait) || waitTimeoutText is not null;
            return app.Guard(
                settings,
                () =>
                {
                    if (waitValue && uploadId is null)
                    {
                        throw new CliUsageException("--wait and --wait-timeout need --id <upload>: say which upload to follow.");
                    }

                    var timeout = Durations.Parse(waitTimeoutText, "--wait-timeout");
                    return new ApiCommands(app.Console, settings).StatusAsync(connection, parse.GetValue(counter), uploadId, waitValue, timeout, parse.GetValue(limit), ct);
                });
        });
        return command;
    }
}
