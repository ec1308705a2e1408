using System;
using System.Globalization;

namespace MetricaChats.Internal;

/// <summary>
/// Reads a time back in the form PowerShell wrote it: a <see cref="DateTimeOffset"/> that became
/// text in a culture (<c>Export-Csv</c>, string expansion) reads "11/29/2026 9:44:44 PM +00:00" in
/// en-US, "29.11.2026 21:44:44 +00:00" in ru-RU, "11/29/2026 21:44:44 +00:00" in the invariant
/// culture: the culture's short date, long time and the offset. Only that exact form, with its
/// offset, is taken, in the current culture or the invariant one PowerShell's own casts use;
/// anything else is left to the engine's reader.
/// </summary>
internal static class PowerShellTimeText
{
    /// <summary>Parses <paramref name="text"/> written by DateTimeOffset.ToString() in <paramref name="culture"/> or the invariant culture.</summary>
    public static bool TryParse(string? text, CultureInfo culture, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || culture is null)
        {
            return false;
        }

        var input = SpacesOnly(text!.Trim());
        return TryParseIn(input, culture, out value) || (!culture.Equals(CultureInfo.InvariantCulture) && TryParseIn(input, CultureInfo.InvariantCulture, out value));
    }

    private static bool TryParseIn(string input, CultureInfo culture, out DateTimeOffset value)
    {
        var format = culture.DateTimeFormat;
        var pattern = SpacesOnly(format.ShortDatePattern + " " + format.LongTimePattern + " zzz");
        return DateTimeOffset.TryParseExact(input, pattern, culture, DateTimeStyles.AllowInnerWhite, out value);
    }

    // Cultures put a no-break or narrow no-break space before AM/PM in some runtimes and not in
    // others; a file written on one machine is read on another.
    private static string SpacesOnly(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ');
}
