using System.Text.Json;
using MetricaChats.Cli.Tests.Cli;
using Xunit;

namespace MetricaChats.Cli.Tests.Commands;

/// <summary>import --json says why a run stopped as data: stopKind and apiError, documented in docs/cli.md.</summary>
public sealed class ImportStopJsonTests
{
    private static string Docs()
    {
        var root = Path.GetDirectoryName(Path.GetDirectoryName(TestFiles.SamplePath()))!;
        return File.ReadAllText(Path.Combine(root, "docs", "cli.md"));
    }

    [Fact]
    public async Task A_bad_token_import_says_ApiError_Unauthorized_401_in_json_and_never_prints_the_token()
    {
        const string badToken = "y0_StopErrBadTokenSandboxRejects9Q";
        await using var sandbox = await CliSandbox.StartAsync();
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(4));

        var r = await sandbox.RunAsync(["import", file, "--counter", "12345", "--json"], token: badToken);

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.DoesNotContain(badToken[..8], r.All, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal("failure", root.GetProperty("result").GetString());
        Assert.Equal("ApiError", root.GetProperty("stopKind").GetString());
        var api = root.GetProperty("apiError");
        Assert.Equal(401, api.GetProperty("status").GetInt32());
        Assert.Equal("Unauthorized", api.GetProperty("errorKind").GetString());
        Assert.False(string.IsNullOrEmpty(api.GetProperty("explanation").GetString()));
        Assert.Equal(JsonValueKind.String, api.GetProperty("apiMessage").ValueKind);
        Assert.False(api.TryGetProperty("quotaResetsAt", out _));
        Assert.StartsWith("Metrica API error 401", root.GetProperty("stopReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daily_quota_stop_says_DailyQuota_with_the_reset_time_in_json_and_exits_1()
    {
        await using var sandbox = await CliSandbox.StartAsync(o => o.Quotas.DailyPerToken = 2);
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(20));

        var r = await sandbox.RunAsync(["import", file, "--counter", "12345", "--batch-size", "5", "--json"]);

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal("ApiError", root.GetProperty("stopKind").GetString());
        Assert.True(root.GetProperty("notSent").GetInt64() > 0);
        var api = root.GetProperty("apiError");
        Assert.Equal(429, api.GetProperty("status").GetInt32());
        Assert.Equal("DailyQuota", api.GetProperty("errorKind").GetString());
        Assert.Equal("quota_requests_by_uid", api.GetProperty("errorType").GetString());
        var reset = api.GetProperty("quotaResetsAt").GetDateTimeOffset();
        Assert.Equal(TimeSpan.Zero, reset.UtcDateTime.TimeOfDay);
        Assert.True(reset > DateTimeOffset.UtcNow, reset.ToString("O"));
    }

    [Fact]
    public async Task A_clean_import_says_stopKind_None_and_apiError_null_and_every_field_is_documented()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(3));

        var r = await sandbox.RunAsync(["import", file, "--counter", "12345", "--json"]);

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal("None", root.GetProperty("stopKind").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("apiError").ValueKind);

        var docs = Docs();
        foreach (var name in root.EnumerateObject().Select(p => p.Name).Concat(["status", "errorType", "apiMessage", "explanation", "errorKind", "request", "attempts", "quotaResetsAt"]))
        {
            Assert.Contains("\"" + name + "\"", docs, StringComparison.Ordinal);
        }

        foreach (var kind in Enum.GetNames<MetricaChats.Core.Import.ChatImportStopKind>())
        {
            Assert.Contains("`" + kind + "`", docs, StringComparison.Ordinal);
        }
    }
}
