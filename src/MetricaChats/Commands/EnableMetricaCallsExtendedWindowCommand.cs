using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Api;
using MetricaChats.Internal;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Turns on a counter's extended window, so offline calls and chats can join sessions for up to 21 days instead of 16 hours.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Enable, "MetricaCallsExtendedWindow", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(CallsExtendedWindowState))]
public sealed class EnableMetricaCallsExtendedWindowCommand : CallsWindowSwitchCmdlet
{
    private protected override string Action => WindowMessages.EnableAction;

    private protected override Task<CallsExtendedWindowState> SwitchAsync(MetricaClient client, int counterId, CancellationToken cancellationToken) =>
        client.EnableCallsExtendedWindowAsync(counterId, cancellationToken);

    private protected override string Note(int counterId) => WindowMessages.Enabled(counterId);
}
