using System;
using System.Collections.Generic;
using System.Globalization;
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
            case ChatField.DateTime: record.DateTime = Time(value); break;
            case ChatField.ChatPlatform: record.ChatPlatform = Platform(value); break;
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

    /// <summary>
    /// A time as PowerShell hands it over: text in the form PowerShell writes a DateTimeOffset in
    /// the current culture (what Export-Csv wrote, <see cref="PowerShellTimeText"/>) becomes that
    /// time; a DateTimeOffset that Windows PowerShell 5.1's ConvertTo-Json wrote as an object of
    /// its properties comes back from its UtcTicks. Anything else goes to the engine's reader as is.
    /// </summary>
    internal static object? Time(object? value)
    {
        if (value is string s && PowerShellTimeText.TryParse(s, CultureInfo.CurrentCulture, out var time))
        {
            return time;
        }

        if (value is IDictionary<string, object?> properties && properties.TryGetValue("UtcTicks", out var ticks) && ticks is long or int or decimal)
        {
            var utcTicks = Convert.ToDecimal(ticks, CultureInfo.InvariantCulture);
            if (utcTicks >= DateTimeOffset.MinValue.UtcTicks && utcTicks <= DateTimeOffset.MaxValue.UtcTicks && decimal.Truncate(utcTicks) == utcTicks)
            {
                return new DateTimeOffset((long)utcTicks, TimeSpan.Zero);
            }
        }

        return value;
    }

    /// <summary>
    /// A messenger as PowerShell hands it over: ConvertTo-Json writes the ChatPlatform of an event
    /// as its number (1, 2, 3), so a whole number that is a <see cref="ChatPlatform"/> value means
    /// that messenger. Text is never read as a number ("2" in a CSV stays an unknown messenger).
    /// </summary>
    internal static string? Platform(object? value)
    {
        if (value is int or long or short or byte)
        {
            var number = Convert.ToInt64(value, CultureInfo.InvariantCulture);
            if (number is >= int.MinValue and <= int.MaxValue && Enum.IsDefined(typeof(ChatPlatform), (int)number))
            {
                return ((ChatPlatform)(int)number).ToString();
            }
        }

        return Text(value);
    }

    private static bool IsEmpty(object? value) => value is null || (value is string s && s.Trim().Length == 0);

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
