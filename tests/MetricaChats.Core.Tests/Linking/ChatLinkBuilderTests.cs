using MetricaChats.Core.Chats;
using MetricaChats.Core.Linking;
using Xunit;

namespace MetricaChats.Core.Tests.Linking;

public class ChatLinkBuilderTests
{
    private const string Id = "K7M2Q9XH4TPA";
    private readonly ChatLinkBuilder builder = new();

    [Theory]
    [InlineData("ShopHelpBot")]
    [InlineData("@ShopHelpBot")]
    [InlineData("https://t.me/ShopHelpBot")]
    [InlineData(" t.me/ShopHelpBot/ ")]
    public void Telegram_bot_link_carries_the_id_as_start_parameter(string target)
    {
        var link = builder.Build(ChatLinkKind.TelegramBot, target, Id);
        Assert.Equal("https://t.me/ShopHelpBot?start=K7M2Q9XH4TPA", link.Url);
        Assert.Equal(ChatPlatform.Telegram, link.ChatPlatform);
        Assert.Null(link.Text);
        Assert.Equal("ShopHelpBot", link.Target);
    }

    [Fact]
    public void Telegram_bot_link_refuses_a_message_and_a_non_bot_name()
    {
        Assert.Contains("no pre-filled message", Assert.Throws<ArgumentException>(() => builder.Build(ChatLinkKind.TelegramBot, "ShopHelpBot", Id, "Hi")).Message, StringComparison.Ordinal);
        Assert.Contains("end in 'bot'", Assert.Throws<ArgumentException>(() => builder.Build(ChatLinkKind.TelegramBot, "shop_manager", Id)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Telegram_user_link_prefills_the_tagged_text()
    {
        var link = builder.Build(ChatLinkKind.TelegramUser, "@shop_manager", Id, "Здравствуйте! Мой номер: {tag}");
        Assert.Equal("Здравствуйте! Мой номер: [#ref K7M2Q9XH4TPA]", link.Text);
        Assert.Equal(
            "https://t.me/shop_manager?text=%D0%97%D0%B4%D1%80%D0%B0%D0%B2%D1%81%D1%82%D0%B2%D1%83%D0%B9%D1%82%D0%B5%21%20%D0%9C%D0%BE%D0%B9%20%D0%BD%D0%BE%D0%BC%D0%B5%D1%80%3A%20%5B%23ref%20K7M2Q9XH4TPA%5D",
            link.Url);
        Assert.Equal(link.Text, Uri.UnescapeDataString(link.Url.Substring(link.Url.IndexOf("?text=", StringComparison.Ordinal) + 6)));
    }

    [Fact]
    public void Telegram_user_link_by_phone_uses_the_plus_form()
    {
        var link = builder.Build(ChatLinkKind.TelegramUser, "+7 (900) 123-45-67", Id);
        Assert.Equal("https://t.me/+79001234567?text=Hello%21%20%5B%23ref%20K7M2Q9XH4TPA%5D", link.Url);
        Assert.Equal("+79001234567", link.Target);
    }

    [Fact]
    public void Telegram_share_link_encodes_both_url_and_text()
    {
        var link = builder.Build(ChatLinkKind.TelegramShare, "https://shop.example/item?id=5&color=red", Id, "Look {tag} & buy");
        Assert.Equal(
            "https://t.me/share/url?url=https%3A%2F%2Fshop.example%2Fitem%3Fid%3D5%26color%3Dred&text=Look%20%5B%23ref%20K7M2Q9XH4TPA%5D%20%26%20buy",
            link.Url);
        Assert.Throws<ArgumentException>(() => builder.Build(ChatLinkKind.TelegramShare, "shop.example/item", Id));
    }

    [Theory]
    [InlineData("+7 900 123-45-67", "79001234567")]
    [InlineData("0044 20 7946 0958", "442079460958")]
    [InlineData("(375) 29.123.45.67", "375291234567")]
    public void WhatsApp_link_takes_international_digits(string phone, string digits)
    {
        var link = builder.Build(ChatLinkKind.WhatsApp, phone, Id);
        Assert.Equal("https://wa.me/" + digits + "?text=Hello%21%20%5B%23ref%20K7M2Q9XH4TPA%5D", link.Url);
        Assert.Equal(ChatPlatform.WhatsApp, link.ChatPlatform);
    }

    [Fact]
    public void Escaping_keeps_plus_ampersand_hash_newline_and_emoji_intact()
    {
        var link = builder.Build(ChatLinkKind.WhatsApp, "+79001234567", Id, "1+1=2 & #1?\nНовая строка 👍 {tag}");
        var query = link.Url.Substring(link.Url.IndexOf("?text=", StringComparison.Ordinal) + 6);
        Assert.DoesNotContain("+", query, StringComparison.Ordinal);
        Assert.DoesNotContain(" ", query, StringComparison.Ordinal);
        Assert.DoesNotContain("&", query, StringComparison.Ordinal);
        Assert.DoesNotContain("#", query, StringComparison.Ordinal);
        Assert.Contains("1%2B1%3D2%20%26%20%231%3F%0A", query, StringComparison.Ordinal);
        Assert.Contains("%F0%9F%91%8D", query, StringComparison.Ordinal); // 👍 as UTF-8
        Assert.Equal("1+1=2 & #1?\nНовая строка 👍 [#ref K7M2Q9XH4TPA]", Uri.UnescapeDataString(query));
    }

    [Fact]
    public void Broken_unicode_in_the_message_is_refused_clearly()
    {
        var ex = Assert.Throws<ArgumentException>(() => builder.Build(ChatLinkKind.WhatsApp, "+79001234567", Id, "Hi \uD83D there"));
        Assert.Contains("lone surrogate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Viber_bot_link_puts_the_id_in_context_and_text()
    {
        var link = builder.Build(ChatLinkKind.ViberBot, "shophelp", Id, "Привет {tag}");
        Assert.Equal("viber://pa?chatURI=shophelp&context=K7M2Q9XH4TPA&text=%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82%20%5B%23ref%20K7M2Q9XH4TPA%5D", link.Url);
        Assert.Equal(ChatPlatform.Viber, link.ChatPlatform);
        Assert.Throws<ArgumentException>(() => builder.Build(ChatLinkKind.ViberBot, "shop help", Id));
    }

    [Fact]
    public void Viber_number_link_encodes_the_plus()
    {
        var link = builder.Build(ChatLinkKind.Viber, "+375 29 123-45-67", Id);
        Assert.Equal("viber://chat?number=%2B375291234567&text=Hello%21%20%5B%23ref%20K7M2Q9XH4TPA%5D", link.Url);
    }

    [Theory]
    [InlineData(ChatLinkKind.WhatsApp, "+7 900 CALL-NOW", "'C' is not a digit")]
    [InlineData(ChatLinkKind.WhatsApp, "12345", "5 digits")]
    [InlineData(ChatLinkKind.Viber, "+1234567890123456", "too long")]
    [InlineData(ChatLinkKind.TelegramUser, "@ab", "not a Telegram username")]
    [InlineData(ChatLinkKind.TelegramUser, "@shop-manager", "not a Telegram username")]
    [InlineData(ChatLinkKind.WhatsApp, "  ", "target is empty")]
    public void Bad_targets_get_a_message_naming_the_problem(ChatLinkKind kind, string target, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => builder.Build(kind, target, Id));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("K7M2 Q9XH")]
    [InlineData("номер")]
    [InlineData("")]
    public void Bad_tracking_ids_are_refused(string id)
    {
        var ex = Assert.Throws<ArgumentException>(() => builder.Build(ChatLinkKind.WhatsApp, "+79001234567", id));
        Assert.Contains("A-Z, a-z, 0-9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_keyword_is_configurable_and_validated()
    {
        var custom = new ChatLinkBuilder("order");
        Assert.Equal("Hi [#order K7M2Q9XH4TPA]", custom.ComposeText(Id, "Hi"));
        Assert.Equal("[#order K7M2Q9XH4TPA] first, [#order K7M2Q9XH4TPA] again", custom.ComposeText(Id, "{tag} first, {TAG} again"));
        Assert.Throws<ArgumentException>(() => new ChatLinkBuilder("re f"));
        Assert.Throws<ArgumentException>(() => new ChatLinkBuilder("реф"));
    }

    [Fact]
    public void Every_link_round_trips_through_the_extractor()
    {
        var extractor = new TrackingIdExtractor();
        foreach (var kind in new[] { ChatLinkKind.TelegramUser, ChatLinkKind.TelegramShare, ChatLinkKind.WhatsApp, ChatLinkKind.ViberBot, ChatLinkKind.Viber })
        {
            var target = kind switch
            {
                ChatLinkKind.TelegramUser => "shop_manager",
                ChatLinkKind.TelegramShare => "https://shop.example/",
                ChatLinkKind.ViberBot => "shophelp",
                _ => "+79001234567",
            };
            var link = builder.Build(kind, target, Id, "Добрый день 🙂 {tag}, хочу заказать");
            Assert.Equal(Id, extractor.Find(link.Text)?.TrackingId);
        }

        Assert.Equal(Id, extractor.Find("/start " + builder.Build(ChatLinkKind.TelegramBot, "ShopHelpBot", Id).Url.Split('=')[1])?.TrackingId);
    }

    [Fact]
    public void A_national_number_without_a_region_is_refused_naming_the_option()
    {
        var builder = new ChatLinkBuilder("ref", null, new ChatOptionNames { DefaultRegionOption = "--default-region {0}" });
        var ex = Assert.Throws<ArgumentException>(() => builder.Build(ChatLinkKind.WhatsApp, "8 (912) 000-00-00", "K7M2Q9XH4TPA"));
        Assert.Equal("target", ex.ParamName);
        Assert.Contains("no country code", ex.Message);
        Assert.Contains("--default-region RU", ex.Message);
    }

    [Theory]
    [InlineData(ChatLinkKind.WhatsApp, "RU", "8 (912) 000-00-00", "https://wa.me/79120000000?text=")]
    [InlineData(ChatLinkKind.Viber, "BY", "8 029 123-45-67", "viber://chat?number=%2B375291234567&text=")]
    [InlineData(ChatLinkKind.TelegramUser, "KZ", "8 701 234 56 78", "https://t.me/+77012345678?text=")]
    public void National_numbers_are_read_in_the_default_region(ChatLinkKind kind, string region, string target, string start)
    {
        var link = new ChatLinkBuilder("ref", region).Build(kind, target, "K7M2Q9XH4TPA");
        Assert.StartsWith(start, link.Url, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_no_one_can_have_is_refused_with_the_reason()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ChatLinkBuilder().Build(ChatLinkKind.WhatsApp, "+7 000 000-00-00", "K7M2Q9XH4TPA"));
        Assert.Contains("not a valid RU (+7) number", ex.Message);
    }
}
