using MetricaChats.Core.Chats;
using Xunit;

namespace MetricaChats.Core.Tests.Chats;

public class ChatEventTests
{
    [Fact]
    public void Nullable_values_round_trip_through_the_compact_storage()
    {
        var none = new ChatEvent();
        Assert.Null(none.Answered);
        Assert.Null(none.Revenue);

        var e = new ChatEvent { Answered = false, Revenue = 0m };
        Assert.False(e.Answered);
        Assert.Equal(0m, e.Revenue);

        var f = new ChatEvent { Answered = true, Revenue = 12.345m };
        Assert.True(f.Answered);
        Assert.Equal(12.345m, f.Revenue);

        var g = new ChatEvent { Revenue = 1m, Answered = true };
        var h = new ChatEvent { Revenue = null, Answered = null };
        Assert.Equal(1m, g.Revenue);
        Assert.True(g.Answered);
        Assert.Null(h.Revenue);
        Assert.Null(h.Answered);
    }

    [Fact]
    public void DateTime_is_kept_as_the_same_instant_in_utc()
    {
        var e = new ChatEvent { DateTime = new DateTimeOffset(2026, 11, 20, 13, 0, 0, 500, TimeSpan.FromHours(3)) };
        Assert.Equal(TimeSpan.Zero, e.DateTime.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, 500, TimeSpan.Zero), e.DateTime);
        Assert.Equal(1795168800, e.UnixTime);
    }

    [Fact]
    public void ToString_shows_no_personal_data()
    {
        var e = new ChatEvent { RowNumber = 3, ChatPlatform = ChatPlatform.Viber, PhoneNumber = "+79161234567", ChatUsername = "ivan" };
        var text = e.ToString();
        Assert.DoesNotContain("7916", text);
        Assert.DoesNotContain("ivan", text);
        Assert.Contains("row 3", text);
        Assert.Contains("unattributed", text);
    }
}
