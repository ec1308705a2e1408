using System;
using System.IO;
using System.Management.Automation;
using MetricaChats.Completion;
using MetricaChats.Core.Ledger;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Gets the import runs the ledger recorded: what each read, sent, skipped as already sent, rejected, and left unsent or unsettled; with -RunId, one run with its batches.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "MetricaChatImportHistory", DefaultParameterSetName = ListSet)]
[OutputType(typeof(LedgerRun))]
public sealed class GetMetricaChatImportHistoryCommand : MetricaCmdlet
{
    private const string ListSet = "List";
    private const string ByIdSet = "ById";

    /// <summary>Only the runs into this counter.</summary>
    [Parameter(Position = 0, ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, int.MaxValue)]
    [ArgumentCompleter(typeof(CounterIdCompleter))]
    public int CounterId { get; set; }

    /// <summary>How many of the latest runs to list.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateRange(1, 100000)]
    public int Limit { get; set; } = 20;

    /// <summary>One run, with its batches (Batches: rows, state, upload id, marker, note).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long[]? RunId { get; set; }

    /// <summary>The ledger file (default: the one Send-MetricaChatImport uses).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LedgerPath { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var path = LedgerPath is null ? ImportLedger.DefaultPath() : GetUnresolvedProviderPathFromPSPath(LedgerPath);
        if (!File.Exists(path))
        {
            WriteVerbose("No ledger at " + path + " yet: no import has run with it.");
            return;
        }

        ImportLedger ledger;
        try
        {
            ledger = ImportLedger.Open(path);
        }
        catch (LedgerException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "LedgerUnavailable", ErrorCategory.OpenError, path)
            {
                ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = "Name the ledger file Send-MetricaChatImport used with -LedgerPath." },
            });
            return;
        }

        using (ledger)
        {
            if (ParameterSetName == ByIdSet)
            {
                foreach (var id in RunId!)
                {
                    if (ledger.GetRun(id) is { } run)
                    {
                        WriteObject(run);
                    }
                    else
                    {
                        WriteError(new ErrorRecord(
                            new ArgumentException("The ledger " + path + " has no run " + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "."),
                            "RunNotFound",
                            ErrorCategory.ObjectNotFound,
                            id)
                        {
                            ErrorDetails = new ErrorDetails("The ledger " + path + " has no run " + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".") { RecommendedAction = "Get-MetricaChatImportHistory without -RunId lists the runs it has." },
                        });
                    }
                }

                return;
            }

            foreach (var run in ledger.GetRuns(CounterId > 0 ? CounterId : null, Limit))
            {
                WriteObject(run);
            }
        }
    }
}
