using System.IO;
using System.Management.Automation;
using MetricaChats.Core.Chats;

namespace MetricaChats;

/// <summary>Turns a row's <see cref="ChatIssue"/> into the PowerShell error both chat cmdlets write.</summary>
internal static class ChatIssueErrors
{
    /// <summary>
    /// A non-terminating error for a rejected row: id = the issue's stable code
    /// (<c>InvalidChatPlatform</c>, ...), category InvalidData, target = the input row, message
    /// naming row, field and value, and the fix as recommended action.
    /// </summary>
    public static ErrorRecord Create(ChatIssue issue, object? target)
    {
        var text = issue.ToString();
        return new ErrorRecord(new InvalidDataException(text), issue.Code, ErrorCategory.InvalidData, target)
        {
            ErrorDetails = new ErrorDetails(text) { RecommendedAction = issue.Fix },
        };
    }
}
