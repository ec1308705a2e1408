using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Api;
using MetricaChats.Internal;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Turns off a counter's extended window: sessions from now on keep the default 16-hour window for offline calls and chats.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Disable, "MetricaCallsExtendedWindow", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(CallsExtendedWindowState))]
public sealed class DisableMetricaCallsExtendedWindowCommand : CallsWindowSwitchCmdlet
{
    private protected override string Action => WindowMessages.DisableAction;

    private protected override Task<CallsExtendedWindowState> SwitchAsync(MetricaClient client, int counterId, CancellationToken cancellationToken) =>
        client.DisableCallsExtendedWindowAsync(counterId, cancellationToken);

    private protected override string Note(int counterId) => WindowMessages.Disabled(counterId);
}
