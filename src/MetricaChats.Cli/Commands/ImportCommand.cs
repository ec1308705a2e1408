using System.CommandLine;

namespace MetricaChats.Cli.Commands;

/// <summary><c>metrica-chats import &lt;file.csv|-&gt; --counter &lt;id&gt;</c>.</summary>
internal static class ImportCommand
{
    public static Command Create(CliApp app)
    {
        var file = new Argument<string>("file")
        {
            Description = "The chat export (CSV with a header; column names and aliases in docs/chat-fields.md), or '-' for standard input.",
        };
        var counter = CliOptions.Counter(required: true);
        var comment = new Option<string?>("--comment")
        {
            Description = "Upload comment (letters, digits and spaces; a batch marker is appended).",
            HelpName = "text",
        };
        var batchSize = new Option<int?>("--batch-size")
        {
            Description = "Rows per upload (default: the engine's).",
            HelpName = "rows",
        };
        var wait = new Option<bool>("--wait")
        {
            Description = "After sending, follow each upload until Metrica has processed it (PROCESSED or LINKAGE_FAILURE).",
        };
        var dryRun = new Option<string?>("--dry-run")
        {
            Description = "Send nothing: write each batch's exact CSV bytes into this directory.",
            HelpName = "dir",
        };
        var rejects = new Option<string?>("--rejects")
        {
            Description = "Write rejected rows to this CSV (row, field, value, reason, then the row's columns) to fix and re-send.",
            HelpName = "file.csv",
        };
        var ledger = new Option<string?>("--ledger")
        {
            Description = "The ledger file (default: ledger.db in the configuration directory). It records every batch before it is sent and every chat sent, so a re-run, two runs at once or overlapping exports send each chat once.",
            HelpName = "file",
        };
        var resend = new Option<bool>("--resend")
        {
            Description = "Send rows even when the ledger shows their chats already sent (on purpose: Metrica then counts them twice; it cannot delete an upload).",
        };
        var state = new Option<string?>("--state")
        {
            Description = "No longer used: replaced by the ledger (on by default).",
            HelpName = "file",
            Hidden = true,
        };
        var encoding = ChatInputOptions.Encoding();
        var defaultRegion = ChatInputOptions.DefaultRegion();
        var timeZone = ChatInputOptions.TimeZone();
        var connectionOptions = new ConnectionOptions();

        var command = new Command("import", "Read a chat export, validate it, and upload it to Metrica in batches.")
        {
            file, counter, comment, batchSize, wait, dryRun, rejects, ledger, resend, state, encoding, defaultRegion, timeZone,
        };

        connectionOptions.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var json = parse.GetValue(app.JsonOption);
            var request = new ImportRequest
            {
                File = parse.GetValue(file)!,
                Counter = parse.GetValue(counter),
                Comment = parse.GetValue(comment),
                BatchSize = parse.GetValue(batchSize),
                Wait = parse.GetValue(wait),
                DryRunDirectory = parse.GetValue(dryRun),
                RejectsFile = parse.GetValue(rejects),
                StateFile = parse.GetValue(state),
                Ledger = parse.GetValue(ledger),
                Resend = parse.GetValue(resend),
                Encoding = parse.GetValue(encoding),
                DefaultRegion = parse.GetValue(defaultRegion),
                TimeZone = parse.GetValue(timeZone),
                Json = json,
                Connection = connectionOptions.Read(parse, parse.GetValue(counter)),
            };
            return app.Guard(json, () => new ImportRunner(app.Console, request).RunAsync(ct), ct);
        });
        return command;
    }
}
