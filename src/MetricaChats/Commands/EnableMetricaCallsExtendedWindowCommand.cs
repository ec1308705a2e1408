using System.Globalization;
using System.Management.Automation;
using MetricaChats.Completion;
using MetricaChats.Core.Api;
using MetricaChats.Internal;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Turns on a counter's extended window, so offline calls and chats can join sessions for up to 21 days instead of 16 hours.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Enable, "MetricaCallsExtendedWindow", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(CallsExtendedWindowState))]
public sealed class EnableMetricaCallsExtendedWindowCommand : MetricaCmdlet
{
    /// <summary>The counters; counter objects from Get-MetricaCounter bind by their Id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateRange(1, int.MaxValue)]
    [ArgumentCompleter(typeof(CounterIdCompleter))]
    public int[]? CounterId { get; set; }

    /// <summary>Do not ask for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var id in CounterId!)
        {
            if (!ShouldProcessUnlessForced(Force.IsPresent, "counter " + id.ToString(CultureInfo.InvariantCulture), WindowMessages.EnableAction))
            {
                continue;
            }

            var client = RequireClient();
            try
            {
                var state = RunAsync(ct => client.EnableCallsExtendedWindowAsync(id, ct));
                var note = WindowMessages.Enabled(id);
                WriteInformation(note, new[] { "MetricaChats", "CallsExtendedWindow" });
                var output = PSObject.AsPSObject(state);
                output.Properties.Add(new PSNoteProperty("Note", note));
                WriteObject(output);
            }
            catch (MetricaApiException ex)
            {
                WriteApiError(ex, id);
            }
        }
    }
}
