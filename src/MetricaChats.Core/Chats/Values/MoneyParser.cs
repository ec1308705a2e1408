using System;
using System.Globalization;

namespace MetricaChats.Core.Chats.Values;

/// <summary>
/// Reads amounts: any .NET number, or text of digits with one <c>.</c> or <c>,</c> as the decimal
/// separator, an optional sign, and spaces as thousands grouping (a space, a no-break space
/// U+00A0, a narrow U+202F or thin U+2009 no-break space, as Excel and Russian exports write
/// <c>12 000,00</c>). Culture-independent: one separator is always the decimal separator.
/// </summary>
internal static class MoneyParser
{
    /// <summary>null: no value; false: not a number; true: a number in <paramref name="amount"/>.</summary>
    public static bool? TryGet(object? value, out decimal amount)
    {
        amount = 0;
        switch (value)
        {
            case null:
                return null;
            case decimal m:
                amount = m;
                return true;
            case int or long or short or byte or sbyte or uint or ulong or ushort:
                amount = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                return true;
            case double or float:
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) > 7.9e27)
                {
                    return false;
                }

                amount = (decimal)d;
                return true;
            case string s:
                return Parse(s, out amount);
            default:
                return Parse(Convert.ToString(value, CultureInfo.InvariantCulture), out amount);
        }
    }

    /// <summary>Digits with one optional '.' or ',' decimal separator; spaces inside the whole part are grouping.</summary>
    public static bool? Parse(string? s, out decimal amount)
    {
        amount = 0;
        if (s is null)
        {
            return null;
        }

        var i = 0;
        var end = s.Length;
        while (i < end && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        while (end > i && char.IsWhiteSpace(s[end - 1]))
        {
            end--;
        }

        if (i == end)
        {
            return null;
        }

        var negative = false;
        if (s[i] == '-' || s[i] == '+')
        {
            negative = s[i] == '-';
            i++;
        }

        ulong mantissa = 0;
        var digits = 0;
        var scale = 0;
        var separator = false;
        var lastWasDigit = false;
        for (; i < end; i++)
        {
            var c = s[i];
            if (c >= '0' && c <= '9')
            {
                if (digits == 0 && c == '0' && !separator)
                {
                    lastWasDigit = true;
                    continue; // leading zero
                }

                if (digits >= 19)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + (ulong)(c - '0');
                digits++;
                if (separator)
                {
                    scale++;
                }

                lastWasDigit = true;
            }
            else if ((c == '.' || c == ',') && !separator)
            {
                separator = true;
                lastWasDigit = false;
            }
            else if (IsGroupSpace(c) && lastWasDigit && !separator)
            {
                // thousands grouping: "12 000,00"
            }
            else
            {
                return false;
            }
        }

        if (!lastWasDigit)
        {
            return false; // "", "-", "12." or "1 "
        }

        amount = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative && mantissa != 0, (byte)scale);
        return true;
    }

    private static bool IsGroupSpace(char c) => c == ' ' || c == '\u00a0' || c == '\u202f' || c == '\u2009';
}
