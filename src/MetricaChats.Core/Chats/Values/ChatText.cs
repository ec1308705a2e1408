using System;
using System.Globalization;
using System.Text;

namespace MetricaChats.Core.Chats.Values;

/// <summary>
/// Text helpers every value parser shares: cleaning a raw value, and showing a value inside an
/// issue (shortened, control characters made visible).
/// </summary>
internal static class ChatText
{
    /// <summary>
    /// Trims a text value and removes control characters (line breaks and tabs become one
    /// space; other controls, zero-width spaces and stray BOMs are dropped). Null when nothing
    /// is left; the same instance when nothing needed changing.
    /// </summary>
    public static string? Clean(string? value)
    {
        if (value is null || value.Length == 0)
        {
            return null;
        }

        var dirty = char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[value.Length - 1]);
        if (!dirty)
        {
            foreach (var c in value)
            {
                if (IsStripped(c))
                {
                    dirty = true;
                    break;
                }
            }
        }

        if (!dirty)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (IsBreakingControl(c))
            {
                if (sb.Length > 0 && sb[sb.Length - 1] != ' ')
                {
                    sb.Append(' ');
                }
            }
            else if (!IsStripped(c))
            {
                sb.Append(c);
            }
        }

        var cleaned = sb.ToString().Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary>A character <see cref="Clean"/> drops (or turns into a space).</summary>
    public static bool IsStripped(char c) =>
        c < ' ' || (c >= '\u007f' && c <= '\u009f') || c == '\u2028' || c == '\u2029' || c == '\ufeff' || c == '\u200b';

    /// <summary>True when the value is null or nothing is left after <see cref="Clean"/>.</summary>
    public static bool IsBlank(object? value) => value is null || (value is string s && Clean(s) is null);

    /// <summary>The value as text for <see cref="ChatIssue.Value"/>: shortened, controls kept out.</summary>
    public static string? Show(object? value)
    {
        var text = value switch
        {
            null => null,
            string s => s,
            DateTime dt => dt.ToString("o", CultureInfo.InvariantCulture),
            DateTimeOffset dto => dto.ToString("o", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };

        return text is null ? null : Shorten(text);
    }

    /// <summary>Shown value inside a message (never null).</summary>
    public static string Display(object? value) => Show(value) ?? string.Empty;

    /// <summary>At most <see cref="ChatTextLimits.ShownValue"/> characters, with line breaks and controls escaped.</summary>
    public static string Shorten(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, ChatTextLimits.ShownValue) + 8);
        foreach (var c in text)
        {
            if (sb.Length >= ChatTextLimits.ShownValue - 1)
            {
                sb.Append('…');
                break;
            }

            switch (c)
            {
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    if (c < ' ' || (c >= '\u007f' && c <= '\u009f'))
                    {
                        sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Unicode code points (a surrogate pair counts once).</summary>
    public static int CodePoints(string s)
    {
        var n = s.Length;
        for (var i = 1; i < s.Length; i++)
        {
            if (char.IsLowSurrogate(s[i]) && char.IsHighSurrogate(s[i - 1]))
            {
                n--;
            }
        }

        return n;
    }

    private static bool IsBreakingControl(char c) =>
        c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '\u0085' || c == '\u2028' || c == '\u2029';
}
