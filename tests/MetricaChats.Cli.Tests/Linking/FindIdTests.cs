using System.Text.Json;
using MetricaChats.Cli.Tests.Cli;
using Xunit;

namespace MetricaChats.Cli.Tests.Linking;

/// <summary>find-id, in-process: arguments, standard input, exit codes, --json.</summary>
public sealed class FindIdTests
{
    [Fact]
    public async Task Ids_in_edited_messages_given_as_arguments_come_one_per_line()
    {
        var r = await CliRun.RunAsync(["find-id", "Здравствуйте! # REF: k7m2q9xh4tpa, хочу заказать", "/start 23456789ABCD"]);

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Equal("K7M2Q9XH4TPA\n23456789ABCD\n", r.Out.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(string.Empty, r.Error);
    }

    [Fact]
    public async Task Standard_input_is_one_message_a_line_and_a_message_without_id_makes_it_partial()
    {
        var r = await CliRun.RunAsync(["find-id"], stdin: "hi [#ref K7M2Q9XH4TPA]\n\nСколько стоит доставка?\nагаин [#ref 23456789ABCD]\n");

        Assert.Equal(ExitCodes.Partial, r.ExitCode);
        Assert.Equal(["K7M2Q9XH4TPA", "23456789ABCD"], r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("message 2: no tracking id in 'Сколько стоит доставка?'", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_id_at_all_is_a_failure()
    {
        var r = await CliRun.RunAsync(["find-id", "just a question"]);

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.Equal("\n", r.Out.Replace("\r", string.Empty, StringComparison.Ordinal)); // one (empty) line for the one message
    }

    [Fact]
    public async Task Json_gives_each_message_its_id_source_and_other_ids()
    {
        var r = await CliRun.RunAsync(["find-id", "--json", "[#ref AAAA2222BBBB] oops, I mean [#ref CCCC3333DDDD]", "nothing", "/start EEEE4444FFFF"]);

        Assert.Equal(ExitCodes.Partial, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal(3, root.GetProperty("messages").GetInt64());
        Assert.Equal(2, root.GetProperty("found").GetInt64());
        Assert.Equal(3, root.GetProperty("exitCode").GetInt32());
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal("AAAA2222BBBB", results[0].GetProperty("trackingId").GetString());
        Assert.Equal("Tag", results[0].GetProperty("source").GetString());
        Assert.Equal(["CCCC3333DDDD"], results[0].GetProperty("otherIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, results[1].GetProperty("trackingId").ValueKind);
        Assert.Equal("StartCommand", results[2].GetProperty("source").GetString());
        Assert.Contains("more than one id (AAAA2222BBBB, CCCC3333DDDD)", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prefix_and_length_make_ids_of_that_format_only()
    {
        // With the format SHOP- + 8, a tagged id of another shape is not taken, and a bare SHOP- id is.
        var r = await CliRun.RunAsync(["find-id", "--prefix", "shop-", "--length", "8", "hi [#ref K7M2Q9XH4TPA]", "order shop-2345abcd please"]);

        Assert.Equal(ExitCodes.Partial, r.ExitCode);
        Assert.Equal("SHOP-2345ABCD", r.Out.Trim());
        Assert.Contains("message 1: no tracking id", r.Error, StringComparison.Ordinal);
    }
}
