using System;
using System.Collections.Generic;
using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Wire;

/// <summary>
/// THE one table of Metrica's chat CSV: per <see cref="ChatField"/>, the column name, its
/// formatting, whether it is always written and whether the name is confirmed. Column order
/// in files follows this table. Correcting a column name is a one-line change here; nothing
/// else in the code spells a column name.
/// </summary>
public static class ChatCsvSchema
{
    private static readonly ChatCsvColumn[] Table =
    {
        //  field                   column name         format                     required  confirmed
        new(ChatField.DateTime,     "DateTime",         ChatCsvFormat.UnixSeconds, true,     true),
        new(ChatField.ChatPlatform, "ChatPlatform",     ChatCsvFormat.Platform,    true,     true),
        new(ChatField.ChatUsername, "ChatUsername",     ChatCsvFormat.Text,        false,    true),
        new(ChatField.ChatUserId,   "ChatUserID",       ChatCsvFormat.Text,        false,    true),
        new(ChatField.PhoneNumber,  "PhoneNumber",      ChatCsvFormat.Text,        false,    true),
        new(ChatField.ClientId,     "ClientId",         ChatCsvFormat.Text,        false,    false),
        new(ChatField.UserId,       "UserId",           ChatCsvFormat.Text,        false,    false),
        new(ChatField.Yclid,        "Yclid",            ChatCsvFormat.Text,        false,    false),
        new(ChatField.PurchaseId,   "PurchaseId",       ChatCsvFormat.Text,        false,    false),
        new(ChatField.Answered,     "ChatAnswered",     ChatCsvFormat.Flag,        false,    false),
        new(ChatField.Tag,          "ChatTag",          ChatCsvFormat.Text,        false,    false),
        new(ChatField.Revenue,      "Price",            ChatCsvFormat.Decimal,     false,    false),
        new(ChatField.Currency,     "Currency",         ChatCsvFormat.Text,        false,    false),
        new(ChatField.Url,          "URL",              ChatCsvFormat.Text,        false,    false),
        new(ChatField.TrackerUrl,   "ChatTrackerURL",   ChatCsvFormat.Text,        false,    false),
    };

    private static readonly ChatCsvColumn?[] ByField = BuildIndex();

    /// <summary>Every column in file order.</summary>
    public static IReadOnlyList<ChatCsvColumn> Columns { get; } = Array.AsReadOnly(Table);

    /// <summary>The column of a field.</summary>
    /// <param name="field">The field.</param>
    /// <returns>Its column.</returns>
    public static ChatCsvColumn For(ChatField field)
    {
        var i = (int)field;
        return i >= 0 && i < ByField.Length && ByField[i] is { } column
            ? column
            : throw new ArgumentOutOfRangeException(nameof(field), field, "Not a defined ChatField.");
    }

    /// <summary>The header name of a field's column.</summary>
    /// <param name="field">The field.</param>
    /// <returns>The column name, e.g. <c>DateTime</c>.</returns>
    public static string ColumnName(ChatField field) => For(field).Name;

    /// <summary>The wire spelling of a messenger: <c>whatsapp</c>, <c>telegram</c> or <c>viber</c>.</summary>
    /// <param name="platform">The messenger.</param>
    /// <returns>Its lower-case wire value.</returns>
    public static string PlatformValue(ChatPlatform platform) => platform switch
    {
        ChatPlatform.WhatsApp => "whatsapp",
        ChatPlatform.Telegram => "telegram",
        ChatPlatform.Viber => "viber",
        _ => throw new ArgumentOutOfRangeException(nameof(platform), platform, "Not a defined ChatPlatform."),
    };

    /// <summary>True when the event has a value for the field (so the column is needed).</summary>
    /// <param name="chatEvent">The event.</param>
    /// <param name="field">The field.</param>
    /// <returns>Whether a value would be written.</returns>
    public static bool HasValue(ChatEvent chatEvent, ChatField field)
    {
        if (chatEvent is null)
        {
            throw new ArgumentNullException(nameof(chatEvent));
        }

        return field switch
        {
            ChatField.DateTime => true,
            ChatField.ChatPlatform => true,
            ChatField.ChatUsername => !string.IsNullOrEmpty(chatEvent.ChatUsername),
            ChatField.ChatUserId => !string.IsNullOrEmpty(chatEvent.ChatUserId),
            ChatField.PhoneNumber => !string.IsNullOrEmpty(chatEvent.PhoneNumber),
            ChatField.ClientId => !string.IsNullOrEmpty(chatEvent.ClientId),
            ChatField.UserId => !string.IsNullOrEmpty(chatEvent.UserId),
            ChatField.Yclid => !string.IsNullOrEmpty(chatEvent.Yclid),
            ChatField.PurchaseId => !string.IsNullOrEmpty(chatEvent.PurchaseId),
            ChatField.Answered => chatEvent.Answered.HasValue,
            ChatField.Tag => !string.IsNullOrEmpty(chatEvent.Tag),
            ChatField.Revenue => chatEvent.Revenue.HasValue,
            ChatField.Currency => !string.IsNullOrEmpty(chatEvent.Currency),
            ChatField.Url => !string.IsNullOrEmpty(chatEvent.Url),
            ChatField.TrackerUrl => !string.IsNullOrEmpty(chatEvent.TrackerUrl),
            _ => false,
        };
    }

    /// <summary>The columns a file of these events has: the required ones plus each optional one that at least one event uses, in table order.</summary>
    /// <param name="events">The events of one file.</param>
    /// <returns>The columns, in file order.</returns>
    public static IReadOnlyList<ChatCsvColumn> ColumnsFor(IEnumerable<ChatEvent> events)
    {
        if (events is null)
        {
            throw new ArgumentNullException(nameof(events));
        }

        var mask = RequiredMask;
        foreach (var e in events)
        {
            mask |= UsedMask(e);
        }

        return ColumnsOf(mask);
    }

    /// <summary>Bit (1 &lt;&lt; field) set of the always-written columns.</summary>
    internal static int RequiredMask { get; } = (1 << (int)ChatField.DateTime) | (1 << (int)ChatField.ChatPlatform);

    /// <summary>Bit set of the columns an event uses (required ones included).</summary>
    internal static int UsedMask(ChatEvent e)
    {
        var mask = RequiredMask;
        if (!string.IsNullOrEmpty(e.ChatUsername))
        {
            mask |= 1 << (int)ChatField.ChatUsername;
        }

        if (!string.IsNullOrEmpty(e.ChatUserId))
        {
            mask |= 1 << (int)ChatField.ChatUserId;
        }

        if (!string.IsNullOrEmpty(e.PhoneNumber))
        {
            mask |= 1 << (int)ChatField.PhoneNumber;
        }

        if (!string.IsNullOrEmpty(e.ClientId))
        {
            mask |= 1 << (int)ChatField.ClientId;
        }

        if (!string.IsNullOrEmpty(e.UserId))
        {
            mask |= 1 << (int)ChatField.UserId;
        }

        if (!string.IsNullOrEmpty(e.Yclid))
        {
            mask |= 1 << (int)ChatField.Yclid;
        }

        if (!string.IsNullOrEmpty(e.PurchaseId))
        {
            mask |= 1 << (int)ChatField.PurchaseId;
        }

        if (e.Answered.HasValue)
        {
            mask |= 1 << (int)ChatField.Answered;
        }

        if (!string.IsNullOrEmpty(e.Tag))
        {
            mask |= 1 << (int)ChatField.Tag;
        }

        if (e.Revenue.HasValue)
        {
            mask |= 1 << (int)ChatField.Revenue;
        }

        if (!string.IsNullOrEmpty(e.Currency))
        {
            mask |= 1 << (int)ChatField.Currency;
        }

        if (!string.IsNullOrEmpty(e.Url))
        {
            mask |= 1 << (int)ChatField.Url;
        }

        if (!string.IsNullOrEmpty(e.TrackerUrl))
        {
            mask |= 1 << (int)ChatField.TrackerUrl;
        }

        return mask;
    }

    /// <summary>The columns of a bit set, in table order.</summary>
    internal static IReadOnlyList<ChatCsvColumn> ColumnsOf(int mask)
    {
        var list = new List<ChatCsvColumn>(Table.Length);
        foreach (var column in Table)
        {
            if ((mask & (1 << (int)column.Field)) != 0)
            {
                list.Add(column);
            }
        }

        return list.AsReadOnly();
    }

    private static ChatCsvColumn?[] BuildIndex()
    {
        var max = 0;
        foreach (var column in Table)
        {
            max = Math.Max(max, (int)column.Field);
        }

        var index = new ChatCsvColumn?[max + 1];
        foreach (var column in Table)
        {
            index[(int)column.Field] = column;
        }

        return index;
    }
}
