using MetricaChats.Core.Chats;
using MetricaChats.Core.Wire;
using Xunit;

namespace MetricaChats.Core.Tests.Wire;

public class ChatCsvSchemaTests
{
    [Fact]
    public void Every_field_has_exactly_one_column()
    {
        var fields = Enum.GetValues<ChatField>();
        Assert.Equal(fields.Length, ChatCsvSchema.Columns.Count);
        Assert.Equal(fields.OrderBy(f => f), ChatCsvSchema.Columns.Select(c => c.Field));
        Assert.Equal(ChatCsvSchema.Columns.Count, ChatCsvSchema.Columns.Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var f in fields)
        {
            Assert.Equal(f, ChatCsvSchema.For(f).Field);
            Assert.Equal(ChatCsvSchema.For(f).Name, ChatCsvSchema.ColumnName(f));
        }
    }

    [Theory]
    [InlineData(ChatField.DateTime, "DateTime", true, true)]
    [InlineData(ChatField.ChatPlatform, "ChatPlatform", true, true)]
    [InlineData(ChatField.ChatUsername, "ChatUsername", false, true)]
    [InlineData(ChatField.ChatUserId, "ChatUserID", false, true)]
    [InlineData(ChatField.PhoneNumber, "PhoneNumber", false, true)]
    [InlineData(ChatField.ClientId, "ClientId", false, false)]
    [InlineData(ChatField.UserId, "UserId", false, false)]
    [InlineData(ChatField.Yclid, "Yclid", false, false)]
    [InlineData(ChatField.PurchaseId, "PurchaseId", false, false)]
    [InlineData(ChatField.Answered, "ChatAnswered", false, false)]
    [InlineData(ChatField.Tag, "ChatTag", false, false)]
    [InlineData(ChatField.Revenue, "Price", false, false)]
    [InlineData(ChatField.Currency, "Currency", false, false)]
    [InlineData(ChatField.Url, "URL", false, false)]
    [InlineData(ChatField.TrackerUrl, "ChatTrackerURL", false, false)]
    public void Column_names_follow_the_api_reference_and_team_decisions(ChatField field, string name, bool required, bool confirmed)
    {
        var c = ChatCsvSchema.For(field);
        Assert.Equal(name, c.Name);
        Assert.Equal(required, c.IsRequired);
        Assert.Equal(confirmed, c.IsConfirmed);
        Assert.Equal(name, c.ToString());
    }

    [Fact]
    public void Platform_wire_values_are_lower_case()
    {
        Assert.Equal("whatsapp", ChatCsvSchema.PlatformValue(ChatPlatform.WhatsApp));
        Assert.Equal("telegram", ChatCsvSchema.PlatformValue(ChatPlatform.Telegram));
        Assert.Equal("viber", ChatCsvSchema.PlatformValue(ChatPlatform.Viber));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChatCsvSchema.PlatformValue((ChatPlatform)0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChatCsvSchema.For((ChatField)0));
    }

    [Fact]
    public void ColumnsFor_is_required_plus_used_in_table_order()
    {
        var t = DateTimeOffset.FromUnixTimeSeconds(1795168800);
        var a = new ChatEvent { DateTime = t, ChatPlatform = ChatPlatform.Telegram, Url = "https://e.com" };
        var b = new ChatEvent { DateTime = t, ChatPlatform = ChatPlatform.Telegram, PhoneNumber = "+79161234567", Revenue = 0m };
        Assert.Equal(new[] { "DateTime", "ChatPlatform", "PhoneNumber", "Price", "URL" }, ChatCsvSchema.ColumnsFor(new[] { a, b }).Select(c => c.Name));
        Assert.Equal(new[] { "DateTime", "ChatPlatform" }, ChatCsvSchema.ColumnsFor(Array.Empty<ChatEvent>()).Select(c => c.Name));
        Assert.True(ChatCsvSchema.HasValue(b, ChatField.Revenue));
        Assert.False(ChatCsvSchema.HasValue(b, ChatField.Url));
        Assert.True(ChatCsvSchema.HasValue(a, ChatField.DateTime));
    }
}
