using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace MetricaChats.Cli.Tests.Cli;

/// <summary>
/// The nightly job of docs/cli.md (docs/examples: the script, the systemd service and timer, the
/// cron line) is run for real against a sandbox, and the docs show exactly those files.
/// </summary>
public sealed class NightlyJobTests
{
    private static readonly string Examples = Path.Combine(ExeRun.RepositoryRoot(), "docs", "examples");

    private static async Task<(int Code, string Out, string Err)> RunScript(IDictionary<string, string?> env)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Examples, "metrica-chats-nightly.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "TMPDIR" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } v)
            {
                start.Environment[name] = v;
            }
        }

        foreach (var (k, v) in env)
        {
            start.Environment[k] = v;
        }

        using var p = Process.Start(start)!;
        p.StandardInput.Close();
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(guard.Token);
        return (p.ExitCode, await o, await e);
    }

    [Fact]
    public async Task The_documented_nightly_script_imports_alerts_only_on_problems_resumes_and_reads_a_systemd_credential()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // a bash script for Linux hosts
        }

        await using var sandbox = await CliSandbox.StartAsync();
        var root = sandbox.TempFile("nightly");
        var exports = Directory.CreateDirectory(Path.Combine(root, "exports")).FullName;
        var logs = Path.Combine(root, "logs");
        const string day = "2026-11-21";
        File.Copy(TestFiles.SamplePath(), Path.Combine(exports, $"chats-{day}.csv"));
        var credentials = Directory.CreateDirectory(Path.Combine(root, "credentials")).FullName;
        await File.WriteAllTextAsync(Path.Combine(credentials, "token"), CliSandbox.Token + "\n");

        Dictionary<string, string?> Env(string maxRejected, bool credential) => new()
        {
            ["METRICA_CHATS"] = "dotnet " + ExeRun.Dll,
            ["METRICA_COUNTER"] = "12345",
            ["METRICA_ENDPOINT"] = sandbox.Endpoint,
            ["METRICA_TOKEN"] = credential ? null : CliSandbox.Token,
            ["CREDENTIALS_DIRECTORY"] = credential ? credentials : null,
            ["METRICA_CONFIG_DIR"] = sandbox.Environment()["METRICA_CONFIG_DIR"],
            ["EXPORT_DIR"] = exports,
            ["STATE_DIR"] = Path.Combine(root, "state"),
            ["LOG_DIR"] = logs,
            ["DAY"] = day,
            ["MAX_REJECTED"] = maxRejected,
            ["WAIT_TIMEOUT"] = "60s",
        };

        // The sample has 5 bad rows of 30 (17%): over the default 1%, the job fails and says why, once.
        var strict = await RunScript(Env("1%", credential: true));
        Assert.True(strict.Code == 3, strict.Out + strict.Err);
        Assert.Equal($"metrica-chats {day}: 5 of 30 rows rejected (over 1%), 25 sent; fix {logs}/rejects-{day}.csv and import it", strict.Out.Trim());
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(logs, day + ".json"))))
        {
            Assert.Equal(1, json.RootElement.GetProperty("schemaVersion").GetInt32());
            Assert.Equal(25, json.RootElement.GetProperty("sent").GetInt64());
            Assert.Equal("PROCESSED", json.RootElement.GetProperty("uploads")[0].GetProperty("upload").GetProperty("status").GetString());
        }

        Assert.Equal(6, (await File.ReadAllLinesAsync(Path.Combine(logs, $"rejects-{day}.csv"))).Length); // header + 5

        // Run again with a policy that tolerates them: nothing is sent twice, and nothing is printed.
        var tolerant = await RunScript(Env("20%", credential: false));
        Assert.True(tolerant.Code == 0, tolerant.Out + tolerant.Err);
        Assert.Equal(string.Empty, tolerant.Out);
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(logs, day + ".json"))))
        {
            Assert.Equal(0, json.RootElement.GetProperty("sent").GetInt64());
            Assert.Equal(25, json.RootElement.GetProperty("alreadySent").GetInt64());
        }

        Assert.Single(sandbox.Server.State.UploadsOf(CliSandbox.Counter));
        Assert.Equal(25, sandbox.Server.State.UploadsOf(CliSandbox.Counter)[0].Rows.Count);
        Assert.Contains("nightly 20261121 ", sandbox.Server.State.UploadsOf(CliSandbox.Counter)[0].Comment);
        foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(credentials, StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(CliSandbox.Token[..8], await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_systemd_units_verify_and_the_docs_show_the_example_files_verbatim()
    {
        var docs = (await File.ReadAllTextAsync(Path.Combine(ExeRun.RepositoryRoot(), "docs", "cli.md"))).Replace("\r\n", "\n", StringComparison.Ordinal);
        foreach (var name in new[] { "metrica-chats-nightly.sh", "metrica-chats-nightly.service", "metrica-chats-nightly.timer", "metrica-chats-nightly.env", "metrica-chats.cron" })
        {
            var text = (await File.ReadAllTextAsync(Path.Combine(Examples, name))).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
            Assert.True(docs.Contains(text, StringComparison.Ordinal), "docs/cli.md does not show docs/examples/" + name + " as it is");
        }

        var service = await File.ReadAllTextAsync(Path.Combine(Examples, "metrica-chats-nightly.service"));
        Assert.Contains("TimeoutStartSec=3h", service); // longer than the script's --wait-timeout 2h
        if (OperatingSystem.IsLinux() && File.Exists("/usr/bin/systemd-analyze"))
        {
            var dir = Directory.CreateTempSubdirectory("metrica-units-").FullName;
            var unit = Path.Combine(dir, "metrica-chats-nightly.service");
            await File.WriteAllTextAsync(unit, service
                .Replace("/usr/local/bin/metrica-chats-nightly.sh", Path.Combine(Examples, "metrica-chats-nightly.sh"), StringComparison.Ordinal)
                .Replace("User=metrica", "User=root", StringComparison.Ordinal));
            File.Copy(Path.Combine(Examples, "metrica-chats-nightly.timer"), Path.Combine(dir, "metrica-chats-nightly.timer"));
            using var verify = Process.Start(new ProcessStartInfo("/usr/bin/systemd-analyze", ["verify", "--man=no", unit, Path.Combine(dir, "metrica-chats-nightly.timer")]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var err = await verify.StandardError.ReadToEndAsync();
            await verify.WaitForExitAsync();
            Assert.True(verify.ExitCode == 0, err);
        }
    }
}
