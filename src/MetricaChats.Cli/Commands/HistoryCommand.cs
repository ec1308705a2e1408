using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MetricaChats.Cli.Output;
using MetricaChats.Core.Ledger;

namespace MetricaChats.Cli.Commands;

/// <summary><c>metrica-chats history [--counter N] [--limit N] [--run ID] [--ledger FILE]</c>: what the ledger recorded.</summary>
internal static class HistoryCommand
{
    public static Command Create(CliApp app)
    {
        var counter = CliOptions.Counter(required: false);
        counter.Description = "Only the runs into this counter.";
        var limit = new Option<int>("--limit")
        {
            Description = "How many of the latest runs to list.",
            DefaultValueFactory = _ => 20,
            HelpName = "n",
        };
        var run = new Option<long?>("--run")
        {
            Description = "One run in full: its counts and every batch (rows, state, upload id, marker).",
            HelpName = "id",
        };
        var ledger = new Option<string?>("--ledger")
        {
            Description = "The ledger file (default: ledger.db in the configuration directory).",
            HelpName = "file",
        };
        var command = new Command("history", "Show the import runs the ledger recorded: what each run read, sent, skipped as already sent, rejected, and left unsent or unsettled; with --run, its batches.")
        {
            counter, limit, run, ledger,
        };
        command.SetAction((parse, ct) =>
        {
            var settings = app.Settings(parse);
            return app.Guard(settings, () => Task.FromResult(Show(app.Console, settings.Json, parse.GetValue(counter), parse.GetValue(limit), parse.GetValue(run), parse.GetValue(ledger))));
        });
        return command;
    }

    private static int Show(CliConsole console, bool json, int counter, int limit, long? runId, string? ledgerPath)
    {
        if (limit <= 0)
        {
            throw new CliUsageException("--limit " + limit.ToString(CultureInfo.InvariantCulture) + " must be a positive number of runs.");
        }

        var path = ledgerPath is null ? ImportLedger.DefaultPath(console.GetEnvironmentVariable) : Path.GetFullPath(ledgerPath);
        if (!File.Exists(path))
        {
            if (json)
            {
                JsonOut.WriteObject(console.Out, w =>
                {
                    w.WriteString("ledger", path);
                    w.WriteStartArray("runs");
                    w.WriteEndArray();
                });
            }
            else
            {
                console.Out.WriteLine("No ledger at " + path + " yet: no import has run with it.");
            }

            return ExitCodes.Success;
        }

        using var ledger = ImportLedger.Open(path);
        if (runId is { } id)
        {
            var one = ledger.GetRun(id) ?? throw new CliUsageException("The ledger " + path + " has no run " + id.ToString(CultureInfo.InvariantCulture) + "; 'metrica-chats history' lists the runs it has.");
            if (json)
            {
                JsonOut.WriteObject(console.Out, w =>
                {
                    w.WriteString("ledger", path);
                    w.WritePropertyName("run");
                    WriteRun(w, one, withBatches: true);
                });
            }
            else
            {
                WriteRunText(console.Out, one);
            }

            return ExitCodes.Success;
        }

        var runs = ledger.GetRuns(counter > 0 ? counter : null, limit);
        if (json)
        {
            JsonOut.WriteObject(console.Out, w =>
            {
                w.WriteString("ledger", path);
                w.WriteStartArray("runs");
                foreach (var r in runs)
                {
                    WriteRun(w, r, withBatches: false);
                }

                w.WriteEndArray();
            });
            return ExitCodes.Success;
        }

        console.Out.WriteLine("Ledger " + path);
        if (runs.Count == 0)
        {
            console.Out.WriteLine(counter > 0 ? "No runs into counter " + counter.ToString(CultureInfo.InvariantCulture) + "." : "No runs yet.");
            return ExitCodes.Success;
        }

        console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,5}  {1,-16}  {2,-10}  {3,-11}  {4,7}  {5,7}  {6,7}  {7,7}  {8,7}  {9,7}", "RUN", "STARTED (UTC)", "COUNTER", "STATUS", "READ", "SENT", "ALREADY", "REJECT", "UNSENT", "UNKNOWN"));
        foreach (var r in runs)
        {
            console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,5}  {1:yyyy-MM-dd HH:mm}  {2,-10}  {3,-11}  {4,7}  {5,7}  {6,7}  {7,7}  {8,7}  {9,7}{10}", r.Id, r.StartedAt.UtcDateTime, r.CounterId, r.Status, r.Read, r.Sent, r.AlreadySent, r.Rejected, r.NotSent, r.Unknown, r.Duplicates > 0 ? "  DUPLICATES " + r.Duplicates.ToString(CultureInfo.InvariantCulture) : string.Empty));
        }

        console.Out.WriteLine("One run in full: metrica-chats history --run <RUN>");
        return ExitCodes.Success;
    }

    private static void WriteRunText(TextWriter o, LedgerRun r)
    {
        o.WriteLine(string.Format(CultureInfo.InvariantCulture, "Run {0}: counter {1} at {2}, {3}", r.Id, r.CounterId, r.Endpoint, r.Status));
        o.WriteLine(string.Format(CultureInfo.InvariantCulture, "  started {0:yyyy-MM-dd HH:mm:ss} UTC{1}, by {2} (process {3} on {4})", r.StartedAt.UtcDateTime, r.EndedAt is { } end ? string.Format(CultureInfo.InvariantCulture, ", ended {0:HH:mm:ss}", end.UtcDateTime) : string.Empty, r.FrontEnd ?? "?", r.ProcessId, r.Host));
        o.WriteLine("  source  " + (r.Source ?? "(not recorded)"));
        o.WriteLine(string.Format(CultureInfo.InvariantCulture, "  read {0}, sent {1}, already sent {2}, rejected {3}, not sent {4}, unknown {5}{6}", r.Read, r.Sent, r.AlreadySent, r.Rejected, r.NotSent, r.Unknown, r.Duplicates > 0 ? ", DUPLICATE UPLOADS " + r.Duplicates.ToString(CultureInfo.InvariantCulture) : string.Empty));
        if (r.StopReason is { } stop)
        {
            o.WriteLine("  stopped: " + stop);
        }

        o.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,5}  {1,-15}  {2,7}  {3,-9}  {4,-12}  {5}", "BATCH", "ROWS", "COUNT", "STATE", "UPLOAD", "MARKER / NOTE"));
        foreach (var b in r.Batches)
        {
            o.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,5}  {1,-15}  {2,7}  {3,-9}  {4,-12}  {5}{6}", b.Number, b.FirstRow.ToString(CultureInfo.InvariantCulture) + "-" + b.LastRow.ToString(CultureInfo.InvariantCulture), b.Rows, State(b.State), b.UploadId?.ToString(CultureInfo.InvariantCulture) ?? "-", b.Marker, b.Note is null ? string.Empty : "  " + b.Note));
        }
    }

    private static void WriteRun(Utf8JsonWriter w, LedgerRun r, bool withBatches)
    {
        w.WriteStartObject();
        w.WriteNumber("id", r.Id);
        w.WriteNumber("counter", r.CounterId);
        w.WriteString("endpoint", r.Endpoint);
        w.WriteString("kind", r.Kind);
        w.WriteString("status", r.Status);
        w.WriteString("startedAt", r.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        w.StringOrNull("endedAt", r.EndedAt?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        w.StringOrNull("source", r.Source);
        w.StringOrNull("frontEnd", r.FrontEnd);
        w.StringOrNull("host", r.Host);
        w.WriteNumber("processId", r.ProcessId);
        w.WriteNumber("read", r.Read);
        w.WriteNumber("sent", r.Sent);
        w.WriteNumber("alreadySent", r.AlreadySent);
        w.WriteNumber("rejected", r.Rejected);
        w.WriteNumber("notSent", r.NotSent);
        w.WriteNumber("unknown", r.Unknown);
        w.WriteNumber("duplicateUploads", r.Duplicates);
        w.StringOrNull("stopReason", r.StopReason);
        if (withBatches)
        {
            w.WriteStartArray("batches");
            foreach (var b in r.Batches)
            {
                w.WriteStartObject();
                w.WriteNumber("batch", b.Number);
                w.WriteString("marker", b.Marker);
                w.WriteNumber("firstRow", b.FirstRow);
                w.WriteNumber("lastRow", b.LastRow);
                w.WriteNumber("rows", b.Rows);
                w.WriteNumber("bytes", b.Bytes);
                w.WriteString("state", State(b.State));
                if (b.UploadId is { } upload)
                {
                    w.WriteNumber("uploadId", upload);
                }
                else
                {
                    w.WriteNull("uploadId");
                }

                w.WriteBoolean("reconciled", b.Reconciled);
                w.WriteBoolean("duplicated", b.Duplicated);
                w.WriteString("contentSha256", b.ContentSha256);
                w.WriteString("intentAt", b.IntentAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                w.StringOrNull("note", b.Note);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static string State(LedgerBatchState state) => state switch
    {
        LedgerBatchState.Intent => "intent",
        LedgerBatchState.Sent => "sent",
        LedgerBatchState.Absent => "absent",
        LedgerBatchState.Refused => "refused",
        _ => "unknown",
    };
}
