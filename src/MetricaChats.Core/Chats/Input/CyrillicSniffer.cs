using System;
using System.Text;

namespace MetricaChats.Core.Chats.Input;

/// <summary>What the bytes after the first non-ASCII byte of a file look like.</summary>
internal enum SniffResult
{
    /// <summary>Valid UTF-8, or nothing recognisable: read as UTF-8 (invalid bytes are reported per row).</summary>
    Utf8,

    /// <summary>Not UTF-8, but Russian text in Windows-1251: safe to read as Windows-1251.</summary>
    Windows1251,

    /// <summary>Not UTF-8, and reads as Russian text in KOI8-R rather than Windows-1251: not guessed, only named in messages.</summary>
    Koi8R,
}

/// <summary>
/// Decides, from a window of bytes starting at a file's first non-ASCII byte, whether a file that is
/// not valid UTF-8 is Russian text in Windows-1251. Safe by construction: it says Windows-1251 only
/// when the window is not UTF-8, every non-ASCII byte reads as a Cyrillic letter or common
/// typographic sign (no undefined bytes), no word mixes Latin and Cyrillic letters, words have the
/// case of real text (lower, Capitalised or UPPER), and the most frequent Russian letters are at
/// least as common as when the same bytes are read as KOI8-R. Anything else stays UTF-8.
/// </summary>
internal static class CyrillicSniffer
{
    // о е а и н т с р в л: about 60% of the letters of Russian text; misdecoded bytes hit them far less.
    private const string FrequentLetters = "оеаинтсрвл";

    public static SniffResult Sniff(byte[] bytes, int start, int count, bool atEnd)
    {
        if (IsUtf8(bytes, start, count, atEnd))
        {
            return SniffResult.Utf8;
        }

        var as1251 = Score(ChatTextEncodings.Windows1251.GetString(bytes, start, count));
        var asKoi = Score(ChatTextEncodings.Koi8R.GetString(bytes, start, count));
        if (as1251.LooksRussian && as1251.Frequent >= asKoi.Frequent)
        {
            return SniffResult.Windows1251;
        }

        return asKoi.LooksRussian ? SniffResult.Koi8R : SniffResult.Utf8;
    }

    private static bool IsUtf8(byte[] bytes, int start, int count, bool atEnd)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        try
        {
            // flush only at the end of the file: a sequence cut by the window's end is not an error.
            decoder.GetCharCount(bytes, start, count, flush: atEnd);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static TextScore Score(string text)
    {
        int letters = 0, frequent = 0, words = 0, naturalWords = 0;
        var mixed = false;
        var odd = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (!char.IsLetter(c))
            {
                odd |= c >= '\u0080' && !IsTypographic(c);
                i++;
                continue;
            }

            var wordStart = i;
            bool latin = false, cyrillic = false;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                var ch = text[i];
                if (ch < '\u0080')
                {
                    latin = true;
                }
                else if (IsCyrillic(ch))
                {
                    cyrillic = true;
                    letters++;
                    if (FrequentLetters.IndexOf(char.ToLowerInvariant(ch)) >= 0)
                    {
                        frequent++;
                    }
                }
                else
                {
                    odd = true;
                }

                i++;
            }

            if (cyrillic)
            {
                mixed |= latin;
                words++;
                if (HasNaturalCase(text, wordStart, i))
                {
                    naturalWords++;
                }
            }
        }

        var looksRussian = !odd && !mixed && letters >= 2 && naturalWords * 5 >= words * 4;
        return new TextScore(looksRussian, letters == 0 ? 0 : (double)frequent / letters);
    }

    private static bool IsCyrillic(char c) => c >= '\u0400' && c <= '\u04FF';

    // NBSP, « », dashes, quotes, №, ellipsis, bullet, degree, ±, ·, ©, ®, €, ‰, ‹ ›, §, µ, ¶, ¦, ¤.
    private static bool IsTypographic(char c) =>
        c == '\u00A0' || c == '«' || c == '»' || c == '–' || c == '—' || c == '“' || c == '”' || c == '„' || c == '‘' || c == '’' ||
        c == '‚' || c == '№' || c == '…' || c == '•' || c == '°' || c == '±' || c == '·' || c == '©' || c == '®' || c == '€' ||
        c == '‰' || c == '‹' || c == '›' || c == '§' || c == 'µ' || c == '¶' || c == '¦' || c == '¤' || c == '\u00AD' || c == '™';

    /// <summary>lower, Capitalised or UPPER: the shapes real words have.</summary>
    private static bool HasNaturalCase(string s, int start, int end)
    {
        var restUpper = true;
        var restLower = true;
        for (var k = start + 1; k < end; k++)
        {
            restUpper &= char.IsUpper(s[k]);
            restLower &= char.IsLower(s[k]);
        }

        return restLower || (restUpper && char.IsUpper(s[start]));
    }

    private readonly struct TextScore
    {
        public TextScore(bool looksRussian, double frequent)
        {
            LooksRussian = looksRussian;
            Frequent = frequent;
        }

        public bool LooksRussian { get; }

        public double Frequent { get; }
    }
}
