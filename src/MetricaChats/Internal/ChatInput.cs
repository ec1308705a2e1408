using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using MetricaChats.Core.Chats;

namespace MetricaChats.Internal;

/// <summary>
/// The one input model of the chat cmdlets (New-MetricaChatEvent, Send-MetricaChatImport): an
/// input row is any object whose properties, or any dictionary whose keys, name chat fields
/// (by <see cref="ChatFieldAliases"/>), and an array given to <c>-InputObject</c> is taken item
/// by item, as the pipeline would take it.
/// </summary>
internal static class ChatInput
{
    /// <summary>The rows of an <c>-InputObject</c> value: each item of the bound array, nulls skipped.</summary>
    public static IEnumerable<PSObject> Items(PSObject?[]? input)
    {
        if (input is null)
        {
            yield break;
        }

        foreach (var item in input)
        {
            if (item is not null && item.BaseObject is not null)
            {
                yield return item;
            }
        }
    }

    /// <summary>The raw record of one input row (row <paramref name="rowNumber"/>).</summary>
    public static ChatRecord ToRecord(PSObject input, long rowNumber) => ChatRecordBuilder.FromValues(Values(input), rowNumber);

    /// <summary>The named values of a row: a dictionary's entries, else the object's readable properties, PSObject wrappers removed.</summary>
    public static IEnumerable<KeyValuePair<string, object?>> Values(PSObject input)
    {
        if (input is null)
        {
            throw new ArgumentNullException(nameof(input));
        }

        if (input.BaseObject is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (entry.Key is not null)
                {
                    yield return new KeyValuePair<string, object?>(entry.Key.ToString() ?? string.Empty, Unwrap(entry.Value));
                }
            }

            yield break;
        }

        foreach (var property in input.Properties)
        {
            object? value;
            try
            {
                value = property.IsGettable ? property.Value : null;
            }
            catch (GetValueException)
            {
                continue;
            }

            yield return new KeyValuePair<string, object?>(property.Name, Unwrap(value));
        }
    }

    /// <summary>The row number a row carries itself (a <c>RowNumber</c> property or key above 0, as a chat event has), or null.</summary>
    public static long? OwnRowNumber(PSObject input)
    {
        object? value;
        if (input.BaseObject is IDictionary dictionary)
        {
            value = dictionary.Contains("RowNumber") ? dictionary["RowNumber"] : null;
        }
        else
        {
            var property = input.Properties["RowNumber"];
            try
            {
                value = property is { IsGettable: true } ? property.Value : null;
            }
            catch (GetValueException)
            {
                value = null;
            }
        }

        value = Unwrap(value);
        if (value is null || (value is string text && text.Trim().Length == 0))
        {
            return null;
        }

        return LanguagePrimitives.TryConvertTo(value, CultureInfo.InvariantCulture, out long number) && number > 0 ? number : null;
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
