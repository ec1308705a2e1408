using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using MetricaChats.Completion;
using MetricaChats.Core.Advice;
using MetricaChats.Core.Api;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Import;
using MetricaChats.Core.Wire;
using MetricaChats.Internal;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Uploads chat events to a Metrica counter as chat conversions, in batches, and outputs one upload object per batch.</para>
/// </summary>
/// <remarks>
/// Collects in <c>ProcessRecord</c> (Core's push-style <see cref="ChatImportSession"/> sends a
/// batch whenever one fills, in the background), flushes in <c>EndProcessing</c>. Everything
/// the session produces (row errors, finished batches, progress) is taken and written on the
/// pipeline thread. Ctrl+C cancels the session's uploads.
/// </remarks>
[Cmdlet(VerbsCommunications.Send, "MetricaChatImport", DefaultParameterSetName = UploadSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MetricaUpload), ParameterSetName = new[] { UploadSet })]
[OutputType(typeof(FileInfo), ParameterSetName = new[] { DryRunSet })]
public sealed class SendMetricaChatImportCommand : MetricaCmdlet
{
    private const string UploadSet = "Upload";
    private const string DryRunSet = "DryRun";
    private const int ProgressId = 1;

    private readonly Dictionary<int, Run> _runs = new();
    private readonly WarningThrottle _warnings = new();
    private bool _declined;
    private long _row;

    /// <summary>Chat events from New-MetricaChatEvent, or raw rows (Import-Csv, objects) with the same property names or their aliases.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>The counter to upload to.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UploadSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Position = 0, ParameterSetName = DryRunSet, ValueFromPipelineByPropertyName = true)]
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
    public SwitchParameter Wait { get; set; }

    /// <summary>Seconds between status checks with -Wait.</summary>
    [Parameter(ParameterSetName = UploadSet)]
    [ValidateRange(1, 3600)]
    public int PollIntervalSec { get; set; } = 30;

    /// <summary>A resume file: re-running with the same input and file sends only the batches not yet sent.</summary>
    [Parameter(ParameterSetName = UploadSet)]
    [ValidateNotNullOrEmpty]
    public string? StateFile { get; set; }

    /// <summary>Dry run: write the chat CSV to this file (more batches: name-000002.csv, ...) and send nothing.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DryRunSet)]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>Do not ask for confirmation; with -OutFile, overwrite existing files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private bool IsDryRun => ParameterSetName == DryRunSet;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (_declined || InputObject is null)
        {
            return;
        }

        _row++;
        var run = RunFor(CounterId);
        if (run is null)
        {
            return;
        }

        var input = InputObject;
        try
        {
            if (input.BaseObject is ChatEvent chatEvent)
            {
                run.Ages.Observe(chatEvent);
                RunAsync(ct => run.Session.AddAsync(chatEvent, ct), () => Flush(run));
            }
            else
            {
                var record = ChatRecordBuilder.FromValues(ReadProperties(input), _row);
                run.Targets[record.RowNumber] = input;
                RunAsync(ct => run.Session.AddAsync(record, ct), () => Flush(run));
            }
        }
        catch (MetricaApiException ex)
        {
            Flush(run);
            WriteApiError(ex, input);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            // The session refused to go on (a state file recorded for other input, a write failure).
            Flush(run);
            ThrowTerminatingError(new ErrorRecord(ex, "ImportFailed", ErrorCategory.InvalidOperation, input));
        }

        Flush(run);
        run.Targets.Clear();
        if (run.Session.IsStopped)
        {
            // The run cannot take more rows: finish it (its warning says what was not sent), then stop the command.
            var stopKind = run.Session.StopKind;
            var apiError = run.Session.ApiError;
            var reason = run.Session.StopReason;
            Finish(run, reportStop: false);
            _runs.Remove(run.CounterId);
            ThrowTerminatingError(StopErrorRecord(run.CounterId, stopKind, apiError, reason));
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        foreach (var run in new List<Run>(_runs.Values))
        {
            Finish(run);
            _runs.Remove(run.CounterId);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var run in _runs.Values)
            {
                run.Dispose();
            }

            _runs.Clear();
        }

        base.Dispose(disposing);
    }

    private Run? RunFor(int counterId)
    {
        if (_runs.TryGetValue(counterId, out var existing))
        {
            return existing;
        }

        // Rows bound to another counter: finish the runs before, so uploads stay in input order.
        foreach (var other in new List<Run>(_runs.Values))
        {
            Finish(other);
            _runs.Remove(other.CounterId);
        }

        string target;
        string action;
        string? outFile = null;
        if (IsDryRun)
        {
            outFile = GetUnresolvedProviderPathFromPSPath(OutFile!);
            target = outFile;
            action = "Write the chat CSV (dry run; nothing is sent)";
            if (File.Exists(outFile) && !Force.IsPresent)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new IOException("The file '" + outFile + "' exists. Use -Force to overwrite it, or choose another -OutFile."),
                    "OutFileExists",
                    ErrorCategory.ResourceExists,
                    outFile));
            }
        }
        else
        {
            target = "counter " + counterId.ToString(CultureInfo.InvariantCulture);
            action = "Upload chat conversions (batches of up to " + BatchSize.ToString(CultureInfo.InvariantCulture) + " rows)";
        }

        if (!ShouldProcessUnlessForced(Force.IsPresent, target, action))
        {
            _declined = true;
            return null;
        }

        var options = new ChatImportOptions
        {
            CounterId = counterId,
            Comment = Comment,
            Batch = new ChatBatchOptions { MaxRows = BatchSize },
            Wait = Wait.IsPresent,
            PollInterval = TimeSpan.FromSeconds(PollIntervalSec),
            StateFile = StateFile is null ? null : GetUnresolvedProviderPathFromPSPath(StateFile),
            DryRunDirectory = outFile is null ? null : DryRunFiles.WorkingDirectory(outFile),
        };
        var ages = new RowAgeTally(DateTimeOffset.UtcNow);
        options.Normalizer = new ChatNormalizerOptions { Accepted = ages.Observe };

        ChatImportSession session;
        try
        {
            session = new ChatImportSession(IsDryRun ? null : RequireClient(), options, StopToken);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidImportOptions", ErrorCategory.InvalidArgument, counterId));
            throw;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The state file cannot be read or written, or the dry-run folder cannot be created.
            ThrowTerminatingError(new ErrorRecord(ex, "ImportSetupFailed", ErrorCategory.OpenError, options.StateFile ?? options.DryRunDirectory));
            throw;
        }

        var run = new Run(counterId, session, outFile, options.DryRunDirectory) { Ages = ages, WindowEnabled = IsDryRun ? null : ReadWindow(counterId) };
        _runs[counterId] = run;
        return run;
    }

    private void Finish(Run run, bool reportStop = true)
    {
        ChatImportSummary summary;
        try
        {
            summary = RunAsync(ct => run.Session.CompleteAsync(ct), () => Flush(run));
        }
        catch (MetricaApiException ex)
        {
            Flush(run);
            run.Dispose();
            WriteApiError(ex, run.CounterId);
            return;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            Flush(run);
            run.Dispose();
            ThrowTerminatingError(new ErrorRecord(ex, "ImportFailed", ErrorCategory.InvalidOperation, run.CounterId));
            return;
        }

        Flush(run);
        run.Dispose();
        if (Wait.IsPresent)
        {
            var finals = new List<ChatBatchResult>(summary.BatchResults);
            finals.Sort((a, b) => a.BatchNumber.CompareTo(b.BatchNumber));
            foreach (var result in finals)
            {
                if (result.Upload is { } upload)
                {
                    WriteObject(upload);
                }
            }
        }

        WriteProgress(new ProgressRecord(ProgressId, Activity(run), "Done") { RecordType = ProgressRecordType.Completed });
        WriteInformation(summary, new[] { "MetricaChats", "Summary" });
        foreach (var advice in ExtendedWindowAdvice.Decide(run.WindowEnabled, run.Ages))
        {
            WriteWarning(advice.Message("Enable-MetricaCallsExtendedWindow -CounterId " + run.CounterId.ToString(CultureInfo.InvariantCulture)));
        }

        WriteVerbose(summary.ToString());
        if (summary.NotSent > 0)
        {
            WriteWarning(summary.NotSent.ToString(CultureInfo.InvariantCulture) + " valid row(s) were not sent" + (summary.StopReason is null ? "." : ": " + summary.StopReason) + " Run the same command again" + (StateFile is null ? " with -StateFile to send only what is missing." : " with the same -StateFile to send only what is missing."));
        }

        // A run that stopped at its end (the last batch met a bad token, the daily quota...):
        // report it by its kind; Ctrl+C needs no error record, PowerShell reports the stop itself.
        if (reportStop && summary.StopKind is ChatImportStopKind.ApiError or ChatImportStopKind.Failed)
        {
            var record = StopErrorRecord(run.CounterId, summary.StopKind, summary.ApiError, summary.StopReason);
            if (ApiErrorMap.ForStop(summary.StopKind, summary.ApiError?.Kind).StopsCommand)
            {
                ThrowTerminatingError(record);
            }

            WriteError(record);
        }
    }

    // The error record for a stopped run: id and category from ApiErrorMap by the stop's kind;
    // for an API stop, the API exception itself (status, error type, quota reset) as for any other call.
    private static ErrorRecord StopErrorRecord(int counterId, ChatImportStopKind stopKind, ChatImportApiError? apiError, string? reason)
    {
        if (stopKind == ChatImportStopKind.ApiError && apiError is not null)
        {
            return CreateApiErrorRecord(apiError.ToException(), counterId);
        }

        var entry = ApiErrorMap.ForStop(stopKind, apiError?.Kind);
        var exception = stopKind == ChatImportStopKind.Cancelled
            ? (Exception)new OperationCanceledException("The import to counter " + counterId.ToString(CultureInfo.InvariantCulture) + " stopped: " + reason)
            : new InvalidOperationException("The import to counter " + counterId.ToString(CultureInfo.InvariantCulture) + " stopped: " + reason);
        return new ErrorRecord(exception, entry.ErrorId, (ErrorCategory)Enum.Parse(typeof(ErrorCategory), entry.Category), counterId)
        {
            ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = entry.RecommendedAction },
        };
    }

    // Writes, on the pipeline thread, what the session produced since the last call.
    private void Flush(Run run)
    {
        foreach (var issue in run.Session.TakeIssues())
        {
            run.Targets.TryGetValue(issue.RowNumber, out var target);
            if (issue.Severity == ChatIssueSeverity.Error)
            {
                WriteError(ChatIssueErrors.Create(issue, target));
            }
            else if (_warnings.ShouldShow(issue.Code))
            {
                WriteWarning(issue + " (Further rows with this warning are counted in the summary; -Verbose lists each.)");
            }
            else
            {
                WriteVerbose(issue.ToString());
            }

            run.Targets.Remove(issue.RowNumber);
        }

        foreach (var batch in run.Session.TakeCompleted())
        {
            if (batch.Upload is { } upload)
            {
                // With -Wait the session follows each upload to its final state; the final
                // objects are written from the summary in Finish.
                if (!Wait.IsPresent)
                {
                    WriteObject(upload);
                }
            }
            else if (batch.DryRunFile is { } file && run.OutFile is not null)
            {
                var destination = DryRunFiles.For(run.OutFile, batch.BatchNumber);
                if (File.Exists(destination))
                {
                    File.Delete(destination);
                }

                File.Move(file, destination);
                WriteObject(new FileInfo(destination));
            }
            else
            {
                WriteError(new ErrorRecord(
                    new InvalidOperationException("Batch " + batch.BatchNumber.ToString(CultureInfo.InvariantCulture) + " (rows " + batch.FirstRow.ToString(CultureInfo.InvariantCulture) + "-" + batch.LastRow.ToString(CultureInfo.InvariantCulture) + ") was not sent: " + (batch.Error ?? "unknown reason") + " Run the command again with -StateFile to send only the missing batches."),
                    "BatchNotSent",
                    ErrorCategory.WriteError,
                    batch));
            }
        }

        var progress = run.Session.GetProgress();
        WriteProgress(new ProgressRecord(ProgressId, Activity(run), ProgressText(progress))
        {
            PercentComplete = progress.PercentComplete,
            CurrentOperation = progress.Activity,
        });
    }

    private string Activity(Run run) => IsDryRun
        ? "Writing chat CSV to " + run.OutFile
        : "Uploading chats to counter " + run.CounterId.ToString(CultureInfo.InvariantCulture);

    private static string ProgressText(ChatImportProgress p) => string.Format(
        CultureInfo.InvariantCulture,
        "{0} read, {1} sent, {2} rejected; {3} of {4} batch(es) done, {5} in flight",
        p.Read,
        p.Sent,
        p.Rejected,
        p.BatchesDone,
        p.Batches,
        p.InFlight);

    private static IEnumerable<KeyValuePair<string, object?>> ReadProperties(PSObject input)
    {
        if (input.BaseObject is System.Collections.IDictionary dictionary)
        {
            foreach (System.Collections.DictionaryEntry entry in dictionary)
            {
                if (entry.Key is not null)
                {
                    yield return new KeyValuePair<string, object?>(entry.Key.ToString() ?? string.Empty, Unwrap(entry.Value));
                }
            }

            yield break;
        }

        foreach (var property in input.Properties)
        {
            object? value;
            try
            {
                value = property.IsGettable ? property.Value : null;
            }
            catch (GetValueException)
            {
                continue;
            }

            yield return new KeyValuePair<string, object?>(property.Name, Unwrap(value));
        }
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

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

    private sealed class Run : IDisposable
    {
        private readonly string? _workingDirectory;
        private bool _disposed;

        public Run(int counterId, ChatImportSession session, string? outFile, string? workingDirectory)
        {
            CounterId = counterId;
            Session = session;
            OutFile = outFile;
            _workingDirectory = workingDirectory;
        }

        public int CounterId { get; }

        public ChatImportSession Session { get; }

        // The accepted rows' ages and the counter's extended window, read once: the advice at the end.
        public RowAgeTally Ages { get; init; } = new(DateTimeOffset.UtcNow);

        public bool? WindowEnabled { get; init; }

        public string? OutFile { get; }

        // The raw input row being added, by row number: the target object of its error.
        public Dictionary<long, PSObject> Targets { get; } = new();

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Session.Dispose();
            if (_workingDirectory is not null && Directory.Exists(_workingDirectory))
            {
                Directory.Delete(_workingDirectory, recursive: true);
            }
        }
    }
}
