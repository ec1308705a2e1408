using System;
using System.Globalization;
using TimeZoneConverter;

namespace MetricaChats.Core.Chats;

/// <summary>
/// Finds the time zone a user names for times without an offset: an IANA id (<c>Europe/Moscow</c>)
/// or a Windows id (<c>Russian Standard Time</c>) on every operating system (through
/// TimeZoneConverter, so Windows PowerShell 5.1 takes IANA ids too), <c>UTC</c>, or a fixed offset
/// (<c>+03:00</c>, <c>UTC+3</c>).
/// </summary>
public static class ChatTimeZones
{
    /// <summary>Finds <paramref name="name"/>.</summary>
    /// <param name="name">The id or offset as given.</param>
    /// <param name="zone">The zone, when found.</param>
    /// <param name="problem">Why it was not found, with examples; empty when found.</param>
    /// <returns>True when found.</returns>
    public static bool TryFind(string? name, out TimeZoneInfo? zone, out string problem)
    {
        zone = null;
        problem = string.Empty;
        var text = name?.Trim() ?? string.Empty;
        if (text.Length > 0)
        {
            if (string.Equals(text, "UTC", StringComparison.OrdinalIgnoreCase) || string.Equals(text, "Z", StringComparison.OrdinalIgnoreCase) || string.Equals(text, "GMT", StringComparison.OrdinalIgnoreCase))
            {
                zone = TimeZoneInfo.Utc;
                return true;
            }

            if (TryParseOffset(text, out var offset))
            {
                var id = "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
                zone = TimeZoneInfo.CreateCustomTimeZone(id, offset, id, id);
                return true;
            }

            try
            {
                if (TZConvert.TryGetTimeZoneInfo(text, out var found))
                {
                    zone = found;
                    return true;
                }
            }
            catch (InvalidTimeZoneException)
            {
                // The id maps, but this machine's zone data cannot build it: reported below.
            }
        }

        problem = string.Format(CultureInfo.InvariantCulture,
            "'{0}' is not a time zone this machine knows: give an IANA id (Europe/Moscow, Asia/Almaty, Asia/Tashkent), a Windows id (Russian Standard Time), UTC, or a fixed offset (+03:00).",
            name);
        return false;
    }

    /// <summary>A name users recognise: the IANA id where there is one, else the zone's own id.</summary>
    /// <param name="zone">The zone.</param>
    public static string DisplayName(TimeZoneInfo zone)
    {
        if (zone is null)
        {
            throw new ArgumentNullException(nameof(zone));
        }

        if (zone.Id.StartsWith("UTC", StringComparison.Ordinal) || zone == TimeZoneInfo.Utc)
        {
            return zone.Id;
        }

        return TZConvert.TryWindowsToIana(zone.Id, out var iana) ? iana : zone.Id;
    }

    private static bool TryParseOffset(string text, out TimeSpan offset)
    {
        offset = default;
        var s = text;
        if (s.StartsWith("UTC", StringComparison.OrdinalIgnoreCase) || s.StartsWith("GMT", StringComparison.OrdinalIgnoreCase))
        {
            s = s.Substring(3);
        }

        if (s.Length < 2 || (s[0] != '+' && s[0] != '-'))
        {
            return false;
        }

        var sign = s[0] == '-' ? -1 : 1;
        var parts = s.Substring(1).Split(':');
        if (parts.Length > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hours) || hours > 14)
        {
            return false;
        }

        var minutes = 0;
        if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out minutes) || minutes > 59 || parts[1].Length != 2))
        {
            return false;
        }

        offset = TimeSpan.FromMinutes(sign * ((hours * 60) + minutes));
        return true;
    }
}
