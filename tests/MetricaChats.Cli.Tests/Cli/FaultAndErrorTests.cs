using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Cli.Tests.Cli;

/// <summary>Bad tokens, the sandbox's faults and quotas, usage errors, cancellation, and the token never printed.</summary>
public sealed class FaultAndErrorTests
{
    [Fact]
    public async Task A_bad_token_fails_with_401_and_the_explanation_and_is_never_printed()
    {
        const string badToken = "y0_BADtokenWhichSandboxRejects77Q";
        await using var sandbox = await CliSandbox.StartAsync();
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(3));

        var runs = new[]
        {
            await sandbox.RunAsync(["import", file, "--counter", "12345"], token: badToken),
            await sandbox.RunAsync(["import", file, "--counter", "12345", "--json"], token: badToken),
            await sandbox.RunAsync(["counters"], token: badToken),
            await sandbox.RunAsync(["status", "--counter", "12345", "--json"], token: badToken),
            await sandbox.RunAsync(["calls-window", "show", "--counter", "12345"], token: badToken),
        };

        foreach (var r in runs)
        {
            Assert.Equal(ExitCodes.Failure, r.ExitCode);
            Assert.DoesNotContain(badToken[..8], r.All, StringComparison.Ordinal);
        }

        // import reports the stop in its summary; the other commands as an error.
        Assert.Contains("Stopped early: Metrica API error 401", runs[0].Out);
        Assert.Contains("Metrica said: \"", runs[0].Out);
        Assert.Contains("\"stopReason\": \"Metrica API error 401", runs[1].Out);
        Assert.Contains("Metrica API error 401", runs[2].Error);
        Assert.Contains("\"status\": 401", runs[3].Out);
        Assert.Contains("\"apiMessage\":", runs[3].Out);
        Assert.Empty(sandbox.Server.State.Uploads);
    }

    [Fact]
    public async Task The_good_token_appears_in_no_output_and_no_file_in_successful_and_failing_runs()
    {
        await using var sandbox = await CliSandbox.StartAsync(o => o.AddToken("someone-else", 777));
        var dir = sandbox.TempFile("scan");
        Directory.CreateDirectory(dir);
        var rejects = Path.Combine(dir, "rejects.csv");
        var results = new List<CliResult>
        {
            await sandbox.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345", "--rejects", rejects, "--wait"]),
            await sandbox.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345", "--dry-run", Path.Combine(dir, "dry"), "--json"]),
            await sandbox.RunAsync(["import", TestFiles.SamplePath(), "--counter", "777"]),
            await sandbox.RunAsync(["calls-window", "enable", "--counter", "777", "--json"]),
            await sandbox.RunAsync(["counters", "--json"]),
            await sandbox.RunAsync(["status", "--counter", "12345", "--id", "424242"]),
            await sandbox.RunAsync(["counters", "--token-stdin"], stdin: CliSandbox.Token, token: null),
        };
        sandbox.Server.Faults.ForceNext(SandboxFaultKind.ServiceUnavailable, 20);
        results.Add(await sandbox.RunAsync(["counters"]));

        Assert.Contains(results, r => r.ExitCode == ExitCodes.Failure);
        Assert.Contains(results, r => r.ExitCode == ExitCodes.Success);
        foreach (var r in results)
        {
            Assert.DoesNotContain(CliSandbox.Token[..8], r.All, StringComparison.Ordinal);
        }

        foreach (var f in Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(CliSandbox.Token[..8], await File.ReadAllTextAsync(f), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Applied_then_reset_is_reconciled_by_marker_and_no_row_arrives_twice()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        sandbox.Server.Faults.ForceNext(SandboxFaultKind.AppliedThenReset);
        sandbox.Server.Faults.ForceNext(SandboxFaultKind.AppliedThenError);
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(30));

        var r = await sandbox.RunAsync(["import", file, "--counter", "12345", "--batch-size", "10"]);

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("not sent twice", r.Error);
        var uploads = sandbox.Server.State.UploadsOf(CliSandbox.Counter);
        Assert.Equal(3, uploads.Count);
        var names = uploads.SelectMany(u => u.Rows).Select(row => row["ChatUsername"]).ToList();
        Assert.Equal(30, names.Count);
        Assert.Equal(30, names.Distinct().Count());
    }

    [Fact]
    public async Task Random_faults_of_every_kind_still_deliver_every_row_exactly_once()
    {
        await using var sandbox = await CliSandbox.StartAsync(o =>
        {
            o.Faults.SlowDelay = TimeSpan.FromMilliseconds(100);
            o.Faults.Seed = 7;
            o.Faults.RateLimitBurstLength = 2;
            o.Faults.FailureRate = 0.3;
        });
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(60));

        var r = await sandbox.RunAsync(["import", file, "--counter", "12345", "--batch-size", "6", "--wait", "--json"]);

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        var names = sandbox.Server.State.UploadsOf(CliSandbox.Counter).SelectMany(u => u.Rows).Select(row => row["ChatUsername"]).ToList();
        Assert.Equal(60, names.Count);
        Assert.Equal(60, names.Distinct().Count());
        Assert.Contains(sandbox.Server.State.Requests, q => q.Fault is not null);
    }

    [Fact]
    public async Task A_daily_quota_stops_the_run_with_the_reset_time_and_exit_1()
    {
        await using var sandbox = await CliSandbox.StartAsync(o => o.Quotas.DailyPerToken = 1);
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(20));

        var r = await sandbox.RunAsync(["import", file, "--counter", "12345", "--batch-size", "5"]);

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.Contains("quota", r.All, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("not sent", r.Out);
    }

    [Fact]
    public async Task After_a_quota_stop_the_same_command_again_sends_only_what_is_missing()
    {
        // The import reads the counter's extended window first (a request or two of the quota), then uploads.
        await using var sandbox = await CliSandbox.StartAsync(o => o.Quotas.DailyPerToken = 4);
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(20));

        var first = await sandbox.RunAsync(["import", file, "--counter", "12345", "--batch-size", "5"]);
        Assert.Equal(ExitCodes.Failure, first.ExitCode);
        var sentFirst = sandbox.Server.State.UploadsOf(CliSandbox.Counter).Sum(u => u.Rows.Count);
        Assert.InRange(sentFirst, 1, 19);
        Assert.Contains("the ledger makes it send only what is missing", first.Out, StringComparison.Ordinal);

        sandbox.Server.Quotas.DailyPerToken = 0; // the next day
        var second = await sandbox.RunAsync(["import", file, "--counter", "12345", "--batch-size", "5", "--json"]);

        Assert.Equal(ExitCodes.Success, second.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(second.Out);
        // 'sent' counts only this run's rows; the first run's are 'alreadySent' (not sent again).
        Assert.Equal(20 - sentFirst, doc.RootElement.GetProperty("sent").GetInt64());
        Assert.Equal(sentFirst, doc.RootElement.GetProperty("alreadySent").GetInt64());
        Assert.True(doc.RootElement.GetProperty("reconciles").GetBoolean());
        var names = sandbox.Server.State.UploadsOf(CliSandbox.Counter).SelectMany(u => u.Rows).Select(row => row["ChatUsername"]).ToList();
        Assert.Equal(20, names.Count);
        Assert.Equal(20, names.Distinct().Count());
    }

    [Fact]
    public async Task The_same_export_imported_twice_sends_nothing_the_second_time_and_exits_0()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(6));
        Assert.Equal(0, (await sandbox.RunAsync(["import", file, "--counter", "12345"])).ExitCode);

        var again = await sandbox.RunAsync(["import", file, "--counter", "12345"]);

        Assert.Equal(ExitCodes.Success, again.ExitCode);
        Assert.Contains("already sent         6", again.Out, StringComparison.Ordinal);
        Assert.Contains("read = sent + already sent + rejected: 6 = 0 + 6 + 0", again.Out, StringComparison.Ordinal);
        Assert.Equal(6, sandbox.Server.State.UploadsOf(CliSandbox.Counter).Sum(u => u.Rows.Count));
    }

    [Fact]
    public async Task A_state_file_is_refused_with_what_replaced_it_and_nothing_is_sent()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(3));

        var r = await sandbox.RunAsync(["import", file, "--counter", "12345", "--state", sandbox.TempFile("import.state")]);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("--state is no longer used: the ledger", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Send-Metrica", r.Error, StringComparison.Ordinal);
        Assert.Empty(sandbox.Server.State.UploadsOf(CliSandbox.Counter));
    }

    [Fact]
    public async Task Usage_errors_exit_2_and_send_nothing()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var missingCounter = await sandbox.RunAsync(["import", TestFiles.SamplePath()]);
        Assert.Equal(ExitCodes.Usage, missingCounter.ExitCode);
        Assert.Contains("--counter", missingCounter.Error);

        var missingFile = await sandbox.RunAsync(["import", "no-such-file.csv", "--counter", "12345"]);
        Assert.Equal(ExitCodes.Usage, missingFile.ExitCode);
        Assert.Contains("does not exist", missingFile.Error);

        var noToken = await sandbox.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345"], token: null);
        Assert.Equal(ExitCodes.Usage, noToken.ExitCode);
        Assert.Contains("METRICA_TOKEN", noToken.Error);
        Assert.Contains("--sandbox", noToken.Error);

        var plainHttp = await CliRun.RunAsync(["counters", "--endpoint", "http://metrica.example.com"], environment: sandbox.Environment());
        Assert.Equal(ExitCodes.Usage, plainHttp.ExitCode);

        var noCommand = await CliRun.RunAsync([]);
        Assert.Equal(ExitCodes.Usage, noCommand.ExitCode);

        var badBatch = await sandbox.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345", "--batch-size", "0"]);
        Assert.Equal(ExitCodes.Usage, badBatch.ExitCode);

        Assert.Empty(sandbox.Server.State.Uploads);
    }

    [Fact]
    public async Task A_file_without_the_required_columns_fails_before_sending()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var file = sandbox.TempFile("bad-header.csv");
        await File.WriteAllTextAsync(file, "When,Who\n2026-01-01,x\n");

        var r = await sandbox.RunAsync(["import", file, "--counter", "12345", "--json"]);

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.Contains("\"kind\": \"input\"", r.Out);
        Assert.Empty(sandbox.Server.State.Uploads);
    }

    [Fact]
    public async Task Ctrl_C_while_waiting_cancels_cleanly_with_exit_130()
    {
        await using var sandbox = await CliSandbox.StartAsync(o => o.ProcessingTime = TimeSpan.FromHours(1));
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(5));
        using var cts = new CancellationTokenSource();

        var run = sandbox.RunAsync(["import", file, "--counter", "12345", "--wait"], cancellationToken: cts.Token);
        await TestFiles.WaitUntilAsync(() => sandbox.Server.State.Uploads.Count == 1, "the upload to arrive");
        await cts.CancelAsync();
        var r = await run;

        Assert.Equal(ExitCodes.Cancelled, r.ExitCode);
        Assert.Contains("Stopped by Ctrl+C", r.Error);
        Assert.Contains("Result: cancelled (exit code 130)", r.Out);
        Assert.Single(sandbox.Server.State.Uploads);
    }
}
