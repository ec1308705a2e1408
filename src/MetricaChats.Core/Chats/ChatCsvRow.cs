namespace MetricaChats.Core.Chats;

/// <summary>One data row of a chat export CSV: a record, or the issue that made the reader skip it.</summary>
public sealed class ChatCsvRow
{
    internal ChatCsvRow(long rowNumber, ChatRecord? record, ChatIssue? issue)
    {
        RowNumber = rowNumber;
        Record = record;
        Issue = issue;
    }

    /// <summary>1-based data row number (the header is row 0; a spreadsheet shows it as line RowNumber + 1).</summary>
    public long RowNumber { get; }

    /// <summary>The record, or null when the row could not be read.</summary>
    public ChatRecord? Record { get; }

    /// <summary>The single error of a skipped row, or null.</summary>
    public ChatIssue? Issue { get; }
}
