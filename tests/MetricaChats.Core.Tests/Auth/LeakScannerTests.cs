using System.Text;
using Xunit;
using Xunit.Sdk;

namespace MetricaChats.Core.Tests.Auth;

public class LeakScannerTests
{
    private const string Token = TestTokens.A;

    [Fact]
    public void Finds_the_whole_token_in_text()
    {
        var findings = LeakScanner.ScanText(Token, "Authorization: OAuth " + Token, "header");

        var f = Assert.Single(findings);
        Assert.Equal("the token", f.What);
        Assert.Equal(21, f.Offset);
    }

    [Fact]
    public void Finds_the_first_8_characters_alone()
    {
        var findings = LeakScanner.ScanText(Token, "token starts with " + Token.Substring(0, 8) + "...", "log");

        Assert.Equal("the token's first 8 characters", Assert.Single(findings).What);
    }

    [Fact]
    public void Clean_text_has_no_findings()
    {
        Assert.Empty(LeakScanner.ScanText(Token, "MetricaToken(hidden) y0_AgAA", "text"));
    }

    [Fact]
    public void Finds_the_token_in_UTF16_files_and_across_chunk_boundaries()
    {
        using var dir = new TestDirectory();
        var utf16 = Path.Combine(dir.Path, "utf16.txt");
        File.WriteAllText(utf16, "x" + Token, Encoding.Unicode);
        var big = Path.Combine(dir.Path, "sub", "big.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(big)!);
        var bytes = new byte[(64 * 1024) - 10];
        var all = bytes.Concat(Encoding.UTF8.GetBytes(Token)).Concat(new byte[100]).ToArray();
        File.WriteAllBytes(big, all);

        var findings = LeakScanner.ScanDirectory(Token, dir.Path);

        Assert.Contains(findings, f => f.Where == utf16 && f.Encoding == "UTF-16LE" && f.What == "the token");
        Assert.Contains(findings, f => f.Where == big && f.Encoding == "UTF-8" && f.Offset == bytes.Length && f.What == "the token");
    }

    [Fact]
    public void Scans_exceptions_including_inner_ones_and_data()
    {
        var inner = new InvalidOperationException("bad header OAuth " + Token);
        var outer = new Exception("outer", inner);
        var withData = new Exception("clean");
        withData.Data["h"] = Token.Substring(0, 8);

        Assert.Contains(LeakScanner.ScanException(Token, outer), f => f.Where.Contains("inner #1"));
        Assert.NotEmpty(LeakScanner.ScanException(Token, withData));
        Assert.Empty(LeakScanner.ScanException(Token, new Exception("nothing here")));
    }

    [Fact]
    public void Scans_object_properties()
    {
        var leaky = new { Name = "x", Header = "OAuth " + Token };
        Assert.Contains(LeakScanner.ScanObject(Token, leaky, "obj"), f => f.Where == "obj.Header" || f.Where == "obj ToString");
    }

    [Fact]
    public void Assertion_message_names_the_place_but_not_the_token()
    {
        var ex = Assert.Throws<XunitException>(() => LeakScanner.AssertNoLeak(Token, ("stdout", "here " + Token)));

        Assert.Contains("stdout", ex.Message);
        Assert.DoesNotContain(Token.Substring(0, 8), ex.Message);
    }
}
