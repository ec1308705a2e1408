using MetricaChats.Core.Linking;
using Xunit;

namespace MetricaChats.Core.Tests.Linking;

public class TrackingIdGeneratorTests
{
    [Fact]
    public void One_million_default_ids_are_all_different()
    {
        using var generator = new TrackingIdGenerator();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 1_000_000; i++)
        {
            var id = generator.Next();
            if (!seen.Add(id))
            {
                Assert.Fail($"id {id} repeated after {i} ids");
            }
        }

        Assert.Equal(1_000_000, seen.Count);
    }

    [Fact]
    public void Ids_use_only_the_alphabet_and_every_character_of_it_roughly_evenly()
    {
        using var generator = new TrackingIdGenerator();
        var counts = new Dictionary<char, int>();
        const int ids = 20_000;
        for (var i = 0; i < ids; i++)
        {
            var id = generator.Next();
            if (id.Length != TrackingIdFormat.DefaultLength || !TrackingIdFormat.Default.IsMatch(id))
            {
                Assert.Fail($"id {id} is not 12 alphabet characters");
            }

            foreach (var c in id)
            {
                counts[c] = counts.TryGetValue(c, out var n) ? n + 1 : 1;
            }
        }

        // 240,000 characters over 31 symbols: about 7,742 each; a biased generator (e.g. modulo bias) or a
        // missing symbol would fall far outside +-10%.
        Assert.Equal(31, counts.Count);
        Assert.All(counts.Keys, c => Assert.Contains(c, TrackingIdFormat.Alphabet));
        var expected = ids * TrackingIdFormat.DefaultLength / 31.0;
        Assert.All(counts.Values, n => Assert.InRange(n, expected * 0.9, expected * 1.1));
    }

    [Fact]
    public void Alphabet_has_no_look_alikes_and_is_valid_for_telegram()
    {
        Assert.Equal(31, TrackingIdFormat.Alphabet.Length);
        Assert.Equal(31, TrackingIdFormat.Alphabet.Distinct().Count());
        foreach (var c in "01OIL")
        {
            Assert.DoesNotContain(c, TrackingIdFormat.Alphabet);
        }

        Assert.True(TrackingIdFormat.IsValidStartParameter(TrackingIdFormat.Alphabet));
    }

    [Fact]
    public void Prefix_is_kept_in_upper_case_and_counted_in_the_length()
    {
        var format = new TrackingIdFormat("shop-", 10);
        using var generator = new TrackingIdGenerator(format);
        var id = generator.Next();
        Assert.StartsWith("SHOP-", id, StringComparison.Ordinal);
        Assert.Equal(15, id.Length);
        Assert.True(format.IsMatch(id));
        Assert.True(TrackingIdFormat.IsValidStartParameter(id));
    }

    [Fact]
    public void Static_NewId_gives_the_default_format()
    {
        var a = TrackingIdGenerator.NewId();
        var b = TrackingIdGenerator.NewId();
        Assert.NotEqual(a, b);
        Assert.True(TrackingIdFormat.Default.IsMatch(a));
        Assert.True(new TrackingIdFormat("X_", 8).IsMatch(TrackingIdGenerator.NewId(new TrackingIdFormat("x_", 8))));
    }

    [Theory]
    [InlineData("shop ", "character ' '")]
    [InlineData("магазин", "character 'м'")]
    [InlineData("a.b", "character '.'")]
    public void Bad_prefix_is_refused_with_the_character_named(string prefix, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => new TrackingIdFormat(prefix));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_short_or_too_long_is_refused()
    {
        Assert.Contains("too short", Assert.Throws<ArgumentException>(() => new TrackingIdFormat(null, 5)).Message, StringComparison.Ordinal);
        var ex = Assert.Throws<ArgumentException>(() => new TrackingIdFormat(new string('P', 60), 6));
        Assert.Contains("limit of 64", ex.Message, StringComparison.Ordinal);
        Assert.Equal(64, new TrackingIdFormat(new string('P', 58), 6).TotalLength);
    }

    [Fact]
    public void Format_match_checks_prefix_length_and_alphabet()
    {
        var f = TrackingIdFormat.Default;
        Assert.True(f.IsMatch("K7M2Q9XH4TPA"));
        Assert.False(f.IsMatch("K7M2Q9XH4TP"));   // short
        Assert.False(f.IsMatch("K7M2Q9XH4TPO"));  // O is not in the alphabet
        Assert.False(f.IsMatch("k7m2q9xh4tpa"));  // canonical form is upper case
        Assert.False(f.IsMatch(null));
        Assert.InRange(f.EntropyBits, 59, 60);
    }
}
