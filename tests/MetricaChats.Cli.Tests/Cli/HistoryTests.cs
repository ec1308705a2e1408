using System.Text.Json;
using Xunit;

namespace MetricaChats.Cli.Tests.Cli;

/// <summary><c>history</c>: what the ledger recorded, for people and for scripts.</summary>
public sealed class HistoryTests
{
    [Fact]
    public async Task History_lists_each_run_with_its_counts_and_one_run_with_its_batches()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(7));
        Assert.Equal(0, (await sandbox.RunAsync(["import", file, "--counter", "12345", "--batch-size", "3"])).ExitCode);
        Assert.Equal(0, (await sandbox.RunAsync(["import", file, "--counter", "12345"])).ExitCode);

        var list = await CliRun.RunAsync(["history", "--json"], environment: sandbox.Environment());

        Assert.Equal(0, list.ExitCode);
        using var doc = JsonDocument.Parse(list.Out);
        var runs = doc.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(2, runs.Count);
        Assert.Equal("completed", runs[0].GetProperty("status").GetString());
        Assert.Equal(0, runs[0].GetProperty("sent").GetInt64());
        Assert.Equal(7, runs[0].GetProperty("alreadySent").GetInt64());
        Assert.Equal(7, runs[1].GetProperty("sent").GetInt64());
        Assert.Equal("cli", runs[1].GetProperty("frontEnd").GetString());

        var first = runs[1].GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var one = await CliRun.RunAsync(["history", "--run", first], environment: sandbox.Environment());

        Assert.Equal(0, one.ExitCode);
        Assert.Contains("read 7, sent 7, already sent 0", one.Out, StringComparison.Ordinal);
        Assert.Equal(3, one.Out.Split('\n').Count(l => l.Contains(" sent ", StringComparison.Ordinal) && l.TrimStart().Length > 0 && char.IsDigit(l.TrimStart()[0])));
        Assert.DoesNotContain("user_1", one.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_without_a_ledger_says_so_and_an_unknown_run_is_a_usage_error()
    {
        await using var sandbox = await CliSandbox.StartAsync();

        var empty = await CliRun.RunAsync(["history"], environment: sandbox.Environment());
        Assert.Equal(0, empty.ExitCode);
        Assert.Contains("No ledger at", empty.Out, StringComparison.Ordinal);

        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(2));
        Assert.Equal(0, (await sandbox.RunAsync(["import", file, "--counter", "12345"])).ExitCode);
        var missing = await CliRun.RunAsync(["history", "--run", "999"], environment: sandbox.Environment());
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("has no run 999", missing.Error, StringComparison.Ordinal);
    }
}
