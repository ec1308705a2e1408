using System.Collections.Generic;
using System.Management.Automation;
using MetricaChats.Core.Chats;
using MetricaChats.Internal;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Turns chat rows (CSV rows, bot log objects, hashtables, parameters, export files) into validated chat events for Send-MetricaChatImport.</para>
/// </summary>
/// <remarks>
/// One input model with Send-MetricaChatImport (<see cref="ChatInput"/>): a row is any object or
/// dictionary whose property names or keys are chat fields or their aliases (Core's
/// <see cref="ChatFieldAliases"/> table), and an array given to -InputObject is taken item by item.
/// Field parameters given on the command line apply to every row. -Path/-LiteralPath read export
/// files with the engine's reader instead of Import-Csv. A bad row is one non-terminating error
/// (id = the issue code, target = the input row); good rows go on.
/// </remarks>
[Cmdlet(VerbsCommon.New, "MetricaChatEvent", DefaultParameterSetName = ObjectSet)]
[OutputType(typeof(ChatEvent))]
public sealed class NewMetricaChatEventCommand : ChatFieldsCmdlet
{
    private const string ObjectSet = "Object";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private readonly WarningThrottle _warnings = new();
    private readonly ChatEventLink _link = new();
    private ChatEventNormalizer? _normalizer;
    private long _row;
    private bool _rowNumberOnCommandLine;

    /// <summary>Input rows (from the pipeline, or an array): objects or hashtables whose property names or keys are chat fields or their aliases.</summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = ObjectSet)]
    [AllowNull]
    [AllowEmptyCollection]
    public PSObject?[]? InputObject { get; set; }

    /// <summary>Export files to read (wildcards allowed), with the engine's reader.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    /// <summary>Export files to read, names taken literally.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <summary>The row number reported in errors; by default the row's own RowNumber, else its position in the input (1, 2, ...).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ObjectSet)]
    [ValidateRange(0, long.MaxValue)]
    public long RowNumber { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _normalizer = new ChatEventNormalizer(NormalizerOptions());
        _rowNumberOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(RowNumber));
        RememberCommandLineFields();
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName != ObjectSet)
        {
            ReadFiles();
            return;
        }

        if (InputObject is null || InputObject.Length == 0)
        {
            // Parameters only: one row.
            _row++;
            Emit(BuildRecord(MyInvocation.BoundParameters.ContainsKey(nameof(RowNumber)) ? RowNumber : _row), null);
            return;
        }

        foreach (var item in ChatInput.Items(InputObject))
        {
            _row++;
            var rowNumber = _rowNumberOnCommandLine ? RowNumber : ChatInput.OwnRowNumber(item) ?? _row;
            var record = BuildRecord(item, rowNumber);
            if (item.BaseObject is not ChatEvent)
            {
                // Columns no chat field takes are named once per run; none at all ends the command.
                NoteEncodingUnused();
                record.ReadError = CheckColumns(item, record.RowNumber);
            }

            Emit(record, item);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        _link.Complete();
        var summary = _link.Summary;

        // Shown by default after more than one row, or a rejection; not when a Send-MetricaChatImport
        // downstream shows the whole reconciliation, New's rejections included.
        var shown = !_link.IsClaimed && (summary.Read > 1 || summary.Rejected > 0);
        WriteInformation(summary, shown ? new[] { "MetricaChats", "Summary", "PSHOST" } : new[] { "MetricaChats", "Summary" });
        WriteVerbose(summary.ToString());
    }

    private void ReadFiles()
    {
        var errors = new List<ErrorRecord>();
        var files = ExportFiles.Resolve(this, (ParameterSetName == PathSet ? Path : LiteralPath) ?? System.Array.Empty<string>(), ParameterSetName == LiteralPathSet, errors);
        foreach (var error in errors)
        {
            WriteError(error);
        }

        foreach (var file in files)
        {
            ReadFile(file, files.Count > 1);
        }
    }

    private void ReadFile(string file, bool nameFile) =>
        ExportFiles.Read(
            file,
            ReaderOptions(notice => WriteWarning(notice.ToString())),
            record =>
            {
                ApplyCommandLineFields(record);
                Emit(record, null, file, nameFile);
            },
            issue =>
            {
                _link.Summary.CountRejected(issue.Code);
                WriteError(ExportFiles.InFile(ChatIssueErrors.Create(issue, ExportFiles.RowTarget(file, null, issue.RowNumber)), file, nameFile));
            },
            WriteError,
            WriteWarning,
            () => StopToken.IsCancellationRequested ? throw new PipelineStoppedException() : false);

    private void Emit(ChatRecord record, object? target, string? file = null, bool nameFile = false)
    {
        var result = _normalizer!.Normalize(record);
        if (result.Event is not { } chatEvent)
        {
            var error = result.Error!;
            _link.Summary.CountRejected(error.Code);
            var errorTarget = file is null ? target ?? record : ExportFiles.RowTarget(file, record, record.RowNumber);
            var errorRecord = ChatIssueErrors.Create(error, errorTarget);
            if (file is not null)
            {
                ExportFiles.InFile(errorRecord, file, nameFile);
            }

            StopDownstreamBeforeTheError(errorRecord, record.RowNumber);
            WriteError(errorRecord);
            return;
        }

        var warnings = 0;
        foreach (var warning in result.Issues)
        {
            if (warning.Severity != ChatIssueSeverity.Warning)
            {
                continue;
            }

            warnings++;
            var text = file is not null && nameFile ? System.IO.Path.GetFileName(file) + ": " + warning : warning.ToString();
            if (_warnings.ShouldShow(warning.Code))
            {
                WriteWarning(text + " (Further rows with this warning are counted in the summary; -Verbose lists each.)");
            }
            else
            {
                WriteVerbose(text);
            }
        }

        _link.Summary.CountValid(chatEvent.IsAttributed, warnings);
        _link.Register(chatEvent);
        WriteObject(chatEvent);
    }

    // When this error will end the pipeline (-ErrorAction Stop), a Send-MetricaChatImport taking
    // the events could not report anything after it: it is asked to stop first (its uploads in
    // flight settle and are recorded), and its summary is shown here and named in the error.
    private void StopDownstreamBeforeTheError(ErrorRecord errorRecord, long rowNumber)
    {
        if (_link.Downstream is not { } stop || Preferences.Error != ActionPreference.Stop)
        {
            return;
        }

        var summary = stop("New-MetricaChatEvent stopped at row " + rowNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) + " (-ErrorAction Stop ends the pipeline at the first error).");
        if (summary is null)
        {
            return;
        }

        WriteInformation(summary, new[] { "MetricaChats", "Summary", "PSHOST" });
        ImportStopNote.Attach(errorRecord, summary);
    }
}
