using System.Management.Automation;
using MetricaChats.Completion;
using MetricaChats.Core.Api;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Gets whether a counter's extended window for offline calls and chats (21 days instead of 16 hours) is on.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "MetricaCallsExtendedWindow")]
[OutputType(typeof(CallsExtendedWindowState))]
public sealed class GetMetricaCallsExtendedWindowCommand : MetricaCmdlet
{
    /// <summary>The counters; counter objects from Get-MetricaCounter bind by their Id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateRange(1, int.MaxValue)]
    [ArgumentCompleter(typeof(CounterIdCompleter))]
    public int[]? CounterId { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var client = RequireClient();
        foreach (var id in CounterId!)
        {
            try
            {
                WriteObject(RunAsync(ct => client.GetCallsExtendedWindowAsync(id, ct)));
            }
            catch (MetricaApiException ex)
            {
                WriteApiError(ex, id);
            }
        }
    }
}
