using System.CommandLine;

namespace MetricaChats.Cli.Commands;

/// <summary><c>metrica-chats import &lt;file.csv|-&gt; --counter &lt;id&gt;</c>.</summary>
internal static class ImportCommand
{
    public static Command Create(CliApp app)
    {
        var file = new Argument<string>("file")
        {
            Description = "The chat export (CSV with a header; accepted column names: " + Help.DocsLinks.ChatFields + "), or '-' for standard input.",
        };
        var counter = CliOptions.Counter(required: true);
        var comment = new Option<string?>("--comment")
        {
            Description = "Upload comment: letters, digits and spaces, at most 200 characters (a batch marker is appended).",
            HelpName = "text",
        };
        var batchSize = new Option<int?>("--batch-size")
        {
            Description = "Rows per upload (default 100,000; a batch also closes at 16 MiB).",
            HelpName = "rows",
        };
        var wait = new Option<bool>("--wait")
        {
            Description = "After sending, follow each upload until Metrica has processed it (PROCESSED or LINKAGE_FAILURE; up to about 2 hours).",
        };
        var waitTimeout = CliOptions.WaitTimeout();
        var maxRejected = new Option<string?>("--max-rejected")
        {
            Description = "Exit 0 while at most this many rows are rejected (here or by Metrica): a number of rows (10) or a percentage of the rows read (2%). Default 0: any rejected row exits 3.",
            HelpName = "N|P%",
        };
        var dryRun = new Option<string?>("--dry-run")
        {
            Description = "Send nothing: write each batch's exact CSV bytes into this directory. Needs no token.",
            HelpName = "dir",
        };
        var rejects = new Option<string?>("--rejects")
        {
            Description = "Write rejected rows to this CSV (row, field, value, reason, then the row's columns) to fix and import again.",
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
        var connectionOptions = new ConnectionOptions(csvOnStandardInput: true);

        var command = new Command("import", "Read a chat export, check every row, and upload the good rows to Metrica in batches, each exactly once.")
        {
            file, counter, comment, batchSize, wait, waitTimeout, maxRejected, dryRun, rejects, ledger, resend, state, encoding, defaultRegion, timeZone,
        };

        connectionOptions.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var settings = app.Settings(parse);
            var request = new ImportRequest
            {
                File = parse.GetValue(file)!,
                Counter = parse.GetValue(counter),
                Comment = parse.GetValue(comment),
                BatchSize = parse.GetValue(batchSize),
                Wait = parse.GetValue(wait),
                WaitTimeout = parse.GetValue(waitTimeout),
                MaxRejected = parse.GetValue(maxRejected),
                DryRunDirectory = parse.GetValue(dryRun),
                RejectsFile = parse.GetValue(rejects),
                StateFile = parse.GetValue(state),
                Ledger = parse.GetValue(ledger),
                Resend = parse.GetValue(resend),
                Encoding = parse.GetValue(encoding),
                DefaultRegion = parse.GetValue(defaultRegion),
                TimeZone = parse.GetValue(timeZone),
                Output = settings,
                Connection = connectionOptions.Read(parse, parse.GetValue(counter)),
            };
            return app.Guard(settings, () => new ImportRunner(app.Console, request, app.Stop).RunAsync());
        });
        return command;
    }
}
