using System.Globalization;
using MetricaChats.Internal;

namespace MetricaChats.Tests.Internal;

/// <summary>What PowerShell's own serializers make of a chat event comes back as that event's values.</summary>
public sealed class ChatRecordBuilderRoundTripTests
{
    [Theory]
    [InlineData(1, "WhatsApp")]
    [InlineData(2L, "Telegram")]
    [InlineData((short)3, "Viber")]
    public void The_number_ConvertTo_Json_writes_for_a_messenger_is_that_messenger(object number, string expected)
    {
        Assert.Equal(expected, ChatRecordBuilder.Platform(number));
    }

    [Theory]
    [InlineData("2", "2")]
    [InlineData(9, "9")]
    [InlineData(0, "0")]
    [InlineData("telegram", "telegram")]
    public void Text_and_numbers_that_are_no_messenger_stay_as_they_are(object value, string expected)
    {
        Assert.Equal(expected, ChatRecordBuilder.Platform(value));
    }

    [Fact]
    public void Export_Csv_time_text_of_the_current_culture_becomes_the_time()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("ru-RU");
            var time = new DateTimeOffset(2026, 11, 29, 21, 44, 44, TimeSpan.Zero);
            Assert.Equal(time, ChatRecordBuilder.Time(time.ToString(CultureInfo.CurrentCulture)));
            Assert.Equal("2026-11-29T21:44:44Z", ChatRecordBuilder.Time("2026-11-29T21:44:44Z"));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void A_DateTimeOffset_written_as_its_properties_comes_back_from_its_UtcTicks()
    {
        var time = new DateTimeOffset(2026, 11, 29, 21, 44, 44, TimeSpan.FromHours(3));
        var asObject = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["UtcTicks"] = time.UtcTicks, ["Day"] = 29 };
        Assert.Equal(time, ChatRecordBuilder.Time(asObject));

        var noTicks = new Dictionary<string, object?> { ["Day"] = 29 };
        Assert.Same(noTicks, ChatRecordBuilder.Time(noTicks));
    }
}
