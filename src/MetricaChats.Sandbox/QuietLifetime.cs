using Microsoft.Extensions.Hosting;

namespace MetricaChats.Sandbox;

/// <summary>
/// A host lifetime that does nothing: unlike the default console lifetime it neither hooks
/// Ctrl+C nor prints, so a sandbox embedded in a CLI or a test host never swallows the host
/// process's Ctrl+C. The standalone program handles Ctrl+C itself.
/// </summary>
internal sealed class QuietLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
