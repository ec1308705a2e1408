using MetricaChats.Core.Auth;
using Xunit;

namespace MetricaChats.Core.Tests.Auth;

public class TokenInputTests
{
    private const string Token = TestTokens.A;

    [Theory]
    [InlineData("{0}")]
    [InlineData("{0}\n")]
    [InlineData("  {0}\r\n\r\n")]
    public void Reads_standard_input_and_trims_it(string format)
    {
        using var token = TokenInput.ReadFrom(new StringReader(string.Format(format, Token)));

        Assert.Equal(Token, token.Reveal());
    }

    [Fact]
    public void Reads_long_input_in_several_reads()
    {
        var longToken = new string('a', 3000);
        using var token = TokenInput.ReadFrom(new StringReader(longToken + "\n"));

        Assert.Equal(3000, token.Length);
    }

    [Fact]
    public void Refuses_empty_input()
    {
        var ex = Assert.Throws<MetricaAuthException>(() => TokenInput.ReadFrom(new StringReader("\n")));

        Assert.Equal(AuthErrorIds.InvalidToken, ex.ErrorId);
        Assert.Contains("standard input", ex.Message);
    }

    [Fact]
    public void Refuses_two_lines_without_echoing_either()
    {
        var ex = Assert.Throws<MetricaAuthException>(() => TokenInput.ReadFrom(new StringReader(Token + "\n" + TestTokens.B + "\n")));

        Assert.Equal(AuthErrorIds.InvalidToken, ex.ErrorId);
        LeakScanner.AssertNone(LeakScanner.ScanException(Token, ex));
        LeakScanner.AssertNone(LeakScanner.ScanException(TestTokens.B, ex));
    }

    [Fact]
    public void Refuses_input_longer_than_the_limit()
    {
        var ex = Assert.Throws<MetricaAuthException>(() => TokenInput.ReadFrom(new StringReader(new string('a', TokenInput.MaxInputLength + 1))));

        Assert.Contains("more than", ex.Message);
    }

    [Fact]
    public void Environment_variable_unset_or_blank_gives_no_token()
    {
        Assert.Null(TokenInput.FromEnvironment(_ => null));
        Assert.Null(TokenInput.FromEnvironment(_ => "  "));
    }

    [Fact]
    public void Environment_variable_is_read_by_its_documented_name()
    {
        using var token = TokenInput.FromEnvironment(name => name == "METRICA_TOKEN" ? Token + "\n" : null);

        Assert.Equal(Token, token!.Reveal());
    }

    [Fact]
    public void A_malformed_environment_variable_is_named_but_not_shown()
    {
        var ex = Assert.Throws<MetricaAuthException>(() => TokenInput.FromEnvironment(_ => "OAuth " + Token));

        Assert.Contains("METRICA_TOKEN", ex.Message);
        Assert.Contains("position 6", ex.Message);
        LeakScanner.AssertNone(LeakScanner.ScanException(Token, ex));
    }
}
