using System.Diagnostics;
using System.Globalization;
using MetricaChats.Cli.Output;
using MetricaChats.Core.Api;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Import;
using MetricaChats.Core.Ledger;
using MetricaChats.Core.Wire;

namespace MetricaChats.Cli.Commands;

/// <summary>
/// Runs <c>import</c>: opens the input, resolves the connection (unless a dry run), hands the
/// records to <see cref="ChatImporter"/>, shows progress and rejected rows on standard error,
/// writes the rejects file, prints the summary, and decides the exit code.
/// </summary>
internal sealed class ImportRunner
{
    /// <summary>Rejected rows printed one by one on standard error before only counting (the rejects file gets all).</summary>
    public const int MaxPrintedIssues = 50;

    /// <summary>Issues carried in the --json document before it says "truncated".</summary>
    public const int MaxJsonIssues = 1000;

    private readonly CliConsole _console;
    private readonly ImportRequest _request;
    private readonly ProgressLine _progress;
    private readonly List<ChatIssue> _jsonIssues = [];
    private readonly RecentRecords _recent = new(capacity: 8192);
    private ImportInputFile? _inputFile;
    private Func<long> _lastRow = () => 0;
    private long _printedErrors;
    private long _printedWarnings;
    private long _errors;
    private long _warnings;
    private bool _issuesTruncated;
    private System.Text.Encoding? _encoding;
    private string? _region;
    private TimeZoneInfo? _zone;

    public ImportRunner(CliConsole console, ImportRequest request)
    {
        _console = console;
        _request = request;
        _progress = new ProgressLine(console.Error, console.IsErrorInteractive);
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        Validate();
        var dryRun = _request.DryRunDirectory is not null;
        CliConnection? connection = null;
        RejectsWriter? rejects = null;
        string? temporaryLedger = null;
        try
        {
            if (!dryRun)
            {
                // Before the input: with 'import - --token-stdin' the token is the first line of standard input.
                connection = await CliConnection.OpenAsync(_request.Connection, _console, _progress.WriteLine, firstLineOnly: _request.File == "-", cancellationToken).ConfigureAwait(false);
            }
            else if (_request.Connection.TokenStdin && _request.File == "-")
            {
                // A dry run needs no token, but the first line is still the token, not CSV: skip it unread.
                SkipLine(_console.In);
            }

            rejects = _request.RejectsFile is { } path ? new RejectsWriter(path) : null;

            var options = new ChatImportOptions
            {
                CounterId = _request.Counter,
                Comment = _request.Comment,
                Wait = _request.Wait && !dryRun,
                PollInterval = connection is { IsLoopback: true } ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(30),
                DryRunDirectory = _request.DryRunDirectory is { } d ? Path.GetFullPath(d) : null,
                LedgerPath = LedgerPath(out temporaryLedger),
                // A dry run opens no connection; the rows the ledger holds for the endpoint named are left out.
                Endpoint = Uri.TryCreate(_request.Connection.Endpoint, UriKind.Absolute, out var named) ? named : null,
                Resend = _request.Resend,
                SourceName = _request.File == "-" ? "-" : Path.GetFullPath(_request.File),
                FrontEnd = "cli",
                Normalizer = NormalizerOptions(),

                // On a terminal, a quick count of the file's lines gives the progress line a percentage.
                TotalRows = _console.IsErrorInteractive && _request.File != "-" ? CountDataLines(_request.File, cancellationToken) : null,
            };
            if (_request.BatchSize is { } rows)
            {
                options.Batch = new ChatBatchOptions { MaxRows = rows };
            }

            var clock = Stopwatch.StartNew();
            var lastPlain = TimeSpan.FromSeconds(-5);
            var callbacks = new ChatImportCallbacks
            {
                Issue = issue => OnIssue(issue, rejects),
                BatchCompleted = OnBatch,
                InputEnded = _ => _inputFile?.End(_lastRow()),
                Progress = new InlineProgress<ChatImportProgress>(p =>
                {
                    if (_console.IsErrorInteractive)
                    {
                        _progress.Report(Describe(p));
                    }
                    else if (clock.Elapsed - lastPlain >= TimeSpan.FromSeconds(5))
                    {
                        // Redirected: a plain line at most every 5 seconds, so logs stay readable.
                        lastPlain = clock.Elapsed;
                        _progress.Report(Describe(p));
                    }
                }),
            };

            using var csv = new CsvInput(OpenReader(issue => OnIssue(issue, rejects)), issue => OnIssue(issue, rejects));
            _lastRow = () => csv.LastRow;
            try
            {
                csv.ReadHeader();
            }
            catch (ChatCsvFormatException ex)
            {
                throw new CliInputException($"{SourceName}: {ex.Message}", ex);
            }

            ChatImportSummary summary;
            try
            {
                summary = await ChatImporter.ImportAsync(_recent.Track(csv.Records()), connection?.Client, options, callbacks, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _progress.Complete();
            }

            var totals = summary.WithUnreadableRows(csv.Rejected, csv.RejectedByCode);
            var code = ExitCodeFor(totals);
            if (totals.StopKind == ChatImportStopKind.Cancelled || cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the importer stopped and still says what was sent; show it, then exit 130.
                code = ExitCodes.Cancelled;
                _console.Error.WriteLine("Cancelled. Batches already acknowledged by Metrica stay uploaded; nothing else was sent.");
            }

            if (_request.Json)
            {
                WriteJson(totals, code, rejects);
            }
            else
            {
                WriteText(totals, code, rejects);
            }

            return code;
        }
        finally
        {
            rejects?.Dispose();

            _inputFile?.Dispose();
            if (temporaryLedger is not null)
            {
                DeleteLedger(temporaryLedger);
            }

            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Lines after the header (an estimate of the rows: a quoted line break counts twice), or null if unreadable.</summary>
    internal static long? CountDataLines(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
            var buffer = new byte[1 << 16];
            long lines = 0;
            var last = (byte)'\n';
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                lines += buffer.AsSpan(0, n).Count((byte)'\n');
                last = buffer[n - 1];
            }

            if (last != (byte)'\n')
            {
                lines++;
            }

            return Math.Max(0, lines - 1);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void SkipLine(TextReader reader)
    {
        var first = new FirstLineReader(reader);
        while (first.Read() >= 0)
        {
        }
    }

    private string SourceName => _request.File == "-" ? "standard input" : _request.File;

    // The embedded sandbox forgets everything when the run ends, so its run gets a ledger of its
    // own that goes with it; every other run uses the named or the default ledger.
    private string? LedgerPath(out string? temporary)
    {
        temporary = null;
        if (_request.Ledger is { } named)
        {
            return Path.GetFullPath(named);
        }

        if (_request.Connection.Sandbox)
        {
            temporary = Path.Combine(Path.GetTempPath(), "metrica-chats-sandbox-" + Guid.NewGuid().ToString("N") + ".ledger.db");
            return temporary;
        }

        return _request.DryRunDirectory is not null && _request.Counter <= 0 ? null : ImportLedger.DefaultPath(_console.GetEnvironmentVariable);
    }

    private static void DeleteLedger(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        foreach (var lockFile in Directory.EnumerateFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + ".scope-*.lock"))
        {
            try
            {
                File.Delete(lockFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private void Validate()
    {
        if (_request.Counter <= 0)
        {
            throw new CliUsageException($"--counter {_request.Counter.ToString(CultureInfo.InvariantCulture)} is not a counter id: give the positive number shown in Metrica's counter list (e.g. --counter 12345).");
        }

        if (_request.BatchSize is { } b && b <= 0)
        {
            throw new CliUsageException($"--batch-size {b.ToString(CultureInfo.InvariantCulture)} must be a positive number of rows.");
        }

        if (_request.StateFile is not null)
        {
            throw new CliUsageException("--state is no longer used: the ledger, on by default, records every batch before it is sent and every chat that was sent, so running the same command again sends only what is missing and nothing twice. Drop --state (use --ledger <file> only to keep the ledger somewhere else).");
        }

        if (_request.File != "-" && !File.Exists(_request.File))
        {
            throw new CliUsageException($"The input file '{_request.File}' does not exist. Give a CSV export, or '-' to read standard input.");
        }

        _encoding = ChatInputOptions.ReadEncoding(_request.Encoding, _request.File);
        _region = ChatInputOptions.ReadRegion(_request.DefaultRegion);
        _zone = ChatInputOptions.ReadTimeZone(_request.TimeZone);
    }

    private ChatNormalizerOptions NormalizerOptions()
    {
        var options = new ChatNormalizerOptions { DefaultRegion = _region, OptionNames = ChatInputOptions.Names };
        if (_zone is not null)
        {
            options.LocalTimeZone = _zone;
        }

        return options;
    }

    /// <summary>The engine's reader over the file (encoding: BOM, --encoding, or detection) or over standard input (UTF-8).</summary>
    private ChatCsvReader OpenReader(Action<ChatIssue> onNotice)
    {
        var options = new ChatCsvReaderOptions { Encoding = _encoding, OptionNames = ChatInputOptions.Names, OnNotice = onNotice };
        if (_request.File == "-")
        {
            return new ChatCsvReader(_console.In, options, leaveOpen: true);
        }

        try
        {
            // Watched for a writer still at work: a cut-off last row, or a file that changes while
            // it is read, is not sent (ImportInputFile.End).
            _inputFile = ImportInputFile.Open(_request.File);
            return new ChatCsvReader(_inputFile.Stream, options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"Cannot read '{_request.File}': {ex.Message}", ex);
        }
    }

    private void OnIssue(ChatIssue issue, RejectsWriter? rejects)
    {
        if (issue.Severity == ChatIssueSeverity.Error)
        {
            _errors++;
            rejects?.Write(issue, _recent.Find(issue.RowNumber));
            if (_printedErrors < MaxPrintedIssues)
            {
                _printedErrors++;
                _progress.WriteLine("rejected: " + issue);
            }
            else if (_printedErrors == MaxPrintedIssues)
            {
                _printedErrors++;
                _progress.WriteLine($"rejected: more rows were rejected; only the first {MaxPrintedIssues} are shown here ({(rejects is null ? "add --rejects <file.csv> to get them all" : "all are in " + rejects.Path)}).");
            }
        }
        else
        {
            _warnings++;
            if (_printedWarnings < MaxPrintedIssues)
            {
                _printedWarnings++;
                _progress.WriteLine("warning: " + issue);
            }
            else if (_printedWarnings == MaxPrintedIssues)
            {
                _printedWarnings++;
                _progress.WriteLine($"warning: more warnings follow; only the first {MaxPrintedIssues} are shown (the summary counts them all).");
            }
        }

        if (_request.Json)
        {
            if (_jsonIssues.Count < MaxJsonIssues)
            {
                _jsonIssues.Add(issue);
            }
            else
            {
                _issuesTruncated = true;
            }
        }
    }

    private void OnBatch(ChatBatchResult batch)
    {
        _progress.WriteLine(DescribeBatch(batch));
    }

    internal static string DescribeBatch(ChatBatchResult b)
    {
        var head = string.Format(CultureInfo.InvariantCulture, "batch {0}: rows {1}-{2}, {3} row(s), {4} bytes: ", b.BatchNumber, b.FirstRow, b.LastRow, b.Rows, b.Bytes);
        if (b.DryRunFile is { } file)
        {
            return head + "written to " + file;
        }

        if (b.Upload is { } u)
        {
            var how = b.Reconciled ? " (found by its marker after a failed response; not sent twice)" : string.Empty;
            return head + string.Format(CultureInfo.InvariantCulture, "upload {0}, {1}{2}", u.Id, u.Status, how);
        }

        return head + (b.Unknown ? "FATE UNKNOWN: " : "NOT SENT: ") + (b.Error ?? "unknown reason");
    }

    internal static string Describe(ChatImportProgress p)
    {
        var text = string.Format(CultureInfo.InvariantCulture, "read {0:N0}  sent {1:N0}  rejected {2:N0}  batches {3}/{4}", p.Read, p.Sent, p.Rejected, p.BatchesDone, p.Batches);
        if (p.PercentComplete >= 0)
        {
            text = p.PercentComplete.ToString(CultureInfo.InvariantCulture) + "%  " + text;
        }

        return p.Activity.Length > 0 ? text + "  " + p.Activity : text;
    }

    internal static int ExitCodeFor(ChatImportSummary s)
    {
        if (!s.Completed || s.NotSent > 0 || s.Unknown > 0 || s.BatchResults.Any(b => !b.Succeeded))
        {
            return ExitCodes.Failure;
        }

        if (s.Read > 0 && s.Sent == 0 && s.AlreadySent == 0)
        {
            return ExitCodes.Failure;
        }

        var linkageFailure = s.BatchResults.Any(b => string.Equals(b.Upload?.Status, MetricaUploadStatus.LinkageFailure, StringComparison.OrdinalIgnoreCase));
        return s.Rejected > 0 || s.RejectedByMetrica > 0 || linkageFailure ? ExitCodes.Partial : ExitCodes.Success;
    }

    private static string Verdict(int code) => code switch
    {
        ExitCodes.Success => "success",
        ExitCodes.Partial => "partial",
        ExitCodes.Cancelled => "cancelled",
        _ => "failure",
    };

    private void WriteText(ChatImportSummary s, int code, RejectsWriter? rejects)
    {
        var o = _console.Out;
        o.WriteLine(s.DryRun ? "Summary (dry run: nothing was sent)" : "Summary");
        o.WriteLine(string.Format(CultureInfo.InvariantCulture, "  read          {0,8:N0}", s.Read));
        o.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0}{1,8:N0}   in {2} batch(es)", s.DryRun ? "written       " : "sent          ", s.Sent, s.Batches));
        if (s.AlreadySent > 0)
        {
            o.WriteLine(string.Format(CultureInfo.InvariantCulture, "  already sent  {0,8:N0}   the ledger shows these chats sent before (or earlier in this input); not sent again", s.AlreadySent));
        }

        o.WriteLine(string.Format(CultureInfo.InvariantCulture, "  rejected      {0,8:N0}{1}", s.Rejected, RejectedDetail(s, rejects)));
        if (s.NotSent > 0)
        {
            o.WriteLine(string.Format(CultureInfo.InvariantCulture, "  not sent      {0,8:N0}   valid rows left unsent ({1})", s.NotSent, s.InputIncomplete is not null && s.StopReason is null ? "the input was still being written" : "the run stopped"));
        }

        if (s.Unknown > 0)
        {
            o.WriteLine(string.Format(CultureInfo.InvariantCulture, "  unknown       {0,8:N0}   may or may not be in Metrica; the ledger holds them and the next run settles them", s.Unknown));
        }

        if (s.DuplicateUploads > 0)
        {
            o.WriteLine(string.Format(CultureInfo.InvariantCulture, "  DUPLICATES    {0,8:N0}   upload(s) hold a batch of this run a second time (see the warnings above)", s.DuplicateUploads));
        }

        o.WriteLine(string.Format(CultureInfo.InvariantCulture, "  unattributed  {0,8:N0}   sent without ClientId, UserId, Yclid or PurchaseId (cannot join a visit)", s.Unattributed));
        o.WriteLine(Reconciliation(s));
        o.WriteLine(string.Format(CultureInfo.InvariantCulture, "  time          {0,8:0.0} s", s.Elapsed.TotalSeconds));

        var uploads = s.BatchResults.Where(b => b.Upload is not null).ToList();
        if (uploads.Count > 0)
        {
            o.WriteLine(uploads.All(b => b.Upload!.IsFinal)
                ? "Uploads (final status)"
                : _request.Connection.Sandbox
                    ? "Uploads (still processing; add --wait to see the final status: the embedded sandbox stops with this run)"
                    : "Uploads (still processing; follow with: metrica-chats status --counter " + _request.Counter.ToString(CultureInfo.InvariantCulture) + " --id <id> --wait)");
            foreach (var b in uploads)
            {
                var u = b.Upload!;
                o.WriteLine(string.Format(
                    CultureInfo.InvariantCulture,
                    "  upload {0}  status {1}  {2} of {3} row(s) accepted by Metrica{4}",
                    u.Id,
                    u.Status,
                    u.LineQuantity,
                    u.SourceQuantity,
                    u.RejectedByMetrica > 0 ? string.Format(CultureInfo.InvariantCulture, " ({0} rejected by Metrica)", u.RejectedByMetrica) : string.Empty));
            }

            if (s.RejectedByMetrica > 0)
            {
                o.WriteLine(string.Format(CultureInfo.InvariantCulture, "  Metrica rejected {0} row(s) on its side; its upload list does not say which.", s.RejectedByMetrica));
            }
        }

        if (s.StopReason is { } reason)
        {
            o.WriteLine("Stopped early: " + reason);
            if (s.ApiError?.QuotaResetsAt is { } reset)
            {
                o.WriteLine("  The daily quota resets at " + reset.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) + "; run the same command again after that: the ledger makes it send only what is missing.");
            }
        }

        o.WriteLine("Result: " + Verdict(code) + " (exit code " + code.ToString(CultureInfo.InvariantCulture) + ")");
    }

    /// <summary>"read = sent + rejected: 30 = 25 + 5", naming only the terms that are not zero (sent and rejected always).</summary>
    internal static string Reconciliation(ChatImportSummary s)
    {
        var names = new List<string> { "sent" };
        var values = new List<long> { s.Sent };
        if (s.AlreadySent > 0)
        {
            names.Add("already sent");
            values.Add(s.AlreadySent);
        }

        names.Add("rejected");
        values.Add(s.Rejected);
        if (s.NotSent > 0)
        {
            names.Add("not sent");
            values.Add(s.NotSent);
        }

        if (s.Unknown > 0)
        {
            names.Add("unknown");
            values.Add(s.Unknown);
        }

        return "  read = " + string.Join(" + ", names) + ": " + s.Read.ToString(CultureInfo.InvariantCulture) + " = " + string.Join(" + ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
    }

    private static string RejectedDetail(ChatImportSummary s, RejectsWriter? rejects)
    {
        if (s.Rejected == 0)
        {
            return string.Empty;
        }

        var byCode = string.Join(", ", s.RejectedByCode.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + " " + kv.Value.ToString(CultureInfo.InvariantCulture)));
        var where = rejects is null ? "listed above; add --rejects <file.csv> to get a file to fix and re-send" : "written to " + rejects.Path;
        return "   " + (byCode.Length > 0 ? byCode + "; " : string.Empty) + where;
    }

    private void WriteJson(ChatImportSummary s, int code, RejectsWriter? rejects)
    {
        JsonOut.Write(_console.Out, w =>
        {
            w.WriteStartObject();
            w.WriteString("result", Verdict(code));
            w.WriteNumber("exitCode", code);
            w.WriteBoolean("dryRun", s.DryRun);
            w.WriteNumber("counter", _request.Counter);
            w.WriteNumber("read", s.Read);
            w.WriteNumber("sent", s.Sent);
            w.WriteNumber("rejected", s.Rejected);
            w.WriteNumber("notSent", s.NotSent);
            w.WriteNumber("alreadySent", s.AlreadySent);
            w.WriteNumber("unknown", s.Unknown);
            w.WriteNumber("duplicateUploads", s.DuplicateUploads);
            w.StringOrNull("inputIncomplete", s.InputIncomplete);
            w.StringOrNull("ledger", s.LedgerPath);
            w.WriteNumber("ledgerRun", s.LedgerRunId);
            w.WriteNumber("unattributed", s.Unattributed);
            w.WriteNumber("warnings", s.Warnings);
            w.WriteNumber("rejectedByMetrica", s.RejectedByMetrica);
            w.WriteBoolean("reconciles", s.Read == s.Sent + s.AlreadySent + s.Rejected + s.NotSent + s.Unknown);
            w.WriteStartObject("rejectedByCode");
            foreach (var kv in s.RejectedByCode.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(kv.Key, kv.Value);
            }

            w.WriteEndObject();
            w.WriteNumber("batches", s.Batches);
            w.WriteNumber("elapsedSeconds", Math.Round(s.Elapsed.TotalSeconds, 3));
            w.StringOrNull("stopReason", s.StopReason);
            w.WriteString("stopKind", s.StopKind.ToString());
            if (s.ApiError is { } api)
            {
                w.WriteStartObject("apiError");
                ErrorText.WriteApiDetails(w, api);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("apiError");
            }

            w.StringOrNull("rejectsFile", rejects is null ? null : Path.GetFullPath(rejects.Path));
            w.WriteStartArray("uploads");
            foreach (var b in s.BatchResults)
            {
                w.WriteStartObject();
                w.WriteNumber("batch", b.BatchNumber);
                w.WriteString("marker", b.Marker);
                w.WriteNumber("firstRow", b.FirstRow);
                w.WriteNumber("lastRow", b.LastRow);
                w.WriteNumber("rows", b.Rows);
                w.WriteNumber("bytes", b.Bytes);
                w.WriteBoolean("succeeded", b.Succeeded);
                w.WriteBoolean("reconciled", b.Reconciled);
                w.WriteBoolean("unknown", b.Unknown);
                w.StringOrNull("dryRunFile", b.DryRunFile);
                w.StringOrNull("error", b.Error);
                if (b.Upload is { } u)
                {
                    w.WritePropertyName("upload");
                    UploadJson.Write(w, u);
                }
                else
                {
                    w.WriteNull("upload");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("issues");
            foreach (var i in _jsonIssues)
            {
                w.WriteStartObject();
                w.WriteNumber("row", i.RowNumber);
                w.StringOrNull("field", i.Field is { } f ? ColumnNames.Input(f) : null);
                w.StringOrNull("value", i.Value);
                w.WriteString("code", i.Code);
                w.WriteString("severity", i.Severity == ChatIssueSeverity.Error ? "error" : "warning");
                w.WriteString("message", i.Message);
                w.WriteString("fix", i.Fix);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteBoolean("issuesTruncated", _issuesTruncated);
            w.WriteEndObject();
        });
    }
}
