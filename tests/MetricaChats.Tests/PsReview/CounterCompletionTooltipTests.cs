using MetricaChats.Completion;
using MetricaChats.Core.Api;

namespace MetricaChats.Tests.PsReview;

/// <summary>
/// The -CounterId completion's tooltip. PowerShell's CompletionResult refuses an empty tooltip
/// (ArgumentException), which would end the completion of every counter.
/// </summary>
public sealed class CounterCompletionTooltipTests
{
    [Theory]
    [InlineData("Shop", "shop.example", "Shop (shop.example)")]
    [InlineData("Shop", "", "Shop")]
    [InlineData("", "shop.example", "shop.example")]
    [InlineData("", "", "counter 12345")]
    public void The_tooltip_names_the_counter_and_is_never_empty(string name, string site, string expected)
    {
        var counter = new MetricaCounter { Id = 12345, Name = name, Site = site };

        Assert.Equal(expected, CounterCompletionCache.Tooltip(counter));
    }
}
