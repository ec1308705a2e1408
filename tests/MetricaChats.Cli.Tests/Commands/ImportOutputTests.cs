using System.Text.Json;
using MetricaChats.Cli.Tests.Cli;
using Xunit;

namespace MetricaChats.Cli.Tests.Commands;

/// <summary>
/// The import's output for people, through the real executable: warnings grouped by code,
/// rejections visible, -q and -v, colour on a terminal and NO_COLOR, the extended-window advice
/// once, CLI words only, and bad input named and bounded (--comment, /dev/zero, a directory).
/// </summary>
public sealed class ImportOutputTests
{
    [Fact]
    public async Task Warnings_are_grouped_by_code_with_count_and_first_rows_and_rejections_stay_visible()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var r = await ExeRun.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345", "--endpoint", sandbox.Endpoint], sandbox.Environment());

        Assert.Equal(ExitCodes.Partial, r.ExitCode);
        var lines = r.Error.Split('\n');
        Assert.Equal(5, lines.Count(l => l.StartsWith("rejected: Row ", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.StartsWith("warning: Unattributed, 6 rows (rows 3, 8, 16, 21, 22, 26):", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("warning: OutsideJoinWindow, ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("warning: Row ", StringComparison.Ordinal));
        Assert.True(lines.Count(l => l.StartsWith("warning", StringComparison.Ordinal)) <= 3, r.Error);
    }

    [Fact]
    public async Task Quiet_prints_the_result_line_and_one_rejected_line_and_verbose_lists_every_warning()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var quiet = await ExeRun.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345", "-q", "--endpoint", sandbox.Endpoint], sandbox.Environment());
        var verbose = await ExeRun.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345", "-v", "--endpoint", sandbox.Endpoint], sandbox.Environment());

        Assert.Equal(ExitCodes.Partial, quiet.ExitCode);
        Assert.Equal("Result: partial (exit code 3)", quiet.Out.Trim());
        Assert.Equal("rejected: 5 rows (rows 6, 10, 14, 18, 28) (run without -q, or add --rejects <file.csv>, to see why)", quiet.Error.Trim());

        Assert.Equal(ExitCodes.Partial, verbose.ExitCode);
        Assert.Equal(6, verbose.Error.Split('\n').Count(l => l.StartsWith("warning: Row ", StringComparison.Ordinal) && l.Contains("no ClientId", StringComparison.Ordinal)));
        Assert.Contains("token from the environment variable METRICA_TOKEN", verbose.Error);
    }

    [Fact]
    public async Task On_a_terminal_labels_are_coloured_unless_NO_COLOR_is_set()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/usr/bin/script"))
        {
            return; // 'script' gives the tool a terminal; the colour rule itself is the same everywhere
        }

        var sample = TestFiles.SamplePath();
        async Task<string> OnTerminal(string? noColor)
        {
            var env = new Dictionary<string, string?> { ["NO_COLOR"] = noColor, ["TERM"] = "xterm" };
            var command = $"dotnet '{ExeRun.Dll}' import '{sample}' --counter 12345 --dry-run '{Path.Combine(Path.GetTempPath(), "metrica-colour-" + Guid.NewGuid().ToString("N"))}'";
            var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/script", ["-qec", command, "/dev/null"]) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (var (k, v) in env)
            {
                start.Environment[k] = v;
            }

            using var p = System.Diagnostics.Process.Start(start)!;
            p.StandardInput.Close();
            var text = await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            return text;
        }

        var coloured = await OnTerminal(null);
        var plain = await OnTerminal("1");

        Assert.Contains("\u001b[31mrejected:\u001b[0m", coloured);
        Assert.Contains("\u001b[33mwarning:\u001b[0m", coloured);
        Assert.Contains("rejected:", plain);
        Assert.DoesNotContain("\u001b[3", plain);
    }

    [Fact]
    public async Task The_extended_window_advice_is_said_once_in_CLI_words_and_in_json()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var text = await ExeRun.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345", "--endpoint", sandbox.Endpoint], sandbox.Environment());
        var json = await ExeRun.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345", "--json", "--endpoint", sandbox.Endpoint], sandbox.Environment());
        await ExeRun.RunAsync(["calls-window", "enable", "--counter", "12345", "--endpoint", sandbox.Endpoint], sandbox.Environment());
        var on = await ExeRun.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345", "--json", "--endpoint", sandbox.Endpoint], sandbox.Environment());

        Assert.Single(text.Out.Split('\n'), l => l.Contains("Turn the window on with 'metrica-chats calls-window enable --counter 12345'", StringComparison.Ordinal));
        Assert.Single(text.Out.Split('\n'), l => l.Contains("older than 21 days: no setting lets Metrica join them", StringComparison.Ordinal));
        Assert.DoesNotContain("Enable-MetricaCallsExtendedWindow", text.All);
        Assert.DoesNotContain("Get-Metrica", text.All);
        using (var doc = JsonDocument.Parse(json.Out))
        {
            Assert.False(doc.RootElement.GetProperty("callsExtendedWindow").GetBoolean());
            Assert.Equal(["EnableExtendedWindow", "OlderThan21Days"], doc.RootElement.GetProperty("advice").EnumerateArray().Select(a => a.GetProperty("code").GetString()));
        }

        using (var doc = JsonDocument.Parse(on.Out))
        {
            Assert.True(doc.RootElement.GetProperty("callsExtendedWindow").GetBoolean());
            Assert.Equal(["OlderThan21Days"], doc.RootElement.GetProperty("advice").EnumerateArray().Select(a => a.GetProperty("code").GetString()));
        }
    }

    [Fact]
    public async Task Without_a_token_the_message_names_CLI_commands_and_a_docs_url_never_a_cmdlet_or_repository_path()
    {
        var home = Directory.CreateTempSubdirectory("metrica-notoken-").FullName;
        var r = await ExeRun.RunAsync(["counters"], new Dictionary<string, string?> { ["METRICA_CONFIG_DIR"] = home });
        var profile = await ExeRun.RunAsync(["counters", "--profile", "nobody"], new Dictionary<string, string?> { ["METRICA_CONFIG_DIR"] = home });

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("metrica-chats login", r.Error);
        Assert.Contains("https://github.com/metricachats/MetricaChats/blob/main/docs/security.md", r.Error);
        Assert.Contains("metrica-chats login --profile nobody", profile.Error);
        foreach (var text in new[] { r.Error, profile.Error })
        {
            Assert.DoesNotContain("Connect-MetricaAccount", text);
            Assert.DoesNotContain("Get-MetricaAccount", text);
            Assert.DoesNotContain(" docs/", text);
        }
    }

    [Fact]
    public async Task Errors_name_no_dotnet_parameter_and_api_errors_point_to_cli_commands()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var badToken = await ExeRun.RunAsync(["counters"], new Dictionary<string, string?> { ["METRICA_TOKEN"] = "two words", ["METRICA_CONFIG_DIR"] = sandbox.TempFile("cfg") });
        var notFound = await ExeRun.RunAsync(["status", "--counter", "12345", "--id", "424242", "--endpoint", sandbox.Endpoint], sandbox.Environment());
        var sandboxHelp = await ExeRun.RunAsync(["sandbox", "--help"]);

        Assert.Equal(ExitCodes.Usage, badToken.ExitCode);
        Assert.Contains("does not hold a usable token", badToken.Error);
        Assert.DoesNotContain("(Parameter", badToken.Error);
        Assert.Equal(ExitCodes.Failure, notFound.ExitCode);
        Assert.Contains("'metrica-chats counters' lists the counters this token can see", notFound.Error);
        Assert.DoesNotContain("Get-MetricaCounter", notFound.Error);
        Assert.DoesNotContain("Connect-MetricaAccount", sandboxHelp.Out);
    }

    [Fact]
    public async Task A_comment_outside_letters_digits_and_spaces_or_over_200_characters_is_a_usage_error_before_anything_is_sent()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(3));

        var punctuation = await ExeRun.RunAsync(["import", file, "--counter", "12345", "--comment", "nightly; drop", "--endpoint", sandbox.Endpoint], sandbox.Environment());
        var tooLong = await ExeRun.RunAsync(["import", file, "--counter", "12345", "--comment", new string('a', 300), "--endpoint", sandbox.Endpoint], sandbox.Environment());
        var fine = await ExeRun.RunAsync(["import", file, "--counter", "12345", "--comment", "ночной импорт 20261121", "--endpoint", sandbox.Endpoint], sandbox.Environment());

        Assert.Equal(ExitCodes.Usage, punctuation.ExitCode);
        Assert.Contains("character ';' at position 8 is not allowed", punctuation.Error);
        Assert.Equal(ExitCodes.Usage, tooLong.ExitCode);
        Assert.Contains("--comment has 300 characters; at most 200", tooLong.Error);
        Assert.Equal(ExitCodes.Success, fine.ExitCode);
        var upload = Assert.Single(sandbox.Server.State.UploadsOf(CliSandbox.Counter));
        Assert.StartsWith("ночной импорт 20261121 ", upload.Comment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endless_token_line_from_dev_zero_is_refused_quickly_and_a_directory_is_named_as_one()
    {
        var dir = Directory.CreateTempSubdirectory("metrica-dir-").FullName;
        if (File.Exists("/dev/zero"))
        {
            var zero = await ExeRun.RunAsync(["import", "-", "--counter", "12345", "--dry-run", Path.Combine(dir, "d"), "--token-stdin"], stdinFile: "/dev/zero");
            var zeroCsv = await ExeRun.RunAsync(["import", "-", "--counter", "12345", "--dry-run", Path.Combine(dir, "d")], stdinFile: "/dev/zero");
            Assert.Equal(ExitCodes.Usage, zero.ExitCode);
            Assert.Contains("is not a token", zero.Error);
            Assert.Equal(ExitCodes.Failure, zeroCsv.ExitCode);
            Assert.Contains("not a chat CSV header", zeroCsv.Error);
        }

        var directory = await ExeRun.RunAsync(["import", dir, "--counter", "12345", "--dry-run", Path.Combine(dir, "d"), "--json"]);
        Assert.Equal(ExitCodes.Usage, directory.ExitCode);
        Assert.Contains("is a directory, not a file", directory.Error);
        Assert.Contains("\"kind\": \"usage\"", directory.Out);
    }
}
