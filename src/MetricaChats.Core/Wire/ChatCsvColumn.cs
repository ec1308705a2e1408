using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Wire;

/// <summary>How a field's value is spelt in the chat CSV.</summary>
public enum ChatCsvFormat
{
    /// <summary>Whole Unix seconds, UTC (e.g. <c>1700000000</c>).</summary>
    UnixSeconds = 1,

    /// <summary>The messenger in lower case: <c>whatsapp</c>, <c>telegram</c>, <c>viber</c>.</summary>
    Platform,

    /// <summary>Text, quoted per RFC 4180 when it holds a comma or a quote.</summary>
    Text,

    /// <summary><c>1</c> or <c>0</c>.</summary>
    Flag,

    /// <summary>Invariant decimal with <c>.</c> as separator, no grouping (e.g. <c>1500.50</c>).</summary>
    Decimal,
}

/// <summary>One column of Metrica's chat CSV: which field, its header name, how it is spelt.</summary>
public sealed class ChatCsvColumn
{
    internal ChatCsvColumn(ChatField field, string name, ChatCsvFormat format, bool isRequired, bool isConfirmed)
    {
        Field = field;
        Name = name;
        Format = format;
        IsRequired = isRequired;
        IsConfirmed = isConfirmed;
    }

    /// <summary>The field.</summary>
    public ChatField Field { get; }

    /// <summary>The header name Metrica expects.</summary>
    public string Name { get; }

    /// <summary>How values are spelt.</summary>
    public ChatCsvFormat Format { get; }

    /// <summary>True when the column is written in every file (<c>DateTime</c>, <c>ChatPlatform</c>); other columns appear only when a row of the batch uses them.</summary>
    public bool IsRequired { get; }

    /// <summary>True when the name is confirmed by Metrica's documentation; false when provisional (see docs/metrica-api.md).</summary>
    public bool IsConfirmed { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
