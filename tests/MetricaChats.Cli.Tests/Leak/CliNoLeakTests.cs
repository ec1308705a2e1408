using MetricaChats.Cli.Tests.Cli;
using MetricaChats.Core.Tests.Leak;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Cli.Tests.Leak;

/// <summary>
/// The no-leak guarantee, end to end for metrica-chats: every command (import with --dry-run,
/// --rejects, --ledger, --json, --wait, standard input; status; calls-window enable/disable/show;
/// counters; goals), with the token from METRICA_TOKEN and from --token-stdin, successful and failing
/// (a wrong token, a token without access, unknown counters, faults with retries, a daily-quota
/// stop, cancellation, a refused plain-http endpoint). Standard output, standard error, every
/// file written and the sandbox's request log are scanned for each token and its first 8
/// characters. -v (verbose) runs are among them; everything the CLI says is on those two streams.
/// </summary>
public sealed class CliNoLeakTests
{
    private const string Good = CliSandbox.Token;
    private const string Wrong = "y0_Zr4vCliWrongTokenQQ7c1Q9m3TxY";
    private const string NoAccess = "y0_Hb2nCliNoAccessTokW5d8R1p6KcZ";
    private const string Counter = "12345";
    private const int OtherCounter = 777;

    [Fact]
    public async Task Every_command_successful_and_failing_leaks_nothing_in_output_or_files()
    {
        await using var sandbox = await CliSandbox.StartAsync(o =>
        {
            o.AddToken(NoAccess, OtherCounter);
            o.Faults.SlowDelay = TimeSpan.FromMilliseconds(50);
        });
        var c = new LeakCollector(Good, Wrong, NoAccess);
        var runs = new List<(string Label, CliResult Result)>();

        async Task<CliResult> Run(string label, string[] args, string stdin = "", string? token = Good, CancellationToken cancellationToken = default)
        {
            var r = await sandbox.RunAsync(args, stdin, token, cancellationToken: cancellationToken);
            runs.Add((label, r));
            return r;
        }

        var work = sandbox.TempFile("work");
        Directory.CreateDirectory(work);
        string InWork(string name) => Path.Combine(work, name);
        var sample = TestFiles.SamplePath(); // 30 rows, 5 of them bad
        var good = InWork("good.csv");
        await File.WriteAllTextAsync(good, TestFiles.GoodCsv(12));

        // import: rejects, ledger, wait, json; already sent; dry run; standard input; the token on standard input.
        Assert.Equal(ExitCodes.Partial, (await Run("import --rejects --ledger --wait", ["import", sample, "--counter", Counter, "--batch-size", "15", "--rejects", InWork("rejects.csv"), "--ledger", InWork("ledger.db"), "--wait", "--comment", "leak test"])).ExitCode);
        Assert.Equal(ExitCodes.Partial, (await Run("import again --json", ["import", sample, "--counter", Counter, "--batch-size", "15", "--rejects", InWork("rejects2.csv"), "--ledger", InWork("ledger.db"), "--json"])).ExitCode);
        Assert.Equal(ExitCodes.Partial, (await Run("import --dry-run", ["import", sample, "--counter", Counter, "--dry-run", InWork("dry"), "--rejects", InWork("dry-rejects.csv")])).ExitCode);
        Assert.Equal(ExitCodes.Success, (await Run("import --dry-run --json, no token", ["import", good, "--counter", Counter, "--dry-run", InWork("dry2"), "--json"], token: null)).ExitCode);
        Assert.Equal(ExitCodes.Success, (await Run("import - (stdin) --json --wait", ["import", "-", "--counter", Counter, "--json", "--wait"], stdin: TestFiles.GoodCsv(4))).ExitCode);
        Assert.Equal(ExitCodes.Success, (await Run("import - --token-stdin", ["import", "-", "--counter", Counter, "--token-stdin"], stdin: Good + "\n" + TestFiles.GoodCsv(3), token: null)).ExitCode);
        Assert.Equal(ExitCodes.Success, (await Run("import file --token-stdin --json", ["import", good, "--counter", Counter, "--token-stdin", "--json"], stdin: Good + "\n", token: null)).ExitCode);

        // status, calls-window, counters: text and --json, METRICA_TOKEN and --token-stdin.
        var uploadId = sandbox.Server.State.UploadsOf(CliSandbox.Counter)[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(ExitCodes.Success, (await Run("status", ["status", "--counter", Counter])).ExitCode);
        Assert.Equal(ExitCodes.Success, (await Run("status --json --limit", ["status", "--counter", Counter, "--json", "--limit", "3"])).ExitCode);
        Assert.NotEqual(ExitCodes.Failure, (await Run("status --id --wait", ["status", "--counter", Counter, "--id", uploadId, "--wait"])).ExitCode);
        Assert.NotEqual(ExitCodes.Failure, (await Run("status --id --json --token-stdin", ["status", "--counter", Counter, "--id", uploadId, "--json", "--token-stdin"], stdin: Good, token: null)).ExitCode);
        foreach (var action in new[] { "enable", "show", "disable" })
        {
            Assert.Equal(ExitCodes.Success, (await Run("calls-window " + action, ["calls-window", action, "--counter", Counter])).ExitCode);
        }

        Assert.Equal(ExitCodes.Success, (await Run("calls-window enable --json", ["calls-window", "enable", "--counter", Counter, "--json"])).ExitCode);
        Assert.Equal(ExitCodes.Success, (await Run("calls-window show --json", ["calls-window", "show", "--counter", Counter, "--json"])).ExitCode);

        Assert.Equal(ExitCodes.Success, (await Run("counters", ["counters"])).ExitCode);
        Assert.Equal(ExitCodes.Success, (await Run("counters --json --token-stdin", ["counters", "--json", "--token-stdin"], stdin: Good + "\n", token: null)).ExitCode);
        Assert.Equal(ExitCodes.Success, (await Run("goals", ["goals", "--counter", Counter])).ExitCode);
        Assert.Equal(ExitCodes.Success, (await Run("goals --chat --json --token-stdin", ["goals", "--counter", Counter, "--chat", "--json", "--token-stdin"], stdin: Good + "\n", token: null)).ExitCode);

        // -v says where the token came from, never the token; login and profile list never show it.
        Assert.Equal(ExitCodes.Partial, (await Run("import -v", ["import", sample, "--counter", Counter, "-v", "--dry-run", InWork("dry-v")])).ExitCode);
        Assert.Equal(ExitCodes.Success, (await Run("counters -v --token-stdin", ["counters", "-v", "--token-stdin"], stdin: Good, token: null)).ExitCode);
        Assert.Equal(ExitCodes.Success, (await Run("login --allow-unprotected-file --json", ["login", "--profile", "leak", "--token-stdin", "--allow-unprotected-file", "--json"], stdin: Good + "\n", token: null)).ExitCode);
        var list = await CliRun.RunAsync(["profile", "list", "-v"], environment: sandbox.Environment(token: null));
        runs.Add(("profile list -v", list));
        Assert.Equal(ExitCodes.Success, list.ExitCode);
        Assert.Equal(ExitCodes.Success, (await Run("counters --profile leak -v", ["counters", "--profile", "leak", "-v"], token: null)).ExitCode);
        var remove = await CliRun.RunAsync(["profile", "remove", "leak", "--json"], environment: sandbox.Environment(token: null));
        runs.Add(("profile remove --json", remove));
        Assert.Equal(ExitCodes.Success, remove.ExitCode);

        // Faults the client retries through, then faults that outlast the retries.
        foreach (var kind in Enum.GetValues<SandboxFaultKind>().Where(k => k != SandboxFaultKind.RateLimitBurst))
        {
            sandbox.Server.Faults.ForceNext(kind);
            // A ledger of its own each time, so the rows are sent (and meet the fault) every time.
            Assert.Equal(ExitCodes.Success, (await Run("import after " + kind, ["import", good, "--counter", Counter, "--json", "--ledger", InWork("fault-" + kind + ".db")])).ExitCode);
        }

        sandbox.Server.Faults.ForceNext(SandboxFaultKind.ServiceUnavailable, 3);
        sandbox.Server.Faults.ForceNext(SandboxFaultKind.DropConnection, 30);
        Assert.Equal(ExitCodes.Failure, (await Run("counters --json, 503 then connection dropped throughout", ["counters", "--json", "--retry-budget", "1s"])).ExitCode);
        sandbox.Server.Faults.Clear();

        // Refused: a wrong token, a token without access to the counter, a counter nobody has.
        foreach (var (label, token) in new[] { ("wrong token", Wrong), ("token without access", NoAccess) })
        {
            await Run("import, " + label, ["import", good, "--counter", Counter], token: token);
            await Run("import --json, " + label, ["import", good, "--counter", Counter, "--json", "--ledger", InWork("refused-ledger.db")], token: token);
            await Run("import - --token-stdin, " + label, ["import", "-", "--counter", Counter, "--token-stdin"], stdin: token + "\n" + TestFiles.GoodCsv(2), token: null);
            await Run("status, " + label, ["status", "--counter", Counter], token: token);
            await Run("status --id --json, " + label, ["status", "--counter", Counter, "--id", uploadId, "--json"], token: token);
            await Run("calls-window enable, " + label, ["calls-window", "enable", "--counter", Counter], token: token);
            await Run("calls-window disable --json, " + label, ["calls-window", "disable", "--counter", Counter, "--json"], token: token);
            await Run("calls-window show, " + label, ["calls-window", "show", "--counter", Counter], token: token);
            await Run("counters, " + label, ["counters"], token: token);
            await Run("counters --json --token-stdin, " + label, ["counters", "--json", "--token-stdin"], stdin: token, token: null);
        }

        Assert.Equal(ExitCodes.Failure, (await Run("status, unknown counter", ["status", "--counter", "999999"])).ExitCode);
        Assert.Equal(ExitCodes.Failure, (await Run("calls-window enable --json, unknown counter", ["calls-window", "enable", "--counter", "999999", "--json"])).ExitCode);

        // A daily quota that runs out mid-run.
        sandbox.Server.Reset();
        sandbox.Server.Quotas.DailyPerToken = 2;
        Assert.NotEqual(ExitCodes.Success, (await Run("import, daily quota", ["import", good, "--counter", Counter, "--batch-size", "3", "--ledger", InWork("quota-ledger.db")])).ExitCode);
        Assert.Equal(ExitCodes.Failure, (await Run("import --json, daily quota (stopKind, apiError)", ["import", good, "--counter", Counter, "--batch-size", "3", "--json", "--ledger", InWork("quota-ledger-json.db")])).ExitCode);
        Assert.Equal(ExitCodes.Failure, (await Run("status --json, daily quota", ["status", "--counter", Counter, "--json"])).ExitCode);
        sandbox.Server.Quotas.DailyPerToken = 5000;
        sandbox.Server.Reset();

        // Cancelled (Ctrl+C) while an upload is slow.
        sandbox.Server.Faults.SlowDelay = TimeSpan.FromSeconds(5);
        sandbox.Server.Faults.ForceNext(SandboxFaultKind.Slow);
        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(400)))
        {
            Assert.Equal(ExitCodes.Cancelled, (await Run("import, cancelled", ["import", good, "--counter", Counter, "--json", "--ledger", InWork("cancelled-ledger.db")], cancellationToken: cancel.Token)).ExitCode);
        }

        sandbox.Server.Faults.Clear();

        // Setup problems: no token, an unknown profile, a malformed token, bad usage.
        await Run("counters, no token", ["counters"], token: null);
        await Run("counters --json, unknown profile", ["counters", "--json", "--profile", "nobody"]);
        await Run("counters, token with a space", ["counters"], token: Good[..12] + " " + Good[12..]);
        await Run("counters --token-stdin, empty stdin", ["counters", "--token-stdin"], stdin: string.Empty, token: null);
        await Run("import, no --counter", ["import", good]);
        await Run("import, missing file", ["import", InWork("missing.csv"), "--counter", Counter]);

        // Plain http to another host: refused before anything is sent (never connects).
        var env = sandbox.Environment();
        string[][] refusedEndpoints =
        [
            ["counters", "--endpoint", "http://metrica.example"],
            ["import", good, "--counter", Counter, "--endpoint", "http://metrica.example", "--json"],
            ["status", "--counter", Counter, "--endpoint", "https://user:" + Wrong + "@metrica.example"],
        ];
        foreach (var args in refusedEndpoints)
        {
            var r = await CliRun.RunAsync(args, environment: env);
            runs.Add((string.Join(' ', args[..1]) + " to a refused endpoint", r));
            Assert.NotEqual(ExitCodes.Success, r.ExitCode);
        }

        var refusedByEnvironment = await CliRun.RunAsync(["counters"], environment: new Dictionary<string, string?>(env) { ["METRICA_ENDPOINT"] = "http://metrica.example" });
        runs.Add(("counters, METRICA_ENDPOINT not loopback", refusedByEnvironment));

        foreach (var (label, r) in runs)
        {
            c.Text(label + ": stdout", r.Out);
            c.Text(label + ": stderr", r.Error);
        }

        c.Directory(Path.GetDirectoryName(work)!); // the private config directory: rejects, ledgers, dry-run batches
        c.Object("sandbox State.Requests", sandbox.Server.State.Requests);
        using (var http = new HttpClient { BaseAddress = sandbox.Server.BaseAddress })
        {
            c.Text("sandbox /_sandbox/requests", await http.GetStringAsync("_sandbox/requests"));
            c.Text("sandbox /_sandbox/uploads", await http.GetStringAsync("_sandbox/uploads"));
        }

        Assert.True(File.Exists(InWork("rejects.csv")) && File.Exists(InWork("ledger.db")) && Directory.GetFiles(InWork("dry")).Length > 0);
        Assert.Contains(runs, r => r.Result.Error.Contains("401", StringComparison.Ordinal) || r.Result.Out.Contains("401", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Result.Error.Contains("403", StringComparison.Ordinal) || r.Result.Out.Contains("403", StringComparison.Ordinal));
        Assert.True(runs.Count > 60, "ran only " + runs.Count);
        c.AssertClean();
    }
}
