using System;
using System.Collections.Generic;
using MetricaChats.Core.Chats;

namespace MetricaChats.Internal;

/// <summary>
/// Builds a <see cref="ChatRecord"/> from named values (an object's properties, a hashtable):
/// names resolve to fields through Core's one alias table (<see cref="ChatFieldAliases"/>).
/// A value under the field's canonical name wins over one under an alias; otherwise the first
/// non-empty value wins. No PowerShell types: the cmdlets unwrap PSObjects first.
/// </summary>
internal static class ChatRecordBuilder
{
    /// <summary>Builds the record for row <paramref name="rowNumber"/> from <paramref name="values"/>.</summary>
    public static ChatRecord FromValues(IEnumerable<KeyValuePair<string, object?>> values, long rowNumber)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        var record = new ChatRecord { RowNumber = rowNumber };
        var fromCanonical = new HashSet<ChatField>();
        var set = new HashSet<ChatField>();
        foreach (var pair in values)
        {
            if (!ChatFieldAliases.TryResolve(pair.Key, out var field) || IsEmpty(pair.Value))
            {
                continue;
            }

            var canonical = string.Equals(pair.Key.Trim(), field.ToString(), StringComparison.OrdinalIgnoreCase);
            if (fromCanonical.Contains(field) || (set.Contains(field) && !canonical))
            {
                continue;
            }

            Set(record, field, pair.Value);
            set.Add(field);
            if (canonical)
            {
                fromCanonical.Add(field);
            }
        }

        return record;
    }

    /// <summary>Sets one field of <paramref name="record"/>; time, answered and revenue keep their type, the rest become text.</summary>
    public static void Set(ChatRecord record, ChatField field, object? value)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        switch (field)
        {
            case ChatField.DateTime: record.DateTime = value; break;
            case ChatField.ChatPlatform: record.ChatPlatform = Text(value); break;
            case ChatField.ChatUsername: record.ChatUsername = Text(value); break;
            case ChatField.ChatUserId: record.ChatUserId = Text(value); break;
            case ChatField.PhoneNumber: record.PhoneNumber = Text(value); break;
            case ChatField.ClientId: record.ClientId = Text(value); break;
            case ChatField.UserId: record.UserId = Text(value); break;
            case ChatField.Yclid: record.Yclid = Text(value); break;
            case ChatField.PurchaseId: record.PurchaseId = Text(value); break;
            case ChatField.Answered: record.Answered = value; break;
            case ChatField.Tag: record.Tag = Text(value); break;
            case ChatField.Revenue: record.Revenue = value; break;
            case ChatField.Currency: record.Currency = Text(value); break;
            case ChatField.Url: record.Url = Text(value); break;
            case ChatField.TrackerUrl: record.TrackerUrl = Text(value); break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "Not a chat field.");
        }
    }

    private static bool IsEmpty(object? value) => value is null || (value is string s && s.Trim().Length == 0);

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
