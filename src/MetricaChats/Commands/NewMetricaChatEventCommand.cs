using System;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using MetricaChats.Completion;
using MetricaChats.Core.Chats;
using MetricaChats.Internal;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Turns chat rows (CSV rows, bot log objects, parameters) into validated chat events for Send-MetricaChatImport.</para>
/// </summary>
/// <remarks>
/// Every field binds from the pipeline by property name, with the aliases of Core's
/// <see cref="ChatFieldAliases"/> table (a contract test keeps the two equal), so
/// <c>Import-Csv export.csv | New-MetricaChatEvent</c> works as is. A bad row is one
/// non-terminating error (id = the issue code, target = the input row); good rows go on.
/// </remarks>
[Cmdlet(VerbsCommon.New, "MetricaChatEvent")]
[OutputType(typeof(ChatEvent))]
public sealed class NewMetricaChatEventCommand : ChatFieldsCmdlet
{
    private readonly WarningThrottle _warnings = new();
    private ChatEventNormalizer? _normalizer;
    private long _row;
    private long _valid;
    private long _rejected;
    private long _unattributed;

    /// <summary>The input row (from the pipeline). Its properties bind to the field parameters by name; it is the target object of the row's error.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The row number reported in errors; by default the position of the row in the pipeline input (1, 2, ...).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, long.MaxValue)]
    public long RowNumber { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing() => _normalizer = new ChatEventNormalizer(NormalizerOptions());

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        _row++;
        var record = BuildRecord(MyInvocation.BoundParameters.ContainsKey(nameof(RowNumber)) ? RowNumber : _row);
        if (InputObject is { BaseObject: not ChatEvent } input)
        {
            NoteEncodingUnused();
            record.ReadError = CheckColumns(input, record.RowNumber);
        }

        var result = _normalizer!.Normalize(record);
        if (result.Event is not { } chatEvent)
        {
            _rejected++;
            if (result.Error is { } error)
            {
                WriteError(ChatIssueErrors.Create(error, (object?)InputObject ?? record));
            }

            return;
        }

        foreach (var warning in result.Issues)
        {
            if (warning.Severity != ChatIssueSeverity.Warning)
            {
                continue;
            }

            if (_warnings.ShouldShow(warning.Code))
            {
                WriteWarning(warning + " (Further rows with this warning are counted in the summary; -Verbose lists each.)");
            }
            else
            {
                WriteVerbose(warning.ToString());
            }
        }

        _valid++;
        if (!chatEvent.IsAttributed)
        {
            _unattributed++;
        }

        WriteObject(chatEvent);
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var summary = string.Format(
            CultureInfo.InvariantCulture,
            "New-MetricaChatEvent: read {0}, valid {1}, rejected {2}, unattributed {3}.",
            _row,
            _valid,
            _rejected,
            _unattributed);
        WriteInformation(summary, new[] { "MetricaChats", "Summary" });
        WriteVerbose(summary);
    }
}
