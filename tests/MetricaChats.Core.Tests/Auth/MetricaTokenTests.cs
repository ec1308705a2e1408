using System.Reflection;
using System.Runtime.InteropServices;
using System.Security;
using MetricaChats.Core.Auth;
using Xunit;

namespace MetricaChats.Core.Tests.Auth;

public class MetricaTokenTests
{
    private const string Token = TestTokens.A;

    [Fact]
    public void Trims_and_reveals_the_secret_only_through_the_internal_call()
    {
        using var token = MetricaToken.FromString("  " + Token + "\r\n");

        Assert.Equal(Token, token.Reveal());
        Assert.Equal(Token.Length, token.Length);
        Assert.Equal("MetricaToken(hidden)", token.ToString());
        LeakScanner.AssertNone(LeakScanner.ScanObject(Token, token, "token"));
    }

    [Fact]
    public void The_secret_is_not_held_as_plain_text_in_the_object()
    {
        using var token = MetricaToken.FromString(Token);

        // Every array and string the object holds, read by reflection: none spells the token.
        var fields = typeof(MetricaToken).GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        var held = new List<string>();
        foreach (var field in fields)
        {
            switch (field.GetValue(token))
            {
                case char[] chars:
                    held.Add(new string(chars));
                    break;
                case byte[] bytes:
                    held.Add(System.Text.Encoding.ASCII.GetString(bytes));
                    break;
                case string s:
                    held.Add(s);
                    break;
            }
        }

        Assert.True(held.Count >= 2, "expected the masked secret and its pad");
        LeakScanner.AssertNone(held.SelectMany(h => LeakScanner.ScanText(Token, h, "a field of MetricaToken")));
    }

    [Fact]
    public void Two_tokens_with_the_same_secret_are_masked_differently()
    {
        using var a = MetricaToken.FromString(Token);
        using var b = MetricaToken.FromString(Token);
        var masked = typeof(MetricaToken).GetField("_masked", BindingFlags.Instance | BindingFlags.NonPublic)!;

        Assert.NotEqual(new string((char[])masked.GetValue(a)!), new string((char[])masked.GetValue(b)!));
        Assert.True(a.SecretEquals(b));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n")]
    public void Refuses_an_empty_token(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => MetricaToken.FromString(text));
        Assert.Contains("empty", ex.Message);
    }

    [Theory]
    [InlineData(" inner space", 25)]
    [InlineData("\r\nX-Injected: 1", 25)]
    [InlineData("é", 25)]
    [InlineData("\u0000", 25)]
    public void Refuses_whitespace_control_and_non_ASCII_inside_without_echoing_it(string inserted, int position)
    {
        var text = Token.Substring(0, position - 1) + inserted + Token.Substring(position - 1);

        var ex = Assert.Throws<ArgumentException>(() => MetricaToken.FromString(text));

        Assert.Contains($"position {position}", ex.Message);
        LeakScanner.AssertNone(LeakScanner.ScanException(Token, ex));
    }

    [Fact]
    public void SecureString_round_trip()
    {
        using var secure = new SecureString();
        foreach (var c in Token)
        {
            secure.AppendChar(c);
        }

        using var token = MetricaToken.FromSecureString(secure);
        using var back = token.ToSecureString();
        var ptr = Marshal.SecureStringToGlobalAllocUnicode(back);
        try
        {
            Assert.Equal(Token, Marshal.PtrToStringUni(ptr, back.Length));
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(ptr);
        }
    }

    [Fact]
    public void Utf8_round_trip_and_refusal_of_non_ASCII_bytes()
    {
        using var token = MetricaToken.FromString(Token);
        var bytes = token.RevealUtf8();
        using var again = MetricaToken.FromUtf8(bytes);

        Assert.True(again.SecretEquals(token));
        Assert.Throws<ArgumentException>(() => MetricaToken.FromUtf8(new byte[] { 0x79, 0xC3, 0xA9 }));
    }

    [Fact]
    public void FromChars_clears_the_array_it_was_given()
    {
        var chars = ("  " + Token).ToCharArray();
        using var token = MetricaToken.FromChars(chars);

        Assert.All(chars, c => Assert.Equal('\0', c));

        var bad = "a b".ToCharArray();
        Assert.Throws<ArgumentException>(() => MetricaToken.FromChars(bad));
        Assert.All(bad, c => Assert.Equal('\0', c));
    }

    [Fact]
    public void SecretEquals_tells_different_tokens_apart()
    {
        using var a = MetricaToken.FromString(TestTokens.A);
        using var b = MetricaToken.FromString(TestTokens.B);
        using var prefix = MetricaToken.FromString(TestTokens.A.Substring(0, 20));

        Assert.False(a.SecretEquals(b));
        Assert.False(a.SecretEquals(prefix));
        Assert.False(a.SecretEquals(null!));
    }

    [Fact]
    public void A_clone_outlives_the_original()
    {
        var original = MetricaToken.FromString(Token);
        using var clone = original.Clone();
        original.Dispose();

        Assert.Equal(Token, clone.Reveal());
        var ex = Assert.Throws<ObjectDisposedException>(() => original.Reveal());
        LeakScanner.AssertNone(LeakScanner.ScanException(Token, ex));
        Assert.Throws<ObjectDisposedException>(() => original.Length);
        original.Dispose(); // twice is fine
    }
}
