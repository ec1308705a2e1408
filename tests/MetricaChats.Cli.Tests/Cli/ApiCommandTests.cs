using System.Text.Json;
using Xunit;

namespace MetricaChats.Cli.Tests.Cli;

/// <summary>counters, calls-window and status, end to end against the sandbox.</summary>
public sealed class ApiCommandTests
{
    [Fact]
    public async Task Counters_lists_the_counter_the_token_sees()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var r = await sandbox.RunAsync(["counters"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("12345", r.Out);

        var j = await sandbox.RunAsync(["counters", "--json"]);
        Assert.Equal(0, j.ExitCode);
        using var doc = JsonDocument.Parse(j.Out);
        var ids = doc.RootElement.GetProperty("counters").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).ToList();
        Assert.Equal([CliSandbox.Counter], ids);
    }

    [Fact]
    public async Task METRICA_ENDPOINT_points_the_tool_at_the_sandbox_and_a_plain_http_remote_one_is_refused()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var env = sandbox.Environment();
        env["METRICA_ENDPOINT"] = sandbox.Endpoint;
        var r = await CliRun.RunAsync(["counters"], environment: env);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("12345", r.Out);

        env["METRICA_ENDPOINT"] = "http://metrica.example.com";
        var refused = await CliRun.RunAsync(["counters"], environment: env);
        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains("METRICA_ENDPOINT", refused.Error);
    }

    [Fact]
    public async Task Calls_window_enable_show_disable_change_and_read_back_the_counter_state()
    {
        await using var sandbox = await CliSandbox.StartAsync();

        var show0 = await sandbox.RunAsync(["calls-window", "show", "--counter", "12345", "--json"]);
        Assert.Equal(0, show0.ExitCode);
        Assert.False(Enabled(show0.Out));

        var enable = await sandbox.RunAsync(["calls-window", "enable", "--counter", "12345"]);
        Assert.Equal(0, enable.ExitCode);
        Assert.Contains("ON", enable.Out);
        Assert.True(sandbox.Server.State.GetCounter(CliSandbox.Counter)!.CallsExtendedThreshold);

        var show1 = await sandbox.RunAsync(["calls-window", "show", "--counter", "12345", "--json"]);
        Assert.True(Enabled(show1.Out));

        var disable = await sandbox.RunAsync(["calls-window", "disable", "--counter", "12345", "--json"]);
        Assert.Equal(0, disable.ExitCode);
        Assert.False(Enabled(disable.Out));
        Assert.False(sandbox.Server.State.GetCounter(CliSandbox.Counter)!.CallsExtendedThreshold);

        var showText = await sandbox.RunAsync(["calls-window", "show", "--counter", "12345"]);
        Assert.Contains("OFF", showText.Out);
    }

    [Fact]
    public async Task Calls_window_on_a_counter_the_token_cannot_use_fails_with_Metricas_message_and_an_explanation()
    {
        await using var sandbox = await CliSandbox.StartAsync(o => o.AddToken("someone-else", 777));
        var r = await sandbox.RunAsync(["calls-window", "enable", "--counter", "777"]);
        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.Contains("Metrica API error 403", r.Error);
        Assert.Contains("Metrica said: \"", r.Error);
    }

    [Fact]
    public async Task Status_lists_only_chat_uploads_and_shows_one()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var upload = sandbox.Server.State.AddUpload(CliSandbox.Counter, "CHATS", "nightly", "PROCESSED", 7);
        sandbox.Server.State.AddUpload(CliSandbox.Counter, "CALLS", "calls", "PROCESSED", 3);

        var list = await sandbox.RunAsync(["status", "--counter", "12345", "--json"]);
        Assert.Equal(0, list.ExitCode);
        using (var doc = JsonDocument.Parse(list.Out))
        {
            var uploads = doc.RootElement.GetProperty("uploads").EnumerateArray().ToList();
            Assert.Single(uploads);
            Assert.Equal(upload.Id, uploads[0].GetProperty("id").GetInt64());
        }

        var one = await sandbox.RunAsync(["status", "--counter", "12345", "--id", upload.Id.ToString()]);
        Assert.Equal(0, one.ExitCode);
        Assert.Contains("PROCESSED (final)", one.Out);
        Assert.Contains("7 in the file, 7 accepted", one.Out);
    }

    [Fact]
    public async Task Status_wait_without_id_is_a_usage_error()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var r = await sandbox.RunAsync(["status", "--counter", "12345", "--wait"]);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("--id", r.Error);
    }

    [Fact]
    public async Task Sandbox_flag_starts_an_embedded_sandbox_for_the_run_and_excludes_endpoint()
    {
        var counters = await CliRun.RunAsync(["counters", "--sandbox", "--counter", "4242", "--json"]);
        Assert.Equal(0, counters.ExitCode);
        using (var doc = JsonDocument.Parse(counters.Out))
        {
            Assert.Equal(4242, doc.RootElement.GetProperty("counters")[0].GetProperty("id").GetInt32());
        }

        var window = await CliRun.RunAsync(["calls-window", "enable", "--counter", "12345", "--sandbox"]);
        Assert.Equal(0, window.ExitCode);
        Assert.Contains("ON", window.Out);

        var both = await CliRun.RunAsync(["counters", "--sandbox", "--endpoint", "http://127.0.0.1:1"]);
        Assert.Equal(ExitCodes.Usage, both.ExitCode);
        Assert.Contains("cannot be used together", both.Error);
    }

    private static bool Enabled(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("enabled").GetBoolean();
    }
}
