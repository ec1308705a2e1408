using System.Globalization;
using MetricaChats.Internal;

namespace MetricaChats.Tests.Internal;

/// <summary>
/// A time goes back in the way PowerShell wrote it: DateTimeOffset.ToString() in the user's
/// culture (what Export-Csv writes), and nothing else is taken from the engine's reader.
/// </summary>
public sealed class PowerShellTimeTextTests
{
    public static TheoryData<string> Cultures() => new() { "en-US", "en-GB", "ru-RU", "de-DE", "fr-FR", "ja-JP", "zh-CN", "ar-SA", "" };

    [Theory]
    [MemberData(nameof(Cultures))]
    public void What_a_culture_writes_reads_back_as_the_same_instant(string name)
    {
        var culture = CultureInfo.GetCultureInfo(name);
        foreach (var time in new[] { new DateTimeOffset(2026, 11, 29, 21, 44, 44, TimeSpan.Zero), new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(3)) })
        {
            var text = time.ToString(culture);
            Assert.True(PowerShellTimeText.TryParse(text, culture, out var back), name + ": " + text);
            Assert.Equal(time, back);
            Assert.Equal(time.Offset, back.Offset);
        }
    }

    [Fact]
    public void The_invariant_form_reads_in_any_culture()
    {
        var time = new DateTimeOffset(2026, 11, 29, 21, 44, 44, TimeSpan.Zero);
        Assert.True(PowerShellTimeText.TryParse(time.ToString(CultureInfo.InvariantCulture), CultureInfo.GetCultureInfo("ru-RU"), out var back));
        Assert.Equal(time, back);
    }

    [Theory]
    [InlineData("2026-11-29T21:44:44Z")]
    [InlineData("29.11.2026 21:44:44")]
    [InlineData("29.11.2026 21:44")]
    [InlineData("1795991626")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_forms_are_left_to_the_engine(string? text)
    {
        Assert.False(PowerShellTimeText.TryParse(text, CultureInfo.GetCultureInfo("ru-RU"), out _));
    }

    [Fact]
    public void A_narrow_no_break_space_before_AM_PM_reads_like_a_space()
    {
        var culture = CultureInfo.GetCultureInfo("en-US");
        var time = new DateTimeOffset(2026, 11, 29, 21, 44, 44, TimeSpan.Zero);
        var text = time.ToString(culture);
        Assert.True(PowerShellTimeText.TryParse(text.Replace(" PM", "\u202FPM", StringComparison.Ordinal), culture, out var narrow));
        Assert.True(PowerShellTimeText.TryParse(text.Replace("\u202FPM", " PM", StringComparison.Ordinal), culture, out var plain));
        Assert.Equal(time, narrow);
        Assert.Equal(time, plain);
    }
}
