using System.Globalization;
using System.Text;

namespace MetricaChats.Core.Chats;

/// <summary>How serious a <see cref="ChatIssue"/> is.</summary>
public enum ChatIssueSeverity
{
    /// <summary>The row is sent, but the user should know (unattributed, older than the join window).</summary>
    Warning = 1,

    /// <summary>The row is rejected and not sent.</summary>
    Error = 2,
}

/// <summary>
/// One problem with one input row, as data: both front ends show it in their own way.
/// </summary>
public sealed class ChatIssue
{
    /// <summary>Creates an issue.</summary>
    public ChatIssue(long rowNumber, ChatField? field, string? value, string code, string message, string fix, ChatIssueSeverity severity = ChatIssueSeverity.Error)
    {
        RowNumber = rowNumber;
        Field = field;
        Value = value;
        Code = code;
        Message = message;
        Fix = fix;
        Severity = severity;
    }

    /// <summary>1-based row in the source; 0 when unknown.</summary>
    public long RowNumber { get; }

    /// <summary>The field at fault, or null for the row as a whole.</summary>
    public ChatField? Field { get; }

    /// <summary>The offending value as text (shortened when very long), or null when missing.</summary>
    public string? Value { get; }

    /// <summary>Stable identifier, e.g. <c>InvalidChatPlatform</c>; PowerShell uses it as the error id.</summary>
    public string Code { get; }

    /// <summary>What is wrong, in one sentence.</summary>
    public string Message { get; }

    /// <summary>What to do about it.</summary>
    public string Fix { get; }

    /// <summary>Error (row rejected) or warning (row sent).</summary>
    public ChatIssueSeverity Severity { get; }

    /// <summary>"Row 12, field ChatPlatform, value 'icq': ... Fix: ...".</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("Row ").Append(RowNumber > 0 ? RowNumber.ToString(CultureInfo.InvariantCulture) : "?");
        if (Field is { } f)
        {
            sb.Append(", field ").Append(f);
        }

        // A row-level issue (no field, no value) names neither; a field's issue always names its value.
        if (Field is not null || Value is not null)
        {
            sb.Append(", value ").Append(Value is null ? "(empty)" : "'" + Value + "'");
        }

        sb.Append(": ").Append(Message);
        if (Fix.Length > 0)
        {
            sb.Append(" Fix: ").Append(Fix);
        }

        return sb.ToString();
    }
}
