using System.Text.Json;
using MetricaChats.Cli.Commands.Linking;
using MetricaChats.Cli.Tests.Cli;
using MetricaChats.Core.Linking;
using Xunit;

namespace MetricaChats.Cli.Tests.Linking;

/// <summary>tracking-id and link, in-process.</summary>
public sealed class TrackingIdAndLinkTests
{
    [Fact]
    public async Task Tracking_ids_come_one_per_line_in_the_format_asked_for_and_all_different()
    {
        var r = await CliRun.RunAsync(["tracking-id", "--count", "500", "--prefix", "shop-", "--length", "10"]);

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        var ids = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(500, ids.Length);
        Assert.Equal(500, ids.Distinct().Count());
        var format = new TrackingIdFormat("SHOP-", 10);
        Assert.All(ids, id => Assert.True(format.IsMatch(id), id));
        Assert.Equal(string.Empty, r.Error);
    }

    [Fact]
    public async Task Tracking_id_json_carries_the_format_and_the_ids()
    {
        var r = await CliRun.RunAsync(["tracking-id", "-n", "3", "--json"]);

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal(string.Empty, root.GetProperty("prefix").GetString());
        Assert.Equal(12, root.GetProperty("length").GetInt32());
        Assert.Equal(TrackingIdFormat.Alphabet, root.GetProperty("alphabet").GetString());
        var ids = root.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(3, ids.Count);
        Assert.All(ids, id => Assert.True(TrackingIdFormat.Default.IsMatch(id), id));
    }

    [Theory]
    [InlineData("--length", "3", "too short")]
    [InlineData("--prefix", "a b", "has the character ' '")]
    [InlineData("--count", "0", "--count 0 is out of range")]
    public async Task Bad_tracking_id_options_are_usage_errors_with_Core_s_message(string option, string value, string expected)
    {
        var r = await CliRun.RunAsync(["tracking-id", option, value, "--json"]);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains(expected, r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", r.Error, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal("usage", doc.RootElement.GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_WhatsApp_link_puts_the_tag_where_the_message_says_escaped_and_prints_the_URL_first()
    {
        var r = await CliRun.RunAsync(["link", "whatsapp", "--target", "+7 (900) 123-45-67", "--id", "K7M2Q9XH4TPA", "--message", "Hi {tag} please & thanks"]);

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        var lines = r.Out.Split('\n');
        Assert.Equal("https://wa.me/79001234567?text=Hi%20%5B%23ref%20K7M2Q9XH4TPA%5D%20please%20%26%20thanks", lines[0]);
        Assert.Contains("  tag          [#ref K7M2Q9XH4TPA]", r.Out, StringComparison.Ordinal);
        Assert.Contains("  text         Hi [#ref K7M2Q9XH4TPA] please & thanks", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("(new:", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Telegram_bot_link_without_an_id_gets_a_new_one_in_the_start_parameter()
    {
        var r = await CliRun.RunAsync(["link", "telegram-bot", "-t", "@ShopHelpBot", "--prefix", "tg-", "--json"]);

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        var id = root.GetProperty("trackingId").GetString()!;
        Assert.True(new TrackingIdFormat("TG-").IsMatch(id), id);
        Assert.True(root.GetProperty("newId").GetBoolean());
        Assert.Equal("https://t.me/ShopHelpBot?start=" + id, root.GetProperty("url").GetString());
        Assert.Equal("telegram", root.GetProperty("chatPlatform").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("text").ValueKind);
    }

    [Fact]
    public async Task A_Viber_number_link_carries_the_documentation_note_and_an_encoded_plus()
    {
        var r = await CliRun.RunAsync(["link", "viber", "-t", "+375 29 123-45-67", "--id", "K7M2Q9XH4TPA", "--tag-keyword", "order", "--json"]);

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.StartsWith("viber://chat?number=%2B375291234567&text=Hello%21%20%5B%23order%20K7M2Q9XH4TPA%5D", doc.RootElement.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Contains("not in Viber's documentation", doc.RootElement.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "link", "telegram-bot", "-t", "ShopHelpBot", "--message", "hi" }, "no pre-filled message")]
    [InlineData(new[] { "link", "whatsapp", "-t", "12", "--id", "K7M2Q9XH4TPA" }, "12")]
    [InlineData(new[] { "link", "telegram-user", "-t", "shop", "--id", "bad id!" }, "is not valid")]
    [InlineData(new[] { "link", "whatsapp", "-t", "+79001234567", "--id", "K7M2Q9XH4TPA", "--length", "8" }, "--prefix and --length shape a new id")]
    public async Task Bad_link_input_is_a_usage_error_naming_the_problem(string[] args, string expected)
    {
        var r = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains(expected, r.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, r.Out);
    }

    [Fact]
    public async Task An_unknown_messenger_is_refused_by_the_parser()
    {
        var r = await CliRun.RunAsync(["link", "icq", "-t", "someone"]);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("icq", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_link_kind_has_a_command_line_name_and_back()
    {
        var kinds = (ChatLinkKind[])Enum.GetValues(typeof(ChatLinkKind));
        Assert.Equal(kinds.Length, LinkCommand.Kinds.Length);
        foreach (var kind in kinds)
        {
            Assert.Equal(kind, LinkCommand.ToKind(LinkCommand.NameOf(kind)));
        }
    }
}
