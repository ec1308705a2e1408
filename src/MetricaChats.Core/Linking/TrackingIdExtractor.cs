using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MetricaChats.Core.Linking;

/// <summary>
/// Reads a tracking id back from what arrives in the messenger: a Telegram <c>/start &lt;id&gt;</c>
/// command, a bare start parameter or Viber <c>context</c>, or the tag in a first message.
/// </summary>
/// <remarks>
/// Tolerant of what people do to pre-filled text: the tag may be moved anywhere, lose its brackets,
/// gain spaces or a colon (<c>#ref: id</c>, <c># REF id</c>), lose its hash (<c>ref id</c>, then the id must
/// have the exact format), change case, be wrapped in Cyrillic text or
/// emoji, or be written with full-width characters; zero-width characters are ignored. When the
/// <c>#ref</c> is deleted, a word shaped exactly like an id is still found (<see cref="TrackingIdSource.BareToken"/>).
/// Thread-safe once built.
/// </remarks>
public sealed class TrackingIdExtractor
{
    private const int MinLooseLength = 4;

    private static readonly Regex StartCommand = new(
        @"^/start(?:@[A-Za-z0-9_]+)?(?:[ \t]+(?<p>\S+))?",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture);

    private readonly Regex tag;
    private readonly Regex hashlessTag;

    /// <summary>Creates an extractor with <paramref name="options"/> (defaults when null).</summary>
    public TrackingIdExtractor(TrackingIdExtractorOptions? options = null)
    {
        Options = options ?? new TrackingIdExtractorOptions();
        var keyword = new TrackingTag(Options.TagKeyword).Keyword;
        tag = new Regex(
            @"#\s*" + Regex.Escape(keyword) + @"(?![A-Za-z0-9])\s*[:=#№\-–—]?\s*",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        hashlessTag = new Regex(
            @"(?<![#\p{L}\p{N}_])" + Regex.Escape(keyword) + @"(?![A-Za-z0-9])\s*[:=#№\-–—]?\s*",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    }

    /// <summary>The options in force.</summary>
    public TrackingIdExtractorOptions Options { get; }

    /// <summary>
    /// Finds the id in a first message or a <c>/start &lt;id&gt;</c> command; null when there is none.
    /// Order: <c>/start</c> payload, then tags, then (if enabled) id-shaped words.
    /// </summary>
    public TrackingIdMatch? Find(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var normal = Normalize(text!);
        var start = StartCommand.Match(normal.TrimStart());
        if (start.Success && start.Groups["p"].Success)
        {
            var raw = start.Groups["p"].Value;
            var id = Canonicalize(raw);
            if (id is not null)
            {
                return new TrackingIdMatch(id, TrackingIdSource.StartCommand, raw);
            }
        }

        var found = new List<(string Id, string Raw)>();
        for (var m = tag.Match(normal); m.Success; m = m.NextMatch())
        {
            var end = m.Index + m.Length;
            var raw = TokenAt(normal, end, out var asciiHead);
            var id = Canonicalize(raw) ?? (asciiHead.Length < raw.Length ? Canonicalize(asciiHead) : null);
            if (id is not null)
            {
                found.Add((id, raw));
            }
        }

        if (found.Count > 0)
        {
            return Result(found, TrackingIdSource.Tag);
        }

        // The hash deleted ("ref k7m2q9xh4tpa"): the keyword alone is weaker evidence, so the id must
        // have the exact format (the configured one, else the default) and mix digits and letters.
        var strict = Options.Format ?? TrackingIdFormat.Default;
        for (var m = hashlessTag.Match(normal); m.Success; m = m.NextMatch())
        {
            var raw = TokenAt(normal, m.Index + m.Length, out var asciiHead);
            var id = Canonicalize(raw) ?? (asciiHead.Length < raw.Length ? Canonicalize(asciiHead) : null);
            if (id is not null && strict.IsMatch(Options.CaseSensitive ? id.ToUpperInvariant() : id) &&
                MixesDigitsAndLetters(id.Substring(strict.Prefix.Length)))
            {
                found.Add((id, raw));
            }
        }

        if (found.Count > 0)
        {
            return Result(found, TrackingIdSource.Tag);
        }

        return Options.FindBareTokens ? FindBare(normal) : null;
    }

    /// <summary>
    /// Reads a start parameter (Telegram) or <c>context</c> (Viber) given on its own, e.g. a bot log's
    /// <c>start_param</c> column; null when it is empty or not a valid id.
    /// </summary>
    public TrackingIdMatch? FromStartParameter(string? payload)
    {
        if (string.IsNullOrWhiteSpace(payload))
        {
            return null;
        }

        var raw = Normalize(payload!).Trim();
        if (raw.StartsWith("/start", StringComparison.OrdinalIgnoreCase))
        {
            var m = Find(raw);
            return m is null ? null : new TrackingIdMatch(m.TrackingId, TrackingIdSource.StartParameter, m.Raw);
        }

        var id = Canonicalize(raw);
        return id is null ? null : new TrackingIdMatch(id, TrackingIdSource.StartParameter, raw);
    }

    /// <summary>
    /// The canonical form of an id as the join compares it: trimmed, upper case and with Cyrillic
    /// look-alikes read as Latin (unless case-sensitive); null when it is not a valid id under the options.
    /// </summary>
    public string? Canonicalize(string? id)
    {
        if (id is null)
        {
            return null;
        }

        var s = id.Trim();
        if (s.Length == 0 || s.Length > TrackingIdFormat.MaxTotalLength)
        {
            return null;
        }

        if (!Options.CaseSensitive)
        {
            var chars = s.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = FoldChar(chars[i]);
            }

            s = new string(chars);
        }

        if (!TrackingIdFormat.IsValidStartParameter(s))
        {
            return null;
        }

        if (Options.Format is { } format)
        {
            return format.IsMatch(Options.CaseSensitive ? s.ToUpperInvariant() : s) ? s : null;
        }

        return s.Length >= MinLooseLength ? s : null;
    }

    private static TrackingIdMatch Result(List<(string Id, string Raw)> found, TrackingIdSource source)
    {
        var others = new List<string>();
        for (var i = 1; i < found.Count; i++)
        {
            var id = found[i].Id;
            if (!string.Equals(id, found[0].Id, StringComparison.Ordinal) && !others.Contains(id))
            {
                others.Add(id);
            }
        }

        return new TrackingIdMatch(found[0].Id, source, found[0].Raw, others);
    }

    private TrackingIdMatch? FindBare(string text)
    {
        var format = Options.Format ?? TrackingIdFormat.Default;
        var found = new List<(string Id, string Raw)>();
        var i = 0;
        while (i < text.Length)
        {
            if (!IsTokenChar(text[i]))
            {
                i++;
                continue;
            }

            var raw = TokenAt(text, i, out _);
            i += raw.Length;
            if (raw.Length != format.TotalLength)
            {
                continue;
            }

            var id = Options.CaseSensitive ? raw : Fold(raw);
            if (!format.IsMatch(Options.CaseSensitive ? id.ToUpperInvariant() : id))
            {
                continue;
            }

            // Without a prefix, only a word written as generated (upper case, letters and digits mixed) counts,
            // so that ordinary words made of alphabet letters ("STRENGTHENED" aside) are not taken for ids.
            var body = raw.Substring(format.Prefix.Length);
            var hasLower = false;
            foreach (var c in body)
            {
                hasLower |= char.IsLower(c);
            }

            if (MixesDigitsAndLetters(body) && (format.Prefix.Length > 0 || !hasLower))
            {
                found.Add((id, raw));
            }
        }

        return found.Count > 0 ? Result(found, TrackingIdSource.BareToken) : null;
    }

    // The run of letters, digits, '_' and '-' starting at 'start'; 'asciiHead' is its leading part made only of
    // characters valid in an id (so an id glued to Cyrillic text, "K7M2Q9XH4TPAпривет", still reads).
    private string TokenAt(string text, int start, out string asciiHead)
    {
        var end = start;
        while (end < text.Length && IsTokenChar(text[end]))
        {
            end++;
        }

        var token = text.Substring(start, end - start);
        var head = 0;
        while (head < token.Length && TrackingIdFormat.IsStartParameterChar(Options.CaseSensitive ? token[head] : FoldChar(token[head])))
        {
            head++;
        }

        // Cyrillic look-alikes at the end of the head belong to the following word, not to the id.
        if (head < token.Length)
        {
            while (head > 0 && !TrackingIdFormat.IsStartParameterChar(token[head - 1]))
            {
                head--;
            }
        }

        asciiHead = token.Substring(0, head);
        return token;
    }

    private static bool MixesDigitsAndLetters(string body)
    {
        var hasDigit = false;
        var hasLetter = false;
        foreach (var c in body)
        {
            hasDigit |= c >= '0' && c <= '9';
            hasLetter |= char.IsLetter(c);
        }

        return hasDigit && hasLetter;
    }

    private static bool IsTokenChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '-';

    private static string Fold(string s)
    {
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = FoldChar(chars[i]);
        }

        return new string(chars);
    }

    // Upper case, with the Cyrillic letters that look like Latin ones read as those.
    private static char FoldChar(char c)
    {
        switch (c)
        {
            case 'А': case 'а': return 'A';
            case 'В': case 'в': return 'B';
            case 'Е': case 'е': return 'E';
            case 'К': case 'к': return 'K';
            case 'М': case 'м': return 'M';
            case 'Н': case 'н': return 'H';
            case 'О': case 'о': return 'O';
            case 'Р': case 'р': return 'P';
            case 'С': case 'с': return 'C';
            case 'Т': case 'т': return 'T';
            case 'У': case 'у': return 'Y';
            case 'Х': case 'х': return 'X';
            default:
                return c < 128 ? char.ToUpperInvariant(c) : c;
        }
    }

    // NFKC (full-width "＃ｒｅｆ" becomes "#ref"), invisible format characters removed, every kind of space a space.
    private static string Normalize(string text)
    {
        string s;
        try
        {
            s = text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            s = text; // broken Unicode (lone surrogates): scan it as it is
        }

        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.Format)
            {
                continue;
            }

            sb.Append(category == UnicodeCategory.SpaceSeparator ? ' ' : c);
        }

        return sb.ToString();
    }
}
