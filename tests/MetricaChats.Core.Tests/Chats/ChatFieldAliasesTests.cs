using MetricaChats.Core.Chats;
using Xunit;

namespace MetricaChats.Core.Tests.Chats;

public class ChatFieldAliasesTests
{
    public static TheoryData<string, ChatField> KnownNames => new()
    {
        { "Timestamp", ChatField.DateTime },
        { "date", ChatField.DateTime },
        { "TIME", ChatField.DateTime },
        { "Messenger", ChatField.ChatPlatform },
        { "platform", ChatField.ChatPlatform },
        { "Channel", ChatField.ChatPlatform },
        { "Phone", ChatField.PhoneNumber },
        { "Username", ChatField.ChatUsername },
        { "Login", ChatField.ChatUsername },
        { "ClientID", ChatField.ClientId },
        { "_ym_uid", ChatField.ClientId },
        { "yclid", ChatField.Yclid },
        { "Revenue", ChatField.Revenue },
        { "Amount", ChatField.Revenue },
        { "Sum", ChatField.Revenue },
        { "Price", ChatField.Revenue },
        { "Url", ChatField.Url },
        { "URL", ChatField.Url },
        { "Page", ChatField.Url },
        { "Link", ChatField.Url },
        { "ChatTrackerURL", ChatField.TrackerUrl },
        { "ChatUserID", ChatField.ChatUserId },
        { "user_id", ChatField.UserId },
        { "OrderId", ChatField.PurchaseId },
        { "ChatAnswered", ChatField.Answered },
        { "ChatTag", ChatField.Tag },
        { "  Currency  ", ChatField.Currency },
        { "Телефон", ChatField.PhoneNumber },
    };

    [Theory]
    [MemberData(nameof(KnownNames))]
    public void Resolves_common_export_names_ignoring_case(string name, ChatField expected)
    {
        Assert.True(ChatFieldAliases.TryResolve(name, out var field));
        Assert.Equal(expected, field);
    }

    [Theory]
    [InlineData("Comment")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Date Time Zone")]
    public void Unknown_names_do_not_resolve(string? name)
    {
        Assert.False(ChatFieldAliases.TryResolve(name, out _));
    }

    [Fact]
    public void Every_field_has_names_with_the_canonical_name_first()
    {
        foreach (var field in Enum.GetValues<ChatField>())
        {
            var names = ChatFieldAliases.NamesOf(field);
            Assert.Equal(field.ToString(), names[0]);
            Assert.Equal(names.Count - 1, ChatFieldAliases.AliasesOf(field).Count);
            foreach (var name in names)
            {
                Assert.True(ChatFieldAliases.TryResolve(name, out var back), name);
                Assert.Equal(field, back);
            }
        }
    }

    [Fact]
    public void Canonical_names_match_the_ChatRecord_properties()
    {
        foreach (var field in Enum.GetValues<ChatField>())
        {
            Assert.NotNull(typeof(ChatRecord).GetProperty(ChatFieldAliases.NamesOf(field)[0]));
        }
    }

    [Fact]
    public void No_name_appears_under_two_fields_even_ignoring_case()
    {
        var all = ChatFieldAliases.All.SelectMany(p => p.Value).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(Enum.GetValues<ChatField>().Length, ChatFieldAliases.All.Count);
    }

    [Fact]
    public void Wire_column_names_are_accepted_as_input_names_too()
    {
        foreach (var column in Core.Wire.ChatCsvSchema.Columns)
        {
            Assert.True(ChatFieldAliases.TryResolve(column.Name, out var field), column.Name);
            Assert.Equal(column.Field, field);
        }
    }

    [Fact]
    public void NamesOf_rejects_undefined_fields()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChatFieldAliases.NamesOf((ChatField)99));
    }
}
