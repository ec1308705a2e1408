using MetricaChats.Core.Chats;
using Xunit;

namespace MetricaChats.Core.Tests.Chats;

public sealed class ChatIssueTests
{
    [Fact]
    public void A_field_issue_names_row_field_value_and_fix()
    {
        var issue = new ChatIssue(12, ChatField.ChatPlatform, "icq", "InvalidChatPlatform", "Not a messenger.", "Use whatsapp, telegram or viber.");
        Assert.Equal("Row 12, field ChatPlatform, value 'icq': Not a messenger. Fix: Use whatsapp, telegram or viber.", issue.ToString());
    }

    [Fact]
    public void A_missing_value_of_a_field_reads_as_empty()
    {
        var issue = new ChatIssue(3, ChatField.DateTime, null, "MissingDateTime", "No time.", "Add the time.");
        Assert.Equal("Row 3, field DateTime, value (empty): No time. Fix: Add the time.", issue.ToString());
    }

    [Fact]
    public void A_row_level_issue_names_no_field_and_no_value()
    {
        var issue = new ChatIssue(10, null, null, "MissingChatPartner", "No chat partner.", "Give one.", ChatIssueSeverity.Error);
        Assert.Equal("Row 10: No chat partner. Fix: Give one.", issue.ToString());
    }

    [Fact]
    public void An_unknown_row_shows_a_question_mark()
    {
        var issue = new ChatIssue(0, null, "x", "Code", "Message.", string.Empty);
        Assert.Equal("Row ?, value 'x': Message.", issue.ToString());
    }
}
