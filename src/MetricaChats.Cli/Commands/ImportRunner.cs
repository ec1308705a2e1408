using System.Diagnostics;
using System.Globalization;
using MetricaChats.Cli.Output;
using MetricaChats.Core.Advice;
using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Import;
using MetricaChats.Core.Ledger;
using MetricaChats.Core.Wire;

namespace MetricaChats.Cli.Commands;

/// <summary>
/// Runs <c>import</c>: opens the input, resolves the connection (unless a dry run), reads the
/// counter's extended-window state once, hands the records to <see cref="ChatImporter"/>, shows
/// progress and issues on standard error, writes the rejects file, waits (within
/// --wait-timeout), and reports through <see cref="ImportReport"/>.
/// </summary>
internal sealed class ImportRunner
{
    private readonly CliConsole _console;
    private readonly ImportRequest _request;
    private readonly CliStop _stop;
    private readonly ProgressLine _progress;
    private readonly RecentRecords _recent = new(capacity: 8192);
    private ImportInputFile? _inputFile;
    private System.Text.Encoding? _encoding;
    private string? _region;
    private TimeZoneInfo? _zone;

    public ImportRunner(CliConsole console, ImportRequest request, CliStop stop)
    {
        _console = console;
        _request = request;
        _stop = stop;
        _progress = new ProgressLine(console.Error, console.IsErrorInteractive, request.Output.Quiet);
    }

    public async Task<int> RunAsync()
    {
        Validate();
        var policy = RejectPolicy.Parse(_request.MaxRejected);
        var waitTimeout = Durations.Parse(_request.WaitTimeout, "--wait-timeout");
        CliConnection? connection = null;
        RejectsWriter? rejects = null;
        string? temporaryLedger = null;
        try
        {
            connection = await OpenConnectionAsync().ConfigureAwait(false);
            var windowEnabled = connection is null ? null : await ReadWindowAsync(connection, _stop.Token).ConfigureAwait(false);
            rejects = _request.RejectsFile is { } path ? new RejectsWriter(path) : null;
            var issues = new IssueReporter(_request.Output, _progress) { RejectsPath = rejects?.Path };
            var ledgerPath = LedgerPath(out temporaryLedger);
            var outcome = await ImportAsync(connection, OpenReader(issue => OnIssue(issue, issues, rejects)), rejects, issues, policy, waitTimeout, windowEnabled, ledgerPath).ConfigureAwait(false);
            issues.WriteGroups();
            var code = outcome.ExitCode(_stop.ExitCode);
            if (code == _stop.ExitCode && outcome.Stopped)
            {
                _progress.WriteLine($"Stopped by {_stop.SignalName}. Batches already acknowledged by Metrica stay uploaded; nothing else was sent.");
            }

            new ImportReport(_console, _request, outcome, issues, rejects, waitTimeout).Write(code);
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

    /// <summary>The connection (null for a dry run), opened before the input: with 'import - --token-stdin' the token is the first line of standard input.</summary>
    private async Task<CliConnection?> OpenConnectionAsync()
    {
        if (_request.DryRunDirectory is null)
        {
            var connection = await CliConnection.OpenAsync(_request.Connection, _console, Inform, firstLineOnly: _request.File == "-", _stop.Token).ConfigureAwait(false);
            if (_request.Output.Verbose)
            {
                _progress.WriteLine($"token from {connection.TokenSource}; endpoint {connection.Endpoint}");
            }

            return connection;
        }

        if (_request.Connection.TokenStdin && _request.File == "-")
        {
            // A dry run needs no token, but the first line is still the token, not CSV: skip it unread.
            SkipTokenLine(_console.In);
        }

        return null;
    }

    private void Inform(string line)
    {
        if (!_request.Output.Quiet)
        {
            _progress.WriteLine(line);
        }
    }

    /// <summary>Reads, checks and sends (or writes) the rows, then waits when asked.</summary>
    private async Task<ImportOutcome> ImportAsync(CliConnection? connection, ChatCsvReader reader, RejectsWriter? rejects, IssueReporter issues, RejectPolicy policy, TimeSpan? waitTimeout, bool? windowEnabled, string? ledgerPath)
    {
        var cancellationToken = _stop.Token;
        var ages = new RowAgeTally(DateTimeOffset.UtcNow);
        using var csv = new CsvInput(reader, issue => OnIssue(issue, issues, rejects));
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
            summary = await ChatImporter.ImportAsync(_recent.Track(csv.Records()), connection?.Client, Options(ages, ledgerPath, cancellationToken), Callbacks(issues, rejects, () => csv.LastRow), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _progress.Complete();
        }

        var totals = summary.WithUnreadableRows(csv.Rejected, csv.RejectedByCode);
        var wait = _request.Wait || waitTimeout is not null;
        var waited = connection is not null && wait && totals.StopKind == ChatImportStopKind.None && !cancellationToken.IsCancellationRequested
            ? await WaitAsync(connection, totals.BatchResults, waitTimeout, cancellationToken).ConfigureAwait(false)
            : new UploadWaiter.Result(totals.BatchResults, TimedOut: false, Stopped: false);

        return new ImportOutcome
        {
            Summary = totals,
            Batches = waited.Batches,
            Policy = policy,
            Waited = wait && connection is not null,
            WaitTimedOut = waited.TimedOut,
            Stopped = waited.Stopped || cancellationToken.IsCancellationRequested,
            WindowEnabled = windowEnabled,
            Advice = ExtendedWindowAdvice.Decide(windowEnabled, ages),
        };
    }

    private ChatImportOptions Options(RowAgeTally ages, string? ledgerPath, CancellationToken cancellationToken)
    {
        var options = new ChatImportOptions
        {
            CounterId = _request.Counter,
            Comment = _request.Comment,
            Wait = false, // the CLI waits itself, within --wait-timeout (UploadWaiter)
            DryRunDirectory = _request.DryRunDirectory is { } d ? Path.GetFullPath(d) : null,
            LedgerPath = ledgerPath,
            // A dry run opens no connection; the rows the ledger holds for the endpoint named are left out.
            Endpoint = Uri.TryCreate(_request.Connection.Endpoint, UriKind.Absolute, out var named) ? named : null,
            Resend = _request.Resend,
            SourceName = _request.File == "-" ? "-" : Path.GetFullPath(_request.File),
            FrontEnd = "cli",
            Normalizer = NormalizerOptions(ages),

            // On a terminal, a quick count of the file's lines gives the progress line a percentage.
            TotalRows = _console.IsErrorInteractive && _request.File != "-" ? CountDataLines(_request.File, cancellationToken) : null,
        };
        if (_request.BatchSize is { } rows)
        {
            options.Batch = new ChatBatchOptions { MaxRows = rows };
        }

        return options;
    }

    private ChatImportCallbacks Callbacks(IssueReporter issues, RejectsWriter? rejects, Func<long> lastRow)
    {
        var clock = Stopwatch.StartNew();
        var lastPlain = TimeSpan.FromSeconds(-5);
        return new ChatImportCallbacks
        {
            Issue = issue => OnIssue(issue, issues, rejects),
            InputEnded = _ => _inputFile?.End(lastRow()),
            BatchCompleted = batch =>
            {
                if (!_request.Output.Quiet)
                {
                    _progress.WriteLine(DescribeBatch(batch));
                }
            },
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
    }

    private async Task<UploadWaiter.Result> WaitAsync(CliConnection connection, IReadOnlyList<ChatBatchResult> batches, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var poll = connection.IsLoopback ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(30);
        var waiter = new UploadWaiter(connection.Client, _request.Counter, poll, timeout, _progress.Report, line => _progress.WriteLine("warning: " + line));
        try
        {
            return await waiter.WaitAsync(batches, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _progress.Complete();
        }
    }

    /// <summary>The counter's calls extended window, read once for the advice; null when it cannot be read (the import goes on).</summary>
    private async Task<bool?> ReadWindowAsync(CliConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            return (await connection.Client.GetCallsExtendedWindowAsync(_request.Counter, cancellationToken).ConfigureAwait(false)).Enabled;
        }
        catch (Exception ex) when (ex is MetricaApiException or HttpRequestException)
        {
            if (_request.Output.Verbose)
            {
                _progress.WriteLine("could not read the counter's calls extended window (no advice about it): " + ex.Message);
            }

            return null;
        }
    }

    private void OnIssue(ChatIssue issue, IssueReporter issues, RejectsWriter? rejects)
    {
        if (issue.Severity == ChatIssueSeverity.Error)
        {
            rejects?.Write(issue, _recent.Find(issue.RowNumber));
        }

        issues.Add(issue);
    }

    /// <summary>Lines after the header (an estimate of the rows: a quoted line break counts twice), or null if unreadable.</summary>
    internal static long? CountDataLines(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
            if (!stream.CanSeek)
            {
                return null; // a pipe or device: reading it here would consume it
            }

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

    /// <summary>
    /// Skips the token line of 'import - --token-stdin' in a dry run, reading at most as much as a
    /// token may be long: standard input that never ends a line (/dev/zero) is refused, not read forever.
    /// </summary>
    internal static void SkipTokenLine(TextReader reader)
    {
        var first = new FirstLineReader(reader);
        for (var n = 0; first.Read() >= 0; n++)
        {
            if (n >= TokenInput.MaxInputLength)
            {
                throw new CliUsageException($"The first line of standard input is longer than {TokenInput.MaxInputLength:N0} characters, so it is not a token. With 'import - --token-stdin' the first line is the token and the CSV follows.");
            }
        }
    }

    private string SourceName => _request.File == "-" ? "standard input" : _request.File;

    private void Validate()
    {
        if (_request.Counter <= 0)
        {
            throw new CliUsageException($"--counter {_request.Counter.ToString(CultureInfo.InvariantCulture)} is not a counter id: give the positive number from 'metrica-chats counters' (e.g. --counter 12345).");
        }

        if (_request.BatchSize is { } b && b <= 0)
        {
            throw new CliUsageException($"--batch-size {b.ToString(CultureInfo.InvariantCulture)} must be a positive number of rows.");
        }

        CommentRule.Validate(_request.Comment);
        if (_request.StateFile is not null)
        {
            throw new CliUsageException("--state is no longer used: the ledger, on by default, records every batch before it is sent and every chat that was sent, so running the same command again sends only what is missing and nothing twice. Drop --state (use --ledger <file> only to keep the ledger somewhere else).");
        }

        _region = ChatInputOptions.ReadRegion(_request.DefaultRegion);
        _zone = ChatInputOptions.ReadTimeZone(_request.TimeZone);
        if (_request.File == "-")
        {
            _encoding = ChatInputOptions.ReadEncoding(_request.Encoding, _request.File);
            return;
        }

        if (Directory.Exists(_request.File))
        {
            throw new CliUsageException($"The input '{_request.File}' is a directory, not a file. Give the CSV export itself (e.g. {Path.Combine(_request.File, "chats.csv")}), or '-' to read standard input.");
        }

        if (!File.Exists(_request.File))
        {
            throw new CliUsageException($"The input file '{_request.File}' does not exist. Give a CSV export, or '-' to read standard input.");
        }

        _encoding = ChatInputOptions.ReadEncoding(_request.Encoding, _request.File);
    }

    private ChatNormalizerOptions NormalizerOptions(RowAgeTally ages)
    {
        var options = new ChatNormalizerOptions { DefaultRegion = _region, OptionNames = ChatInputOptions.Names, Accepted = ages.Observe };
        if (_zone is not null)
        {
            options.LocalTimeZone = _zone;
        }

        return options;
    }

    /// <summary>
    /// The engine's reader over the file (encoding: BOM, --encoding, or detection) or over standard
    /// input (UTF-8); join's audit columns are kept out of the upload without a warning.
    /// </summary>
    private ChatCsvReader OpenReader(Action<ChatIssue> onNotice)
    {
        var options = new ChatCsvReaderOptions { Encoding = _encoding, OptionNames = ChatInputOptions.Names, OnNotice = onNotice, KeepColumn = CsvInput.IsAuditColumn };
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
        var directory = Path.GetDirectoryName(path)!;
        foreach (var file in Directory.EnumerateFiles(directory, Path.GetFileName(path) + "*"))
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
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
}
