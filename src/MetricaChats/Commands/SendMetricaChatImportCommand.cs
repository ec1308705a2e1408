using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using MetricaChats.Completion;
using MetricaChats.Core.Advice;
using MetricaChats.Core.Api;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Import;
using MetricaChats.Core.Ledger;
using MetricaChats.Core.Wire;
using MetricaChats.Internal;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Uploads chat events to a Metrica counter as chat conversions, in batches, and outputs one upload object per batch.</para>
/// </summary>
/// <remarks>
/// Rows come from the pipeline (or -InputObject) or, read by the engine's own reader, from export
/// files (-Path, -LiteralPath). Core's push-style <see cref="ChatImportSession"/> sends a batch
/// whenever one fills, in the background; every row's error, finished batch and progress is
/// written on the pipeline thread right after the row. The run ends with its reconciled summary
/// (shown by default, capturable with -InformationVariable). When an error will end the command
/// (-ErrorAction Stop), the run is settled first: no further rows, the uploads in flight finish,
/// and they, the summary and the rows not sent are reported before the error, which names them.
/// Ctrl+C cancels the session's uploads.
/// </remarks>
[Cmdlet(VerbsCommunications.Send, "MetricaChatImport", DefaultParameterSetName = UploadSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MetricaUpload), ParameterSetName = new[] { UploadSet, UploadPathSet, UploadLiteralPathSet })]
[OutputType(typeof(FileInfo), ParameterSetName = new[] { DryRunSet, DryRunPathSet, DryRunLiteralPathSet })]
public sealed class SendMetricaChatImportCommand : ChatInputCmdlet, IImportOutput
{
    private const string UploadSet = "Upload";
    private const string UploadPathSet = "UploadPath";
    private const string UploadLiteralPathSet = "UploadLiteralPath";
    private const string DryRunSet = "DryRun";
    private const string DryRunPathSet = "DryRunPath";
    private const string DryRunLiteralPathSet = "DryRunLiteralPath";
    private const int ProgressId = 1;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromMinutes(2);

    private readonly Dictionary<int, ImportRun> _runs = new();
    private readonly WarningThrottle _warnings = new();
    private bool _declined;
    private bool _errorsStop;
    private long _row;
    private long _events;
    private long _rawRows;
    private int _runsStarted;
    private ChatEventLink? _upstream;

    /// <summary>Chat events from New-MetricaChatEvent, or raw rows (Import-Csv objects, hashtables) with the same property names or their aliases; an array is taken item by item.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = UploadSet)]
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = DryRunSet)]
    [AllowNull]
    [AllowEmptyCollection]
    public PSObject?[]? InputObject { get; set; }

    /// <summary>Export files to read with the engine's reader (wildcards allowed).</summary>
    [Parameter(Mandatory = true, ParameterSetName = UploadPathSet)]
    [Parameter(Mandatory = true, ParameterSetName = DryRunPathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    /// <summary>Export files to read with the engine's reader, names taken literally.</summary>
    [Parameter(Mandatory = true, ParameterSetName = UploadLiteralPathSet)]
    [Parameter(Mandatory = true, ParameterSetName = DryRunLiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <summary>The counter to upload to.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UploadSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UploadPathSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UploadLiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Position = 0, ParameterSetName = DryRunSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Position = 0, ParameterSetName = DryRunPathSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Position = 0, ParameterSetName = DryRunLiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, int.MaxValue)]
    [ArgumentCompleter(typeof(CounterIdCompleter))]
    public int CounterId { get; set; }

    /// <summary>A comment on every upload (letters, digits and spaces); the batch marker is appended.</summary>
    [Parameter]
    [ValidateLength(1, 200)]
    public string? Comment { get; set; }

    /// <summary>Most rows per upload.</summary>
    [Parameter]
    [ValidateRange(1, 10_000_000)]
    public int BatchSize { get; set; } = ChatBatchOptions.DefaultMaxRows;

    /// <summary>Wait until Metrica has processed every upload; the final upload objects are output at the end.</summary>
    [Parameter(ParameterSetName = UploadSet)]
    [Parameter(ParameterSetName = UploadPathSet)]
    [Parameter(ParameterSetName = UploadLiteralPathSet)]
    public SwitchParameter Wait { get; set; }

    /// <summary>Seconds between status checks with -Wait.</summary>
    [Parameter(ParameterSetName = UploadSet)]
    [Parameter(ParameterSetName = UploadPathSet)]
    [Parameter(ParameterSetName = UploadLiteralPathSet)]
    [ValidateRange(1, 3600)]
    public int PollIntervalSec { get; set; } = 30;

    /// <summary>
    /// The ledger file (default: ledger.db in the configuration folder). It records every batch
    /// before it is sent and every chat sent, so a re-run, two runs at once and overlapping
    /// exports send each chat once; a dry run with a counter leaves out the rows it holds.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LedgerPath { get; set; }

    /// <summary>Send rows even when the ledger shows their chats sent already (on purpose: Metrica then holds them twice).</summary>
    [Parameter(ParameterSetName = UploadSet)]
    [Parameter(ParameterSetName = UploadPathSet)]
    [Parameter(ParameterSetName = UploadLiteralPathSet)]
    public SwitchParameter Resend { get; set; }

    /// <summary>No longer used: the ledger replaced the state file. Refused with a message that says so.</summary>
    [Parameter(ParameterSetName = UploadSet, DontShow = true)]
    [Parameter(ParameterSetName = UploadPathSet, DontShow = true)]
    [Parameter(ParameterSetName = UploadLiteralPathSet, DontShow = true)]
    public string? StateFile { get; set; }

    /// <summary>Dry run: write the chat CSV to this file (more batches: name-000002.csv, ...) and send nothing.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DryRunSet)]
    [Parameter(Mandatory = true, ParameterSetName = DryRunPathSet)]
    [Parameter(Mandatory = true, ParameterSetName = DryRunLiteralPathSet)]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>Do not ask for confirmation; with -OutFile, overwrite existing files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private bool IsDryRun => ParameterSetName.StartsWith(DryRunSet, StringComparison.Ordinal);

    private bool ReadsFiles => ParameterSetName.EndsWith("Path", StringComparison.Ordinal);

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _errorsStop = Preferences.Error == ActionPreference.Stop;
        if (MyInvocation.BoundParameters.ContainsKey(nameof(StateFile)))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-StateFile is no longer used: the ledger, on by default, records every batch before it is sent and every chat that was sent, so running the same command again sends only what is missing and nothing twice."),
                "StateFileReplaced",
                ErrorCategory.InvalidArgument,
                StateFile)
            {
                ErrorDetails = new ErrorDetails("-StateFile is no longer used: the ledger, on by default, records every batch before it is sent and every chat that was sent, so running the same command again sends only what is missing and nothing twice.")
                {
                    RecommendedAction = "Leave -StateFile out. Use -LedgerPath only to keep the ledger somewhere other than the default place; Get-MetricaChatImportHistory shows what it recorded.",
                },
            });
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ReadsFiles)
        {
            ImportFiles();
            return;
        }

        foreach (var item in ChatInput.Items(InputObject))
        {
            if (_declined)
            {
                return;
            }

            AddRow(item);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        foreach (var run in new List<ImportRun>(_runs.Values))
        {
            Finish(run);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // The command ended without finishing its runs (another command's error, a downstream
            // Select-Object -First): the uploads in flight settle and are recorded, unless the user
            // pressed Ctrl+C, which cancels them (each is then looked for by its marker).
            foreach (var run in _runs.Values)
            {
                if (!StopToken.IsCancellationRequested)
                {
                    run.Settle("The command ended before the import completed; the rows not yet sent were not sent.", SettleLimit);
                }

                run.Dispose();
            }

            _runs.Clear();
        }

        base.Dispose(disposing);
    }

    private void AddRow(PSObject input)
    {
        _row++;
        var run = RunFor(CounterId);
        if (run is null)
        {
            return;
        }

        run.Target = input;
        if (input.BaseObject is ChatEvent chatEvent)
        {
            if (_events++ == 0)
            {
                LinkUpstream(chatEvent);
            }

            run.Ages.Observe(chatEvent);

            Add(run, run.Session.AddAsync(chatEvent, StopToken));
        }
        else
        {
            // Columns no chat field takes are named once per run; none at all ends the command.
            _rawRows++;
            NoteEncodingUnused();
            var record = ChatInput.ToRecord(input, _row);
            record.ReadError = CheckColumns(input, _row);
            Add(run, run.Session.AddAsync(record, StopToken));
        }

        AfterRow(run);
    }

    private void ImportFiles()
    {
        var errors = new List<ErrorRecord>();
        var literal = ParameterSetName.EndsWith(nameof(LiteralPath), StringComparison.Ordinal);
        var files = ExportFiles.Resolve(this, (literal ? LiteralPath : Path) ?? Array.Empty<string>(), literal, errors);
        foreach (var error in errors)
        {
            WriteError(error);
        }

        var run = files.Count == 0 ? null : RunFor(CounterId);
        if (run is null)
        {
            return;
        }

        run.NameFile = files.Count > 1;
        foreach (var file in files)
        {
            if (run.Finished || !ImportFile(run, file))
            {
                return;
            }
        }
    }

    // Reads one export file into the run on this thread (no per-row hand-over: the engine's reader,
    // normaliser and batcher run here, the uploads in the background). False when the run ended.
    private bool ImportFile(ImportRun run, string file)
    {
        run.File = file;
        var goOn = ExportFiles.Read(
            file,
            ReaderOptions(notice => WriteWarning(System.IO.Path.GetFileName(file) + ": " + notice.Message)),
            record =>
            {
                _row++;
                run.Record = record;
                Add(run, run.Session.AddAsync(record, StopToken));
                AfterRow(run);
            },
            issue =>
            {
                run.CountUnreadable(issue.Code);
                WriteOrHold(run, ExportFiles.InFile(ChatIssueErrors.Create(issue, ExportFiles.RowTarget(file, null, issue.RowNumber)), file, run.NameFile));
                AfterRow(run);
            },
            error =>
            {
                WriteOrHold(run, error);
                AfterRow(run);
            },
            WriteWarning,
            () => StopToken.IsCancellationRequested ? throw new PipelineStoppedException() : run.Finished,
            end => run.Session.EndInput(end));
        run.File = null;
        run.Record = null;
        return goOn;
    }

    // Most adds complete at once; one that waits for a free upload slot is waited for here while
    // the finished batches and progress are written.
    private void Add(ImportRun run, Task adding)
    {
        try
        {
            if (adding.IsCompleted)
            {
                adding.GetAwaiter().GetResult();
            }
            else
            {
                RunAsync(_ => adding, () => Report(run));
            }
        }
        catch (MetricaApiException ex)
        {
            Report(run);
            WriteApiError(ex, run.Target);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            // The session refused to go on (a state file recorded for other input, a write failure).
            Report(run);
            ThrowTerminatingError(new ErrorRecord(ex, "ImportFailed", ErrorCategory.InvalidOperation, run.Target));
        }
    }

    private void AfterRow(ImportRun run)
    {
        Report(run);
        if (run.HeldErrors.Count > 0)
        {
            StopAtError(run);
        }
        else if (run.Session.IsStopped)
        {
            // The run cannot take more rows: finish it (its warning says what was not sent), then stop the command.
            Finish(run, stopsCommand: true);
        }
    }

    // The first error of a run whose errors end the command: the run stops taking rows, its
    // uploads in flight settle, everything is reported, then the error (naming the uploads) is written.
    private void StopAtError(ImportRun run)
    {
        var first = run.HeldErrors[0];
        run.HeldErrors.RemoveAt(0);
        run.Session.Stop("the first error (" + first.FullyQualifiedErrorId + ") ended the command (-ErrorAction Stop).");
        if (Finish(run, heldErrors: false) is { } summary)
        {
            ImportStopNote.Attach(first, summary);
        }

        WriteError(first);
        WriteHeldErrors(run);
    }

    private ImportRun? RunFor(int counterId)
    {
        if (_runs.TryGetValue(counterId, out var existing))
        {
            return existing;
        }

        // Rows bound to another counter: finish the runs before, so uploads stay in input order.
        foreach (var other in new List<ImportRun>(_runs.Values))
        {
            Finish(other);
        }

        if (_declined)
        {
            return null;
        }

        var outFile = IsDryRun ? GetUnresolvedProviderPathFromPSPath(OutFile!) : null;
        var confirmed = outFile is null
            ? ShouldProcessUnlessForced(Force.IsPresent, "counter " + counterId.ToString(CultureInfo.InvariantCulture), "Upload chat conversions (batches of up to " + BatchSize.ToString(CultureInfo.InvariantCulture) + " rows)")
            : ShouldProcessUnlessForced(Force.IsPresent, OutFileTarget(outFile), "Write the chat CSV (dry run; nothing is sent)");
        if (!confirmed)
        {
            _declined = true;
            return null;
        }

        var run = StartRun(counterId, outFile);
        _runs[counterId] = run;
        _runsStarted++;
        return run;
    }

    private string OutFileTarget(string outFile)
    {
        if (File.Exists(outFile) && !Force.IsPresent)
        {
            ThrowTerminatingError(new ErrorRecord(
                new IOException("The file '" + outFile + "' exists. Use -Force to overwrite it, or choose another -OutFile."),
                "OutFileExists",
                ErrorCategory.ResourceExists,
                outFile));
        }

        return outFile;
    }

    private ImportRun StartRun(int counterId, string? outFile)
    {
        var options = new ChatImportOptions
        {
            CounterId = counterId,
            Comment = Comment,
            Batch = new ChatBatchOptions { MaxRows = BatchSize },
            Wait = Wait.IsPresent,
            PollInterval = TimeSpan.FromSeconds(PollIntervalSec),
            DryRunDirectory = outFile is null ? null : DryRunFiles.WorkingDirectory(outFile),
            LedgerPath = outFile is null || counterId > 0 ? (LedgerPath is null ? ImportLedger.DefaultPath() : GetUnresolvedProviderPathFromPSPath(LedgerPath)) : null,
            Resend = Resend.IsPresent,
            Endpoint = MetricaSession.Current?.Endpoint,
            SourceName = ReadsFiles ? "files" : "pipeline",
            FrontEnd = "powershell",
            Normalizer = NormalizerOptions(),
        };
        var ages = new RowAgeTally(DateTimeOffset.UtcNow);
        options.Normalizer.Accepted = ages.Observe;

        ImportRun run;
        try
        {
            run = new ImportRun(counterId, new ChatImportSession(outFile is null ? RequireClient() : null, options, StopToken), outFile, options.DryRunDirectory);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidImportOptions", ErrorCategory.InvalidArgument, counterId));
            throw;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The dry-run folder cannot be created.
            ThrowTerminatingError(new ErrorRecord(ex, "ImportSetupFailed", ErrorCategory.OpenError, options.DryRunDirectory));
            throw;
        }

        run.Ages = ages;
        run.WindowEnabled = IsDryRun ? null : ReadWindow(counterId);

        // The ledger first: the counter's lock (waiting while another run holds it) and the
        // batches an earlier run left unsettled, with their notices shown as they come.
        try
        {
            RunAsync(ct => run.Session.StartAsync(ct), () => Report(run));
            Report(run);
        }
        catch (LedgerException ex)
        {
            Report(run);
            run.Dispose();
            var busy = ex.CounterBusy;
            ThrowTerminatingError(new ErrorRecord(ex, busy ? "CounterBusy" : "LedgerUnavailable", busy ? ErrorCategory.ResourceBusy : ErrorCategory.OpenError, options.LedgerPath)
            {
                ErrorDetails = new ErrorDetails(ex.Message)
                {
                    RecommendedAction = busy
                        ? "Run the command again when the other import has finished; nothing was sent by this one."
                        : "Name another ledger file with -LedgerPath, or fix the one named (disk space, permissions).",
                },
            });
            throw;
        }

        return run;
    }

    // Completes the run (the last batch, every upload, with -Wait their processing) and reports
    // it: final uploads, progress, the summary, what was not sent, why it stopped, held errors.
    // A run that stopped early ends the command when stopsCommand is set or its kind says so.
    private MetricaChatImportSummary? Finish(ImportRun run, bool stopsCommand = false, bool heldErrors = true)
    {
        run.Finished = true;
        if (Complete(run) is not { } engine)
        {
            return null;
        }

        if (Wait.IsPresent)
        {
            foreach (var result in engine.BatchResults.OrderBy(b => b.BatchNumber))
            {
                if (result.Upload is { } upload)
                {
                    WriteObject(upload);
                }
            }
        }

        WriteProgress(new ProgressRecord(ProgressId, ImportMessages.Activity(run), "Done") { RecordType = ProgressRecordType.Completed });
        var summary = Summarize(run, engine, upstreamMayRun: false);
        WriteInformation(summary, new[] { "MetricaChats", "Summary", "PSHOST" });
        foreach (var advice in ExtendedWindowAdvice.Decide(run.WindowEnabled, run.Ages))
        {
            WriteWarning(advice.Message("Enable-MetricaCallsExtendedWindow -CounterId " + run.CounterId.ToString(CultureInfo.InvariantCulture)));
        }
        if (summary.NotSent > 0)
        {
            WriteWarning(ImportMessages.NotSent(summary));
        }

        run.Reported = true;

        // Why the run stopped (a bad token, the daily quota, a rejected file...), by its kind;
        // Ctrl+C needs no error record, PowerShell reports the stop itself.
        if (engine.StopKind is ChatImportStopKind.ApiError or ChatImportStopKind.Failed || (stopsCommand && engine.StopKind != ChatImportStopKind.None))
        {
            var record = ImportMessages.StopError(run.CounterId, engine.StopKind, engine.ApiError, engine.StopReason);
            if (stopsCommand || ApiErrorMap.ForStop(engine.StopKind, engine.ApiError?.Kind).StopsCommand)
            {
                ThrowTerminatingError(record);
            }

            WriteError(record);
        }

        if (heldErrors)
        {
            WriteHeldErrors(run, summary);
        }

        return summary;
    }

    // The engine's end of the run, every upload settled; null when it failed (reported here).
    private ChatImportSummary? Complete(ImportRun run)
    {
        try
        {
            var engine = RunAsync(ct => run.Session.CompleteAsync(ct), () => Report(run));
            Report(run);
            return engine;
        }
        catch (Exception ex) when (ex is MetricaApiException or IOException or InvalidOperationException)
        {
            Report(run);
            if (ex is MetricaApiException api)
            {
                WriteApiError(api, run.CounterId);
                return null;
            }

            ThrowTerminatingError(new ErrorRecord(ex, "ImportFailed", ErrorCategory.InvalidOperation, run.CounterId));
            return null;
        }
        finally
        {
            _runs.Remove(run.CounterId);
            run.Dispose();
        }
    }

    private void WriteHeldErrors(ImportRun run, MetricaChatImportSummary? summary = null)
    {
        var first = true;
        while (run.HeldErrors.Count > 0)
        {
            var error = run.HeldErrors[0];
            run.HeldErrors.RemoveAt(0);
            if (first && summary is not null)
            {
                ImportStopNote.Attach(error, summary);
            }

            first = false;
            WriteError(error);
        }
    }

    private MetricaChatImportSummary Summarize(ImportRun run, ChatImportSummary engine, bool upstreamMayRun)
    {
        // New-MetricaChatEvent's rejections join the reconciliation when every event came from it.
        var upstream = _upstream is { } link && (link.IsComplete || upstreamMayRun) && link.Summary.Valid == _events && _rawRows == 0 && _runsStarted == 1
            ? link.Summary
            : null;
        var counter = IsDryRun && !MyInvocation.BoundParameters.ContainsKey(nameof(CounterId)) ? (int?)null : run.CounterId;
        return MetricaChatImportSummary.Create(engine, counter, run.Files.ToArray(), run.Unreadable, run.UnreadableByCode, upstream);
    }

    // The New-MetricaChatEvent run behind the first event, if any: its counts join the summary,
    // and it can ask this command to settle before its own error ends the pipeline.
    private void LinkUpstream(ChatEvent chatEvent)
    {
        _upstream = ChatEventLink.Find(chatEvent);
        _upstream?.Attach(StopForUpstream);
    }

    // Called by the New-MetricaChatEvent before this command when a bad row is about to end the
    // pipeline (its -ErrorAction Stop): nothing can be written here any more, so the runs stop,
    // their uploads in flight settle and are recorded, and New shows the summary and names them.
    private MetricaChatImportSummary? StopForUpstream(string reason)
    {
        MetricaChatImportSummary? summary = null;
        foreach (var run in new List<ImportRun>(_runs.Values))
        {
            _runs.Remove(run.CounterId);
            using (run)
            {
                if (run.Settle(reason, SettleLimit) is { } engine)
                {
                    summary = Summarize(run, engine, upstreamMayRun: true);
                }
            }
        }

        return summary;
    }

    // Writes what the session produced since the last call (row errors and warnings, finished
    // batches) and, a few times a second, progress and the HTTP traces.
    private void Report(ImportRun run)
    {
        run.Report(this);
        if (run.SinceProgress.Elapsed >= ProgressInterval)
        {
            run.SinceProgress.Restart();
            Dispatcher.Drain();
            var progress = run.Session.GetProgress();
            WriteProgress(new ProgressRecord(ProgressId, ImportMessages.Activity(run), ImportMessages.Progress(progress))
            {
                PercentComplete = progress.PercentComplete,
                CurrentOperation = progress.Activity,
            });
        }
    }

    void IImportOutput.Error(ImportRun run, ErrorRecord record) => WriteOrHold(run, record);

    void IImportOutput.Notice(string text) => WriteWarning(text);

    // The counter's calls extended window, read once before the import for the advice; null when it cannot be read.
    private bool? ReadWindow(int counterId)
    {
        try
        {
            return RunAsync(ct => RequireClient().GetCallsExtendedWindowAsync(counterId, ct)).Enabled;
        }
        catch (MetricaApiException ex)
        {
            WriteVerbose("Could not read the counter's calls extended window (no advice about it): " + ex.Message);
            return null;
        }
    }

    void IImportOutput.Warning(string code, string text)
    {
        if (_warnings.ShouldShow(code))
        {
            WriteWarning(text + " (Further rows with this warning are counted in the summary; -Verbose lists each.)");
        }
        else
        {
            WriteVerbose(text);
        }
    }

    // With -Wait the session follows each upload to its final state; the final objects are written in Finish.
    void IImportOutput.Upload(MetricaUpload upload)
    {
        if (!Wait.IsPresent)
        {
            WriteObject(upload);
        }
    }

    // The file system provider's item, as Get-Item outputs it (PSPath, PSProvider, the usual
    // view), not a bare FileInfo whose view shows blank columns.
    void IImportOutput.File(string path) => WriteObject(InvokeProvider.Item.Get(new[] { @"Microsoft.PowerShell.Core\FileSystem::" + path }, false, true), true);

    // Under -ErrorAction Stop the first error would end the command on the spot, with batches
    // possibly in flight and nothing reported: it is held until the run is settled and reported.
    private void WriteOrHold(ImportRun run, ErrorRecord record)
    {
        if (_errorsStop && !run.Reported)
        {
            run.HeldErrors.Add(record);
        }
        else
        {
            WriteError(record);
        }
    }
}
