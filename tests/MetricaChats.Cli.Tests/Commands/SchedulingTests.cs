using System.Text.Json;
using MetricaChats.Cli.Tests.Cli;
using Xunit;

namespace MetricaChats.Cli.Tests.Commands;

/// <summary>
/// What a scheduled job (cron, a systemd timer, a Kubernetes CronJob) relies on, through the real
/// executable: SIGTERM stops cleanly with 143, --wait-timeout exits 4 ("sent, still processing"),
/// and --max-rejected decides when rejected rows fail the job.
/// </summary>
public sealed class SchedulingTests
{
    [Fact]
    public async Task SIGTERM_while_waiting_stops_cleanly_with_exit_143_and_the_upload_stays_sent()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no SIGTERM to send there
        }

        await using var sandbox = await CliSandbox.StartAsync(o => o.ProcessingTime = TimeSpan.FromHours(1));
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(5));

        var r = await ExeRun.RunAsync(
            ["import", file, "--counter", "12345", "--wait", "--json", "--endpoint", sandbox.Endpoint],
            sandbox.Environment(),
            stdin: null,
            stdinFile: null,
            dotnet: null,
            whileRunning: async process =>
            {
                await TestFiles.WaitUntilAsync(() => sandbox.Server.State.Uploads.Count == 1, "the upload to arrive");
                await ExeRun.SignalAsync(process, "TERM");
            });

        Assert.Equal(143, r.ExitCode);
        Assert.Contains("Stopped by SIGTERM", r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal("cancelled", doc.RootElement.GetProperty("result").GetString());
        Assert.Equal(143, doc.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal("Cancelled", doc.RootElement.GetProperty("stopKind").GetString());
        Assert.Equal(5, doc.RootElement.GetProperty("sent").GetInt64());
        Assert.Single(sandbox.Server.State.Uploads);
    }

    [Fact]
    public async Task Wait_timeout_exits_4_sent_still_processing_with_the_pending_uploads_in_json_and_text()
    {
        await using var sandbox = await CliSandbox.StartAsync(o => o.ProcessingTime = TimeSpan.FromHours(1));
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(6));

        var json = await ExeRun.RunAsync(["import", file, "--counter", "12345", "--batch-size", "3", "--wait-timeout", "2s", "--json", "--endpoint", sandbox.Endpoint], sandbox.Environment());
        var text = await ExeRun.RunAsync(["status", "--counter", "12345", "--id", sandbox.Server.State.Uploads[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--wait-timeout", "1s", "--endpoint", sandbox.Endpoint], sandbox.Environment());

        Assert.Equal(ExitCodes.StillProcessing, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Out);
        var root = doc.RootElement;
        Assert.Equal("processing", root.GetProperty("result").GetString());
        Assert.True(root.GetProperty("waitTimedOut").GetBoolean());
        Assert.Equal(2, root.GetProperty("pending").GetInt32());
        Assert.Equal(6, root.GetProperty("sent").GetInt64());
        Assert.Equal("None", root.GetProperty("stopKind").GetString());
        Assert.Equal(ExitCodes.StillProcessing, text.ExitCode);
        Assert.Contains("still processing when --wait-timeout 1s ran out", text.Out);
    }

    [Fact]
    public async Task Max_rejected_lets_a_job_pass_with_a_few_bad_rows_and_fails_it_past_the_limit()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var sample = TestFiles.SamplePath(); // 30 rows, 5 rejected

        async Task<CliResult> Run(params string[] extra) =>
            await ExeRun.RunAsync(["import", sample, "--counter", "12345", "--endpoint", sandbox.Endpoint, .. extra], sandbox.Environment());

        var byDefault = await Run();
        var five = await Run("--max-rejected", "5");
        var four = await Run("--max-rejected", "4", "--json");
        var percent = await Run("--max-rejected", "20%");
        var bad = await Run("--max-rejected", "lots", "--json");

        Assert.Equal(ExitCodes.Partial, byDefault.ExitCode);
        Assert.Equal(ExitCodes.Success, five.ExitCode);
        Assert.Contains("within --max-rejected 5", five.Out);
        Assert.Contains("rejected: Row 6", five.Error); // still listed
        Assert.Equal(ExitCodes.Partial, four.ExitCode);
        using (var doc = JsonDocument.Parse(four.Out))
        {
            Assert.True(doc.RootElement.GetProperty("overRejectLimit").GetBoolean());
            Assert.Equal("4", doc.RootElement.GetProperty("maxRejected").GetString());
            Assert.Equal(5, doc.RootElement.GetProperty("rejected").GetInt64());
        }

        Assert.Equal(ExitCodes.Success, percent.ExitCode);
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
        Assert.Contains("\"kind\": \"usage\"", bad.Out);
    }
}
