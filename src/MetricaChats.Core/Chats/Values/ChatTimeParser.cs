using System;
using System.Globalization;

namespace MetricaChats.Core.Chats.Values;

/// <summary>The outcome of reading one time value.</summary>
internal enum ChatTimeParse
{
    /// <summary>A time was read.</summary>
    Ok,

    /// <summary>No value.</summary>
    Missing,

    /// <summary>Not a time in any accepted form.</summary>
    Invalid,

    /// <summary>A date without a time of day.</summary>
    DateOnly,
}

/// <summary>
/// Reads event times: <see cref="DateTimeOffset"/>; <see cref="DateTime"/> (Utc as is, Local by the
/// machine's zone, Unspecified by <see cref="Zone"/>); ISO 8601 with or without an offset;
/// <c>d.M.yyyy[,] H:mm[:ss]</c>; RFC 1123; Unix seconds or milliseconds as a number or digits.
/// Times without an offset are read in <see cref="Zone"/>. Parsed by hand (no <c>DateTime.Parse</c>
/// on the hot path). Stateless apart from the zone, so one instance may be shared across threads.
/// </summary>
internal sealed class ChatTimeParser
{
    public ChatTimeParser(TimeZoneInfo zone)
    {
        Zone = zone ?? throw new ArgumentNullException(nameof(zone));
    }

    /// <summary>The zone of times that carry no offset.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>Reads <paramref name="value"/>.</summary>
    /// <param name="value">A string, number, DateTime or DateTimeOffset.</param>
    /// <param name="time">The time, when read.</param>
    /// <param name="inZone">True when the value carried no offset and was read in <see cref="Zone"/>.</param>
    public ChatTimeParse Parse(object? value, out DateTimeOffset time, out bool inZone)
    {
        time = default;
        inZone = false;
        switch (value)
        {
            case null:
                return ChatTimeParse.Missing;
            case DateTimeOffset dto:
                time = dto;
                return ChatTimeParse.Ok;
            case DateTime dt:
                if (dt.Kind == DateTimeKind.Utc)
                {
                    time = new DateTimeOffset(dt, TimeSpan.Zero);
                    return ChatTimeParse.Ok;
                }

                if (dt.Kind == DateTimeKind.Local)
                {
                    time = new DateTimeOffset(dt.ToUniversalTime(), TimeSpan.Zero);
                    return ChatTimeParse.Ok;
                }

                inZone = true;
                return FromZone(dt, out time);
            case string s:
                return ParseText(s, out time, out inZone);
            case long or int or short or uint or ushort or byte or sbyte:
                return FromUnix(Convert.ToInt64(value, CultureInfo.InvariantCulture), out time);
            case ulong u:
                return u > long.MaxValue ? ChatTimeParse.Invalid : FromUnix((long)u, out time);
            case double or float or decimal:
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) >= 1e14)
                {
                    return ChatTimeParse.Invalid;
                }

                return FromUnix((long)Math.Floor(d), out time);
            default:
                var text = Convert.ToString(value, CultureInfo.InvariantCulture);
                return text is null ? ChatTimeParse.Missing : ParseText(text, out time, out inZone);
        }
    }

    /// <summary>Unix seconds, or milliseconds when the magnitude says so (10^11 seconds is the year 5138).</summary>
    private static ChatTimeParse FromUnix(long value, out DateTimeOffset time)
    {
        time = default;
        var magnitude = value < 0 ? -(double)value : value;
        if (magnitude < 1e11)
        {
            time = DateTimeOffset.FromUnixTimeSeconds(value);
            return ChatTimeParse.Ok;
        }

        if (magnitude < 1e14)
        {
            time = DateTimeOffset.FromUnixTimeMilliseconds(value);
            return ChatTimeParse.Ok;
        }

        return ChatTimeParse.Invalid;
    }

    private ChatTimeParse FromZone(DateTime unspecified, out DateTimeOffset time)
    {
        time = default;
        try
        {
            var local = DateTime.SpecifyKind(unspecified, DateTimeKind.Unspecified);
            time = new DateTimeOffset(local, Zone.GetUtcOffset(local));
            return ChatTimeParse.Ok;
        }
        catch (ArgumentException)
        {
            return ChatTimeParse.Invalid;
        }
    }

    private ChatTimeParse ParseText(string s, out DateTimeOffset time, out bool inZone)
    {
        time = default;
        inZone = false;
        var start = 0;
        var end = s.Length;
        while (start < end && (char.IsWhiteSpace(s[start]) || ChatText.IsStripped(s[start])))
        {
            start++;
        }

        while (end > start && (char.IsWhiteSpace(s[end - 1]) || ChatText.IsStripped(s[end - 1])))
        {
            end--;
        }

        if (start == end)
        {
            return ChatTimeParse.Missing;
        }

        // Unix seconds or milliseconds, optionally with a fraction.
        if (TryParseUnixText(s, start, end, out var unix))
        {
            return FromUnix(unix, out time);
        }

        var parse = TryParseIso(s, start, end, out var local, out var offset, out var hasOffset);
        if (parse == ChatTimeParse.Invalid)
        {
            parse = TryParseDotted(s, start, end, out local);
            hasOffset = false;
        }

        if (parse == ChatTimeParse.Ok)
        {
            if (!hasOffset)
            {
                inZone = true;
                return FromZone(local, out time);
            }

            try
            {
                time = new DateTimeOffset(local, offset);
                return ChatTimeParse.Ok;
            }
            catch (ArgumentException)
            {
                return ChatTimeParse.Invalid;
            }
        }

        if (parse == ChatTimeParse.DateOnly)
        {
            return parse;
        }

        // RFC 1123 ("Sat, 21 Nov 2026 10:00:00 GMT"), as some HTTP-minded logs write it.
        var trimmed = start == 0 && end == s.Length ? s : s.Substring(start, end - start);
        return DateTimeOffset.TryParseExact(trimmed, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time)
            ? ChatTimeParse.Ok
            : ChatTimeParse.Invalid;
    }

    private static bool TryParseUnixText(string s, int start, int end, out long value)
    {
        value = 0;
        var i = start;
        var negative = false;
        if (s[i] == '-')
        {
            negative = true;
            i++;
        }

        var digits = 0;
        for (; i < end && s[i] >= '0' && s[i] <= '9'; i++)
        {
            if (++digits > 15)
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < end && s[i] == '.')
        {
            i++;
            var fraction = 0;
            for (; i < end && s[i] >= '0' && s[i] <= '9'; i++)
            {
                fraction++;
            }

            if (fraction == 0)
            {
                return false;
            }
        }

        if (i != end)
        {
            return false;
        }

        if (negative)
        {
            value = -value;
        }

        return true;
    }

    /// <summary>yyyy-MM-dd[(T| )HH:mm[:ss[(.|,)f+]]][ ][Z|UTC|GMT|(+|-)HH[[:]mm]].</summary>
    private static ChatTimeParse TryParseIso(string s, int i, int end, out DateTime local, out TimeSpan offset, out bool hasOffset)
    {
        local = default;
        offset = default;
        hasOffset = false;
        if (end - i < 10 || !Digits(s, i, 4, out var year) || s[i + 4] != '-' || !Digits(s, i + 5, 2, out var month) || s[i + 7] != '-' || !Digits(s, i + 8, 2, out var day))
        {
            return ChatTimeParse.Invalid;
        }

        if (month < 1 || month > 12 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return ChatTimeParse.Invalid;
        }

        i += 10;
        if (i == end)
        {
            return ChatTimeParse.DateOnly;
        }

        if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
        {
            return ChatTimeParse.Invalid;
        }

        i++;
        if (!ParseClock(s, ref i, end, out var ticks))
        {
            return ChatTimeParse.Invalid;
        }

        if (!ParseOffset(s, ref i, end, out offset, out hasOffset) || i != end)
        {
            return ChatTimeParse.Invalid;
        }

        local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).AddTicks(ticks);
        return ChatTimeParse.Ok;
    }

    /// <summary>d.M.yyyy[(,| |, )H:mm[:ss]], the Russian export format. No offset.</summary>
    private static ChatTimeParse TryParseDotted(string s, int i, int end, out DateTime local)
    {
        local = default;
        if (!Number(s, ref i, end, 1, 2, out var day) || i >= end || s[i++] != '.' ||
            !Number(s, ref i, end, 1, 2, out var month) || i >= end || s[i++] != '.' ||
            !Number(s, ref i, end, 4, 4, out var year))
        {
            return ChatTimeParse.Invalid;
        }

        if (month < 1 || month > 12 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return ChatTimeParse.Invalid;
        }

        if (i == end)
        {
            return ChatTimeParse.DateOnly;
        }

        if (s[i] == ',')
        {
            i++;
        }

        var separated = false;
        while (i < end && s[i] == ' ')
        {
            i++;
            separated = true;
        }

        if (!separated && s[i - 1] != ',')
        {
            return ChatTimeParse.Invalid;
        }

        if (!ParseClock(s, ref i, end, out var ticks) || i != end)
        {
            return ChatTimeParse.Invalid;
        }

        local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).AddTicks(ticks);
        return ChatTimeParse.Ok;
    }

    private static bool ParseClock(string s, ref int i, int end, out long ticks)
    {
        ticks = 0;
        if (!Number(s, ref i, end, 1, 2, out var hour) || i >= end || s[i++] != ':' || !Number(s, ref i, end, 2, 2, out var minute))
        {
            return false;
        }

        var second = 0;
        long fractionTicks = 0;
        if (i < end && s[i] == ':')
        {
            i++;
            if (!Number(s, ref i, end, 2, 2, out second))
            {
                return false;
            }

            if (i < end && (s[i] == '.' || s[i] == ','))
            {
                i++;
                var digits = 0;
                long scale = TimeSpan.TicksPerSecond;
                for (; i < end && s[i] >= '0' && s[i] <= '9'; i++, digits++)
                {
                    if (digits < 7)
                    {
                        scale /= 10;
                        fractionTicks += (s[i] - '0') * scale;
                    }
                }

                if (digits == 0)
                {
                    return false;
                }
            }
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        ticks = (((hour * 60L) + minute) * 60L + second) * TimeSpan.TicksPerSecond + fractionTicks;
        return true;
    }

    private static bool ParseOffset(string s, ref int i, int end, out TimeSpan offset, out bool hasOffset)
    {
        offset = default;
        hasOffset = false;
        if (i < end && s[i] == ' ')
        {
            i++;
        }

        if (i == end)
        {
            return s[i - 1] != ' ';
        }

        var rest = end - i;
        if (rest == 1 && (s[i] == 'Z' || s[i] == 'z'))
        {
            i++;
            hasOffset = true;
            return true;
        }

        if (rest == 3 && (string.Compare(s, i, "UTC", 0, 3, StringComparison.OrdinalIgnoreCase) == 0 || string.Compare(s, i, "GMT", 0, 3, StringComparison.OrdinalIgnoreCase) == 0))
        {
            i += 3;
            hasOffset = true;
            return true;
        }

        if (s[i] != '+' && s[i] != '-')
        {
            return false;
        }

        var sign = s[i] == '-' ? -1 : 1;
        i++;
        if (!Digits(s, i, 2, out var hours))
        {
            return false;
        }

        i += 2;
        var minutes = 0;
        if (i < end)
        {
            if (s[i] == ':')
            {
                i++;
            }

            if (!Digits(s, i, 2, out minutes))
            {
                return false;
            }

            i += 2;
        }

        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = TimeSpan.FromMinutes(sign * ((hours * 60) + minutes));
        hasOffset = true;
        return true;
    }

    private static bool Digits(string s, int i, int count, out int value)
    {
        value = 0;
        if (i + count > s.Length)
        {
            return false;
        }

        for (var k = 0; k < count; k++)
        {
            var c = s[i + k];
            if (c < '0' || c > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static bool Number(string s, ref int i, int end, int min, int max, out int value)
    {
        value = 0;
        var count = 0;
        while (i < end && count < max && s[i] >= '0' && s[i] <= '9')
        {
            value = (value * 10) + (s[i] - '0');
            i++;
            count++;
        }

        return count >= min;
    }
}
