using System;
using System.Net;
using System.Net.Sockets;

namespace MetricaChats.Core.Chats.Values;

/// <summary>
/// Checks page and tracker links: an absolute http(s) URL with a well-formed host (DNS labels of
/// letters, digits, hyphens, not starting or ending with a hyphen; or a bracketed IPv6 address),
/// an optional port, no user:password@, and no white space or backslash except spaces after the
/// host, which become %20.
/// </summary>
internal static class HttpUrlParser
{
    /// <summary>The URL (spaces after the host as %20), or null when it is not one.</summary>
    public static string? Normalize(string value)
    {
        int hostStart;
        if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            hostStart = 8;
        }
        else if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            hostStart = 7;
        }
        else
        {
            return null;
        }

        var authorityEnd = hostStart;
        while (authorityEnd < value.Length && value[authorityEnd] != '/' && value[authorityEnd] != '?' && value[authorityEnd] != '#')
        {
            if (char.IsWhiteSpace(value[authorityEnd]) || value[authorityEnd] == '\\')
            {
                return null;
            }

            authorityEnd++;
        }

        // No user:password@ part: credentials have no business in a chat's page link.
        if (value.IndexOf('@', hostStart, authorityEnd - hostStart) >= 0)
        {
            return null;
        }

        if (!IsHostAndPort(value, hostStart, authorityEnd))
        {
            return null;
        }

        var hasSpace = false;
        for (var i = authorityEnd; i < value.Length; i++)
        {
            if (value[i] == ' ')
            {
                hasSpace = true;
            }
            else if (char.IsWhiteSpace(value[i]) || value[i] == '\\')
            {
                return null;
            }
        }

        return hasSpace ? value.Replace(" ", "%20") : value;
    }

    private static bool IsHostAndPort(string s, int start, int end)
    {
        if (start >= end)
        {
            return false;
        }

        int hostEnd;
        if (s[start] == '[')
        {
            hostEnd = s.IndexOf(']', start, end - start);
            if (hostEnd < 0 || hostEnd == start + 1)
            {
                return false;
            }

            if (!IPAddress.TryParse(s.Substring(start + 1, hostEnd - start - 1), out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            hostEnd++;
        }
        else
        {
            hostEnd = start;
            while (hostEnd < end && s[hostEnd] != ':')
            {
                hostEnd++;
            }

            if (!IsDnsName(s, start, hostEnd))
            {
                return false;
            }
        }

        if (hostEnd == end)
        {
            return true;
        }

        // :port, 1 to 5 digits up to 65535 (an empty port after ':' is allowed by RFC 3986).
        if (s[hostEnd] != ':')
        {
            return false;
        }

        var port = 0;
        for (var i = hostEnd + 1; i < end; i++)
        {
            if (s[i] < '0' || s[i] > '9' || i - hostEnd > 5)
            {
                return false;
            }

            port = (port * 10) + (s[i] - '0');
        }

        return port <= 65535;
    }

    private static bool IsDnsName(string s, int start, int end)
    {
        if (start >= end)
        {
            return false;
        }

        var labelStart = start;
        for (var i = start; i <= end; i++)
        {
            if (i < end && s[i] != '.')
            {
                var c = s[i];
                if (!(char.IsLetterOrDigit(c) || c == '-') || (c < '\u0080' && !IsAsciiLetterOrDigit(c) && c != '-'))
                {
                    return false;
                }

                continue;
            }

            var length = i - labelStart;
            if (length == 0)
            {
                // "a..b" or ".a"; a single trailing dot ("example.com.") is a valid absolute name.
                if (!(i == end && i > start && s[i - 1] == '.' && i - 1 > start))
                {
                    return false;
                }
            }
            else if (length > 63 || s[labelStart] == '-' || s[i - 1] == '-')
            {
                return false;
            }

            labelStart = i + 1;
        }

        return true;
    }

    private static bool IsAsciiLetterOrDigit(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
