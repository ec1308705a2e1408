using MetricaChats.Core.Chats;
using Xunit;

namespace MetricaChats.Proof;

/// <summary>
/// Found by the mutation fuzz test: the normaliser accepted page URLs that System.Uri (and so the
/// sandbox, standing in for Metrica) refuses, so a row passed validation and was then dropped at
/// the server. A URL the normaliser accepts must parse as an absolute http(s) URL. (The engine
/// branch tightened the same rule in parallel; its version is the one kept, these cases pin it.)
/// </summary>
public sealed class UrlAgreementTests
{
    [Theory]
    [InlineData("https://tracker.example.-net/c/245")] // a label starting with a hyphen (the fuzz find)
    [InlineData("https://shop-.example.com/")]
    [InlineData("https://a..example.com/")]
    [InlineData("https://example.com:99999/")]
    [InlineData("https://example.com:8a/")]
    [InlineData("https://[zz]/")]
    [InlineData("https://a%20b.example.com/")]
    [InlineData("https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com/")] // a 64-character label
    public void A_url_that_does_not_parse_is_one_InvalidUrl_error(string url)
    {
        ChatNormalizeResult result = new ChatEventNormalizer(null).Normalize(Record(url));
        Assert.Null(result.Event);
        Assert.Equal(ChatIssueCodes.InvalidUrl, result.Error!.Code);
        Assert.Equal(ChatField.Url, result.Error.Field);
        Assert.StartsWith(url.Substring(0, Math.Min(30, url.Length)), result.Error.Value, StringComparison.Ordinal); // long values are shown shortened
    }

    [Theory]
    [InlineData("https://shop.example.com/p/1?utm_source=chat&x=1")]
    [InlineData("http://localhost:8080/")]
    [InlineData("https://1.2.3.4/")]
    [InlineData("https://[::1]/x")]
    [InlineData("https://пример.рф/страница")]
    [InlineData("https://xn--e1afmkfd.xn--p1ai/")]
    [InlineData("https://example.com./")]
    public void A_url_that_parses_is_kept(string url)
    {
        ChatNormalizeResult result = new ChatEventNormalizer(null).Normalize(Record(url));
        Assert.NotNull(result.Event);
        Assert.True(Uri.TryCreate(result.Event!.Url, UriKind.Absolute, out Uri? parsed));
        Assert.StartsWith("http", parsed!.Scheme, StringComparison.Ordinal);
    }

    private static ChatRecord Record(string url) => new()
    {
        RowNumber = 1,
        DateTime = DateTimeOffset.UtcNow.AddHours(-1),
        ChatPlatform = "telegram",
        ChatUsername = "ivan",
        Url = url,
    };
}
