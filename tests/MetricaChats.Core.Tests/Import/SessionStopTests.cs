using MetricaChats.Core.Import;
using MetricaChats.Core.Tests.Api;
using MetricaChats.Core.Wire;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Core.Tests.Import;

/// <summary>
/// ChatImportSession.Stop: a front end that must end early (PowerShell's -ErrorAction Stop on a
/// bad row) stops taking input but lets the batch already on its way settle, so what was sent
/// is known, reported and recorded in the ledger.
/// </summary>
public sealed class SessionStopTests : IAsyncLifetime, IDisposable
{
    private readonly string _ledger = Path.Combine(Path.GetTempPath(), "metricachats-stop-" + Guid.NewGuid().ToString("N") + ".db");
    private SandboxHarness _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxHarness.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    public void Dispose()
    {
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_ledger)!, Path.GetFileName(_ledger) + "*"))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Stop_lets_the_upload_in_flight_arrive_and_counts_the_rows_not_yet_batched_as_not_sent()
    {
        // The first upload's answer is held back long enough to be in flight when the run stops.
        _sandbox.Server.Faults.SlowDelay = TimeSpan.FromSeconds(2);
        _sandbox.Server.Faults.ForceNext(SandboxFaultKind.Slow);
        using var client = _sandbox.CreateClient();
        using var session = new ChatImportSession(client, new ChatImportOptions
        {
            CounterId = SandboxHarness.Counter,
            Batch = new ChatBatchOptions { MaxRows = 2 },
            LedgerPath = _ledger,
        });
        foreach (var chatEvent in ImportData.Events(3))
        {
            await session.AddAsync(chatEvent);
        }

        session.Stop("stopped by the test at row 4");
        await session.AddAsync(ImportData.Events(4).Last());
        var summary = await session.CompleteAsync();

        Assert.Equal(ChatImportStopKind.Cancelled, summary.StopKind);
        Assert.Equal("stopped by the test at row 4", summary.StopReason);
        Assert.False(summary.Completed);
        Assert.Equal(4, summary.Read);
        Assert.Equal(2, summary.Sent);
        Assert.Equal(2, summary.NotSent);
        var batch = Assert.Single(summary.BatchResults);
        var upload = Assert.IsType<Core.Api.MetricaUpload>(batch.Upload);
        Assert.Single(_sandbox.Server.State.UploadsOf(SandboxHarness.Counter));
        session.Dispose();
        using var ledger = MetricaChats.Core.Ledger.ImportLedger.Open(_ledger);
        var run = ledger.GetRun(summary.LedgerRunId)!;
        Assert.Equal(upload.Id, Assert.Single(run.Batches).UploadId);
        Assert.Equal("stopped by the test at row 4", run.StopReason);
        Assert.Equal("cancelled", run.Status);
    }

    [Fact]
    public async Task Stop_after_a_stop_keeps_the_first_reason()
    {
        using var client = _sandbox.CreateClient();
        using var session = new ChatImportSession(client, new ChatImportOptions { CounterId = SandboxHarness.Counter });
        await session.AddAsync(ImportData.Events(1).Single());

        session.Stop("first");
        session.Stop("second");
        var summary = await session.CompleteAsync();

        Assert.Equal("first", summary.StopReason);
        Assert.Equal(1, summary.NotSent);
        Assert.Empty(_sandbox.Server.State.UploadsOf(SandboxHarness.Counter));
    }
}
