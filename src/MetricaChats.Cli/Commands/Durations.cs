using System.Globalization;

namespace MetricaChats.Cli.Commands;

/// <summary>Durations on the command line: <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1h30m</c>, <c>01:30:00</c>, or plain seconds.</summary>
internal static class Durations
{
    /// <summary>Parses <paramref name="text"/> for <paramref name="option"/>; null text gives null.</summary>
    public static TimeSpan? Parse(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        var t = text.Trim();
        if (TryParse(t, out var value) && value > TimeSpan.Zero && value <= TimeSpan.FromDays(7))
        {
            return value;
        }

        throw new CliUsageException($"{option} '{text}' is not a duration: give e.g. 90s, 30m, 2h, 1h30m or 01:30:00 (more than zero, at most 7 days).");
    }

    /// <summary>A duration as the tool prints it (<c>2h</c>, <c>30m</c>, <c>1h30m</c>, <c>45s</c>).</summary>
    public static string Format(TimeSpan value)
    {
        var parts = new List<string>();
        if (value.Days > 0 || value.Hours > 0)
        {
            parts.Add(((int)value.TotalHours).ToString(CultureInfo.InvariantCulture) + "h");
        }

        if (value.Minutes > 0)
        {
            parts.Add(value.Minutes.ToString(CultureInfo.InvariantCulture) + "m");
        }

        if (value.Seconds > 0 || parts.Count == 0)
        {
            parts.Add(value.Seconds.ToString(CultureInfo.InvariantCulture) + "s");
        }

        return string.Concat(parts);
    }

    private static bool TryParse(string t, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (t.Length == 0)
        {
            return false;
        }

        if (t.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParseExact(t, [@"h\:mm\:ss", @"hh\:mm\:ss", @"h\:mm", @"hh\:mm"], CultureInfo.InvariantCulture, out value);
        }

        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var number = 0.0;
        var digits = string.Empty;
        foreach (var c in t)
        {
            if (char.IsAsciiDigit(c) || c == '.')
            {
                digits += c;
                continue;
            }

            if (digits.Length == 0 || !double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
            {
                return false;
            }

            var unit = char.ToLowerInvariant(c) switch
            {
                'd' => TimeSpan.FromDays(1),
                'h' => TimeSpan.FromHours(1),
                'm' => TimeSpan.FromMinutes(1),
                's' => TimeSpan.FromSeconds(1),
                _ => TimeSpan.Zero,
            };
            if (unit == TimeSpan.Zero)
            {
                return false;
            }

            value += unit * number;
            digits = string.Empty;
        }

        return digits.Length == 0;
    }
}
