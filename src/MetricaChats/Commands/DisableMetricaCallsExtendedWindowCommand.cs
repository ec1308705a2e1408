using System.Globalization;
using System.Management.Automation;
using MetricaChats.Completion;
using MetricaChats.Core.Api;
using MetricaChats.Internal;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Turns off a counter's extended window: sessions from now on keep the default 16-hour window for offline calls and chats.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Disable, "MetricaCallsExtendedWindow", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(CallsExtendedWindowState))]
public sealed class DisableMetricaCallsExtendedWindowCommand : MetricaCmdlet
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
            if (!ShouldProcessUnlessForced(Force.IsPresent, "counter " + id.ToString(CultureInfo.InvariantCulture), WindowMessages.DisableAction))
            {
                continue;
            }

            var client = RequireClient();
            try
            {
                var state = RunAsync(ct => client.DisableCallsExtendedWindowAsync(id, ct));
                var note = WindowMessages.Disabled(id);
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
