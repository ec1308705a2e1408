using System;
using System.Globalization;

namespace MetricaChats.Core.Linking;

/// <summary>
/// The tag that carries a tracking id inside a pre-filled first message: <c>[#ref K7M2Q9XH4TPA]</c>.
/// The brackets and the hash make it stand out for a human and for <see cref="TrackingIdExtractor"/>;
/// the keyword is configurable (letters and digits).
/// </summary>
public sealed class TrackingTag
{
    /// <summary>The default keyword, <c>ref</c>.</summary>
    public const string DefaultKeyword = "ref";

    /// <summary>Creates a tag format with <paramref name="keyword"/>.</summary>
    /// <exception cref="ArgumentException">The keyword is empty, longer than 16 characters, or not letters and digits.</exception>
    public TrackingTag(string keyword = DefaultKeyword)
    {
        keyword = (keyword ?? string.Empty).Trim();
        var ok = keyword.Length is >= 1 and <= 16;
        foreach (var c in keyword)
        {
            ok &= (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        }

        if (!ok)
        {
            throw new ArgumentException(
                string.Format(CultureInfo.InvariantCulture, "Tag keyword '{0}' is not valid: use 1 to 16 Latin letters or digits, e.g. 'ref' (the tag then reads [#ref <id>]).", keyword),
                nameof(keyword));
        }

        Keyword = keyword;
    }

    /// <summary>The keyword after the hash, as given (matched case-insensitively).</summary>
    public string Keyword { get; }

    /// <summary>The tag for <paramref name="trackingId"/>: <c>[#&lt;keyword&gt; &lt;id&gt;]</c>.</summary>
    public string Format(string trackingId) => "[#" + Keyword + " " + trackingId + "]";
}
