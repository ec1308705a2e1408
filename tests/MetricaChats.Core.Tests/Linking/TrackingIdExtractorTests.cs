using MetricaChats.Core.Linking;
using Xunit;

namespace MetricaChats.Core.Tests.Linking;

public class TrackingIdExtractorTests
{
    private const string Id = "K7M2Q9XH4TPA";
    private readonly TrackingIdExtractor extractor = new();

    // A corpus of first messages as they really arrive: pre-filled text sent as is, edited, tag moved,
    // brackets lost, spaces added, case changed, Cyrillic and emoji around it, messenger quirks.
    public static TheoryData<string, string?, TrackingIdSource?> Corpus() => new()
    {
        // as pre-filled
        { "Hello! [#ref K7M2Q9XH4TPA]", Id, TrackingIdSource.Tag },
        { "Здравствуйте! Мой номер обращения: [#ref K7M2Q9XH4TPA]", Id, TrackingIdSource.Tag },
        // the user typed their question before the tag, or after it
        { "Добрый день, есть ли диван в сером цвете? [#ref K7M2Q9XH4TPA]", Id, TrackingIdSource.Tag },
        { "[#ref K7M2Q9XH4TPA] Добрый день, есть ли диван в сером цвете?", Id, TrackingIdSource.Tag },
        // the tag moved into the middle, on its own line
        { "Привет!\n[#ref K7M2Q9XH4TPA]\nХочу узнать про доставку в Казань", Id, TrackingIdSource.Tag },
        // brackets deleted, extra spaces, colon, tabs, non-breaking spaces
        { "Hi #ref K7M2Q9XH4TPA", Id, TrackingIdSource.Tag },
        { "Hi [ #ref    K7M2Q9XH4TPA ]", Id, TrackingIdSource.Tag },
        { "Hi [#ref:K7M2Q9XH4TPA]", Id, TrackingIdSource.Tag },
        { "Hi [# ref : K7M2Q9XH4TPA]", Id, TrackingIdSource.Tag },
        { "Hi\t#ref\tK7M2Q9XH4TPA", Id, TrackingIdSource.Tag },
        { "Hi [#ref\u00A0K7M2Q9XH4TPA]", Id, TrackingIdSource.Tag },
        { "Hi (#ref K7M2Q9XH4TPA)", Id, TrackingIdSource.Tag },
        // case changed by the keyboard or autocorrect
        { "hi [#REF k7m2q9xh4tpa]", Id, TrackingIdSource.Tag },
        { "Hi [#Ref K7m2Q9xh4Tpa]", Id, TrackingIdSource.Tag },
        // Cyrillic glued to the tag, Cyrillic look-alike letters typed into the id
        { "Здравствуйте[#ref K7M2Q9XH4TPA]спасибо", Id, TrackingIdSource.Tag },
        { "#ref K7M2Q9XH4TPAсегодня можно забрать?", Id, TrackingIdSource.Tag },
        { "[#ref К7М2Q9ХН4ТРА]", Id, TrackingIdSource.Tag }, // К, М, Х, Н, Т, Р, А are Cyrillic here
        // emoji and zero-width characters around and inside
        { "👋😊 [#ref K7M2Q9XH4TPA] 🛋️❤️", Id, TrackingIdSource.Tag },
        { "Hi 👍🏽[#ref K7M2Q9XH4TPA]👍🏽", Id, TrackingIdSource.Tag },
        { "Hi [#ref\u200B K7M2\u200DQ9XH4TPA]", Id, TrackingIdSource.Tag },
        // full-width characters from an East Asian keyboard
        { "［＃ｒｅｆ Ｋ７Ｍ２Ｑ９ＸＨ４ＴＰＡ］", Id, TrackingIdSource.Tag },
        // quoted back by WhatsApp's reply or a forwarded message
        { "> Hello! [#ref K7M2Q9XH4TPA]\nда, это я", Id, TrackingIdSource.Tag },
        // Telegram bot: /start with the payload, with the bot's name, with trailing spaces
        { "/start K7M2Q9XH4TPA", Id, TrackingIdSource.StartCommand },
        { "/start@ShopHelpBot K7M2Q9XH4TPA", Id, TrackingIdSource.StartCommand },
        { "  /start   k7m2q9xh4tpa  ", Id, TrackingIdSource.StartCommand },
        // the hash deleted: the keyword alone still counts when the id has the exact format
        { "ref k7m2q9xh4tpa", Id, TrackingIdSource.Tag },
        { "Здравствуйте! REF: K7M2Q9XH4TPA", Id, TrackingIdSource.Tag },
        { "[ref K7M2Q9XH4TPA] хочу диван", Id, TrackingIdSource.Tag },
        { "please refer to it, ref abc123", null, null },
        { "ref strengthened", null, null },
        // the #ref deleted, the id left as generated
        { "Здравствуйте, K7M2Q9XH4TPA, вопрос по заказу", Id, TrackingIdSource.BareToken },
        { "Hi! K7M2Q9XH4TPA]", Id, TrackingIdSource.BareToken },
        // no id at all: plain chats, a bare /start, ordinary words, phone numbers, a too-short tag
        { "Здравствуйте! Сколько стоит доставка?", null, null },
        { "/start", null, null },
        { "STRENGTHENED and strengthened", null, null },
        { "Мой телефон +7 900 123-45-67, перезвоните", null, null },
        { "Order 123456789012 please", null, null },
        { "#ref", null, null },
        { "[#ref ?]", null, null },
        { "[#ref AB]", null, null },
        { "#reference K7M2Q9XH4TPA-like words aside, nothing here", null, null },
        { "", null, null },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Finds_the_id_in_realistic_first_messages(string message, string? expected, TrackingIdSource? source)
    {
        var match = extractor.Find(message);
        Assert.Equal(expected, match?.TrackingId);
        Assert.Equal(source, match?.Source);
    }

    [Fact]
    public void Lowercase_bare_word_is_not_an_id_without_a_prefix()
    {
        Assert.Null(extractor.Find("hi k7m2q9xh4tpa"));
        var prefixed = new TrackingIdExtractor(new TrackingIdExtractorOptions { Format = new TrackingIdFormat("SHOP-") });
        Assert.Equal("SHOP-" + Id, prefixed.Find("hi shop-k7m2q9xh4tpa")?.TrackingId);
        Assert.Equal(TrackingIdSource.BareToken, prefixed.Find("hi shop-k7m2q9xh4tpa")?.Source);
    }

    [Fact]
    public void Two_different_tags_are_reported_as_ambiguous_with_both_candidates()
    {
        var match = extractor.Find("[#ref K7M2Q9XH4TPA] and also [#ref 23456789ABCD] and [#ref k7m2q9xh4tpa]");
        Assert.NotNull(match);
        Assert.True(match!.IsAmbiguous);
        Assert.Equal(new[] { Id, "23456789ABCD" }, match.Candidates.ToArray());
    }

    [Fact]
    public void A_tag_wins_over_a_bare_word()
    {
        var match = extractor.Find("23456789ABCD is my order, [#ref K7M2Q9XH4TPA]");
        Assert.Equal(Id, match?.TrackingId);
        Assert.False(match!.IsAmbiguous);
    }

    [Fact]
    public void Format_when_given_is_enforced_in_tags()
    {
        var strict = new TrackingIdExtractor(new TrackingIdExtractorOptions { Format = TrackingIdFormat.Default });
        Assert.Equal(Id, strict.Find("[#ref K7M2Q9XH4TPA]")?.TrackingId);
        Assert.Null(strict.Find("[#ref ABC123]"));              // wrong length
        Assert.Null(strict.Find("[#ref K7M2Q9XH4TP0]"));        // 0 is not in the alphabet
        Assert.Equal("ABC123", extractor.Find("[#ref ABC123]")?.TrackingId); // the loose default takes any id
    }

    [Fact]
    public void Custom_keyword_is_read_and_ref_is_then_ignored()
    {
        var custom = new TrackingIdExtractor(new TrackingIdExtractorOptions { TagKeyword = "order", FindBareTokens = false });
        Assert.Equal("ABC123", custom.Find("hi [#ORDER abc123]")?.TrackingId);
        Assert.Null(custom.Find("hi [#ref abc123]"));
    }

    [Fact]
    public void Case_sensitive_mode_keeps_case_and_does_not_fold_cyrillic()
    {
        var exact = new TrackingIdExtractor(new TrackingIdExtractorOptions { CaseSensitive = true });
        Assert.Equal("aB3_x-Yz", exact.Find("[#ref aB3_x-Yz]")?.TrackingId);
        Assert.Null(exact.Find("[#ref Кирилл]"));
        Assert.Equal("aB3_x-Yz", exact.FromStartParameter("aB3_x-Yz")?.TrackingId);
    }

    [Theory]
    [InlineData("K7M2Q9XH4TPA", Id)]
    [InlineData(" k7m2q9xh4tpa ", Id)]
    [InlineData("/start K7M2Q9XH4TPA", Id)]
    [InlineData("", null)]
    [InlineData("not valid!", null)]
    [InlineData("abc", null)]
    public void Start_parameter_or_viber_context_on_its_own(string payload, string? expected)
    {
        var match = extractor.FromStartParameter(payload);
        Assert.Equal(expected, match?.TrackingId);
        if (match is not null)
        {
            Assert.Equal(TrackingIdSource.StartParameter, match.Source);
        }
    }

    [Fact]
    public void Canonicalize_is_the_join_key()
    {
        Assert.Equal(Id, extractor.Canonicalize(" k7m2q9xh4tpa"));
        Assert.Equal(Id, extractor.Canonicalize("К7М2Q9ХН4ТРА"));
        Assert.Null(extractor.Canonicalize("K7M2 Q9XH"));
        Assert.Null(extractor.Canonicalize(new string('A', 65)));
    }
}
