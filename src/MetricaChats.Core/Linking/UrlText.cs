using System;
using System.Globalization;
using System.Text;

namespace MetricaChats.Core.Linking;

/// <summary>Percent-encoding of query values (RFC 3986): UTF-8, unreserved characters kept, space as <c>%20</c>.</summary>
internal static class UrlText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Encodes <paramref name="value"/> for a query value. Everything but <c>A-Z a-z 0-9 - . _ ~</c> becomes
    /// <c>%XX</c> (upper-case hex), so <c>+</c>, <c>&amp;</c>, <c>#</c>, <c>=</c>, <c>?</c> and line breaks survive,
    /// and a space is <c>%20</c>, never <c>+</c> (wa.me and viber:// do not read <c>+</c> as a space).
    /// </summary>
    /// <exception cref="ArgumentException">The text holds a lone UTF-16 surrogate (broken Unicode).</exception>
    public static string Encode(string value, string parameterName)
    {
        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(value);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException(
                string.Format(CultureInfo.InvariantCulture, "The {0} has a broken Unicode character (a lone surrogate at position {1}) and cannot go into a link. Retype or remove that character.", parameterName, ex.Index + 1),
                parameterName,
                ex);
        }

        var sb = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            var c = (char)b;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
            }
        }

        return sb.ToString();
    }
}
