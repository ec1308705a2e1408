namespace MetricaChats.Core.Linking;

/// <summary>How <see cref="TrackingIdExtractor"/> reads ids.</summary>
public sealed class TrackingIdExtractorOptions
{
    /// <summary>
    /// The expected id format. When set, every id found must match it (prefix and length). When null
    /// (the default), a tag or start parameter may hold any id of 4 to 64 characters <c>A-Z a-z 0-9 _ -</c>,
    /// and bare words are compared with <see cref="TrackingIdFormat.Default"/>.
    /// </summary>
    public TrackingIdFormat? Format { get; init; }

    /// <summary>The tag keyword (default <c>ref</c>, as in <c>[#ref &lt;id&gt;]</c>); matched in any case.</summary>
    public string TagKeyword { get; init; } = TrackingTag.DefaultKeyword;

    /// <summary>
    /// When false (the default), ids are case-insensitive: they are compared and returned in upper case,
    /// and Cyrillic letters that look like Latin ones (А, В, Е, К, М, Н, О, Р, С, Т, У, Х) are read as Latin.
    /// Set true only for ids made elsewhere whose case matters.
    /// </summary>
    public bool CaseSensitive { get; init; }

    /// <summary>
    /// When true (the default), a message without a tag is searched for a word shaped exactly like an id
    /// (see <see cref="TrackingIdSource.BareToken"/>): the format's prefix and length, at least one digit and one
    /// letter, and, without a prefix, written in upper case as generated.
    /// </summary>
    public bool FindBareTokens { get; init; } = true;
}
