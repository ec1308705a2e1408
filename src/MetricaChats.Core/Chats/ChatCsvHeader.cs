using System.Collections.Generic;

namespace MetricaChats.Core.Chats;

/// <summary>The header of a chat export CSV, as <see cref="ChatCsvReader"/> understood it.</summary>
public sealed class ChatCsvHeader
{
    internal ChatCsvHeader(char delimiter, IReadOnlyList<string> columns, IReadOnlyList<ChatField?> fields, IReadOnlyList<string> ignoredColumns, ChatIssue? warning)
    {
        Delimiter = delimiter;
        Columns = columns;
        Fields = fields;
        IgnoredColumns = ignoredColumns;
        Warning = warning;
    }

    /// <summary>The detected delimiter: <c>,</c>, <c>;</c> or tab.</summary>
    public char Delimiter { get; }

    /// <summary>The column names as written in the file (trimmed).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Per column, the field it maps to through <see cref="ChatFieldAliases"/>, or null when ignored.</summary>
    public IReadOnlyList<ChatField?> Fields { get; }

    /// <summary>Columns that are not chat fields; their values are ignored.</summary>
    public IReadOnlyList<string> IgnoredColumns { get; }

    /// <summary>A row-0 <see cref="ChatIssueCodes.UnknownColumns"/> warning when <see cref="IgnoredColumns"/> is not empty; reported once per file.</summary>
    public ChatIssue? Warning { get; }
}
