using System.Diagnostics;
using System.Globalization;
using System.Text;
using MetricaChats.Cli.Tests.Cli;
using MetricaChats.Sandbox;
using Xunit;
using Xunit.Abstractions;

namespace MetricaChats.Cli.Tests.Proof;

/// <summary>
/// The exactly-once promise, proven with the real executable as a scheduled job meets the
/// world: killed (SIGKILL) at random instants while a faulty, slow server stores some uploads
/// seconds after it has read them, then run again with the same command; several runs started
/// at once on one ledger; and an outage in the middle of a run. At the end the sandbox holds
/// every valid row exactly once: none twice, none missing.
/// </summary>
/// <remarks>
/// CI runs a short form. The long form the reliability document quotes (50 kills over 50,000
/// rows) is the same test with its sizes from the environment:
/// <c>METRICA_PROOF_KILLS=50 METRICA_PROOF_ROWS=50000 dotnet test tests/MetricaChats.Cli.Tests -c Release --filter "FullyQualifiedName~ExactlyOnceProofTests"</c>
/// (see docs/reliability.md).
/// </remarks>
public sealed class ExactlyOnceProofTests(ITestOutputHelper output)
{
    // The tool's own build output, as it ships (ExeRun.Dll), not the copy among the test's assemblies.
    private static readonly string Cli = ExeRun.Dll;

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    [Fact]
    public async Task Killed_at_random_instants_and_run_again_every_chat_arrives_exactly_once()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // SIGKILL and the process tree are Unix-side here; the logic is the same on Windows.
        }

        var kills = Setting("METRICA_PROOF_KILLS", 6);
        var rows = Setting("METRICA_PROOF_ROWS", 5_000);
        var batch = Math.Max(100, rows / 25);
        var seed = Setting("METRICA_PROOF_SEED", 20261130);
        await using var sandbox = await CliSandbox.StartAsync(o =>
        {
            o.ProcessingTime = TimeSpan.FromSeconds(1);
            o.Faults.Seed = seed;
            o.Faults.UploadsOnly = true;
            o.Faults.FailureRate = 0.3; // every kind: 500, 503, 504, 429 bursts, slow, dropped, applied-then-error, applied-then-reset
            o.Faults.SlowDelay = TimeSpan.FromSeconds(2);
            o.Faults.RateLimitBurstLength = 2;
            o.Faults.LateStoreRate = 0.1; // the server reads the body, answers, and stores it 2 s later
            o.Faults.LateStoreDelay = TimeSpan.FromSeconds(2);
            o.Faults.LateStoreHoldsAnswer = true;
        });
        var file = sandbox.TempFile("export.csv");
        var expected = WriteExport(file, rows);
        var ledger = sandbox.TempFile("ledger.db");
        string[] args = ["import", file, "--counter", CliSandbox.Counter.ToString(CultureInfo.InvariantCulture), "--batch-size", batch.ToString(CultureInfo.InvariantCulture), "--ledger", ledger, "--endpoint", sandbox.Endpoint];
        var random = new Random(seed);
        var killed = 0;
        var finished = 0;
        var watch = Stopwatch.StartNew();

        for (var i = 0; i < kills; i++)
        {
            var after = TimeSpan.FromMilliseconds(random.Next(300, 6_000));
            var run = await RunAsync(args, sandbox, killAfter: after);
            if (run.Killed)
            {
                killed++;
            }
            else
            {
                finished++;
            }

            output.WriteLine($"run {i + 1}: {(run.Killed ? "killed after " + after.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "exited " + run.ExitCode)}; sandbox holds {Arrived(sandbox).Count} rows");
        }

        // The last run goes to its end (faults still on); the command is simply run again while it fails.
        CliProcessResult last;
        var attempts = 0;
        do
        {
            last = await RunAsync(args, sandbox, killAfter: null);
            attempts++;
        }
        while (last.ExitCode != 0 && attempts < 5);

        Assert.True(last.ExitCode == 0, "the final run failed: " + last.Output);
        await WaitForLateStoresAsync(sandbox);

        var arrived = Arrived(sandbox);
        var counts = arrived.GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var duplicates = counts.Where(p => p.Value > 1).Select(p => p.Key).ToList();
        var missing = expected.Where(id => !counts.ContainsKey(id)).ToList();
        output.WriteLine($"{kills} runs ({killed} killed, {finished} ended by themselves), then {attempts} to the end, in {watch.Elapsed.TotalSeconds:0} s; {rows} rows; {arrived.Count} arrived; {duplicates.Count} twice; {missing.Count} missing");
        Assert.True(duplicates.Count == 0, duplicates.Count + " chats arrived more than once, e.g. " + string.Join(", ", duplicates.Take(5)));
        Assert.True(missing.Count == 0, missing.Count + " chats never arrived, e.g. " + string.Join(", ", missing.Take(5)));
        Assert.Equal(rows, arrived.Count);
        Assert.Contains("read = sent", last.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Runs_started_at_once_on_one_ledger_send_each_chat_once(int parallel)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const int Rows = 2_000;
        await using var sandbox = await CliSandbox.StartAsync(o =>
        {
            o.ProcessingTime = TimeSpan.FromMilliseconds(200);
            o.Faults.UploadsOnly = true;
            o.Faults.FailureRate = 0.2;
            o.Faults.Seed = parallel;
        });
        var file = sandbox.TempFile("export.csv");
        var expected = WriteExport(file, Rows);
        var ledger = sandbox.TempFile("ledger.db");
        string[] args = ["import", file, "--counter", CliSandbox.Counter.ToString(CultureInfo.InvariantCulture), "--batch-size", "100", "--ledger", ledger, "--endpoint", sandbox.Endpoint, "--json"];

        var runs = await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => RunAsync(args, sandbox, killAfter: null)));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Output));
        var arrived = Arrived(sandbox);
        Assert.Equal(Rows, arrived.Count);
        Assert.Equal(expected.OrderBy(x => x), arrived.OrderBy(x => x));
        Assert.Equal(Rows, runs.Sum(r => SentIn(r.StandardOutput)));
    }

    [Fact]
    public async Task A_server_outage_and_a_429_burst_in_the_middle_of_a_run_are_waited_out_with_the_defaults()
    {
        var outage = Setting("METRICA_PROOF_OUTAGE_SECONDS", 6);
        var burst = Setting("METRICA_PROOF_BURST_SECONDS", 4);
        const int Rows = 3_000;
        await using var sandbox = await CliSandbox.StartAsync(o => o.ProcessingTime = TimeSpan.FromMilliseconds(100));
        var file = sandbox.TempFile("export.csv");
        var expected = WriteExport(file, Rows);
        sandbox.Server.Faults.StartOutage(SandboxOutageKind.ServiceUnavailable, TimeSpan.FromSeconds(outage), afterRequests: 5);

        var first = await RunAsync(["import", file, "--counter", "12345", "--batch-size", "200", "--ledger", sandbox.TempFile("l1.db"), "--endpoint", sandbox.Endpoint], sandbox, killAfter: null);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Equal(Rows, Arrived(sandbox).Count);

        sandbox.Server.Reset();
        sandbox.Server.Faults.StartOutage(SandboxOutageKind.RateLimit, TimeSpan.FromSeconds(burst), afterRequests: 5, retryAfterSeconds: 1);
        var second = await RunAsync(["import", file, "--counter", "12345", "--batch-size", "200", "--ledger", sandbox.TempFile("l2.db"), "--endpoint", sandbox.Endpoint], sandbox, killAfter: null);

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(expected.OrderBy(x => x), Arrived(sandbox).OrderBy(x => x));
        Assert.Contains(sandbox.Server.State.Requests, r => r.StatusCode == 429);
    }

    private static List<string> WriteExport(string path, int rows)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 7200;
        var sb = new StringBuilder("DateTime,ChatPlatform,ChatUserID,ClientId\n");
        var ids = new List<string>(rows);
        for (var i = 1; i <= rows; i++)
        {
            var id = "chat" + i.ToString(CultureInfo.InvariantCulture);
            ids.Add(id);
            sb.Append(CultureInfo.InvariantCulture, $"{now - i},telegram,{id},{1_700_000_000_000_000_000L + i}\n");
        }

        File.WriteAllText(path, sb.ToString());
        return ids;
    }

    private static List<string> Arrived(CliSandbox sandbox) =>
        sandbox.Server.State.Uploads.SelectMany(u => u.AcceptedRows.Select(r => r["ChatUserID"])).ToList();

    private static async Task WaitForLateStoresAsync(CliSandbox sandbox)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (sandbox.Server.State.PendingUploads.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
    }

    private static long SentIn(string json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("sent").GetInt64();
    }

    private static async Task<CliProcessResult> RunAsync(string[] args, CliSandbox sandbox, TimeSpan? killAfter)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Cli);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (name, value) in sandbox.Environment())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var killed = false;
        if (killAfter is { } after)
        {
            var exited = process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(after)) != exited)
            {
                process.Kill(entireProcessTree: true); // SIGKILL: no handler runs, nothing is flushed
                killed = true;
            }
        }

        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(guard.Token);
        var outText = await stdout;
        return new CliProcessResult(killed ? -9 : process.ExitCode, killed, outText + await stderr, outText);
    }

    private sealed record CliProcessResult(int ExitCode, bool Killed, string Output, string StandardOutput);
}
