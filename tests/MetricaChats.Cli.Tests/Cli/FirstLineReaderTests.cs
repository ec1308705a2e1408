using Xunit;

namespace MetricaChats.Cli.Tests.Cli;

public sealed class FirstLineReaderTests
{
    [Theory]
    [InlineData("tok123\nDateTime,ChatPlatform\n", "tok123", "DateTime,ChatPlatform\n")]
    [InlineData("tok123\r\nrest", "tok123", "rest")]
    [InlineData("tok123", "tok123", "")]
    [InlineData("\nrest", "", "rest")]
    public void Reads_the_first_line_only_and_leaves_the_rest(string input, string first, string rest)
    {
        var inner = new StringReader(input);
        var reader = new FirstLineReader(inner);
        Assert.Equal(first, reader.ReadToEnd());
        Assert.Equal(-1, reader.Read());
        Assert.Equal(rest, inner.ReadToEnd());
    }
}
