using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Completion;
using MetricaChats.Core.Api;

namespace MetricaChats;

/// <summary>
/// Enable- and Disable-MetricaCallsExtendedWindow: the same parameters, confirmation and output;
/// only the API call, the action text and the note differ.
/// </summary>
public abstract class CallsWindowSwitchCmdlet : MetricaCmdlet
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

    /// <summary>The ShouldProcess action text.</summary>
    private protected abstract string Action { get; }

    /// <summary>Calls the API.</summary>
    private protected abstract Task<CallsExtendedWindowState> SwitchAsync(MetricaClient client, int counterId, CancellationToken cancellationToken);

    /// <summary>What the change means for the user, shown on the information stream and in the output's Note.</summary>
    private protected abstract string Note(int counterId);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (var id in CounterId!)
        {
            if (!ShouldProcessUnlessForced(Force.IsPresent, "counter " + id.ToString(CultureInfo.InvariantCulture), Action))
            {
                continue;
            }

            var client = RequireClient();
            try
            {
                var state = RunAsync(ct => SwitchAsync(client, id, ct));
                var note = Note(id);
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
