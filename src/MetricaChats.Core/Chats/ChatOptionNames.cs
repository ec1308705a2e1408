using System.Globalization;

namespace MetricaChats.Core.Chats;

/// <summary>
/// How the front end in use spells the settings that fix an input problem, so an engine message can
/// name the one that helps (<c>--default-region RU</c> on the command line, <c>-DefaultRegion RU</c> in
/// PowerShell) without naming either front end itself. Each value is a composite format string whose
/// <c>{0}</c> is an example value. The defaults (<see cref="Neutral"/>) name the engine's settings.
/// </summary>
public sealed class ChatOptionNames
{
    /// <summary>The engine's own names, for callers that set nothing.</summary>
    public static ChatOptionNames Neutral { get; } = new();

    /// <summary>The setting that names a file's encoding. Default: <c>the encoding setting ({0})</c>.</summary>
    public string EncodingOption { get; set; } = "the encoding setting ({0})";

    /// <summary>The setting that names the country of national phone numbers. Default: <c>the default region setting ({0})</c>.</summary>
    public string DefaultRegionOption { get; set; } = "the default region setting ({0})";

    /// <summary>The setting that names the time zone of times without an offset. Default: <c>the time zone setting ({0})</c>.</summary>
    public string TimeZoneOption { get; set; } = "the time zone setting ({0})";

    /// <summary>
    /// How the user names a delimiter, when the input's columns were split by someone else (PowerShell's
    /// <c>Import-Csv -Delimiter '{0}'</c>); null where the engine's reader detects it (<c>,</c> <c>;</c> and tab).
    /// </summary>
    public string? DelimiterOption { get; set; }

    /// <summary>
    /// How the user supplies column names to a file without a header line (<c>Import-Csv -Header {0}</c>);
    /// null where the only fix is a header line in the file.
    /// </summary>
    public string? HeaderOption { get; set; }

    /// <summary>How the user turns on Metrica's extended window for calls and chats.</summary>
    public string ExtendedWindowCommand { get; set; } = "the counter's extended window for calls and chats";

    /// <summary><see cref="EncodingOption"/> with <paramref name="example"/>.</summary>
    public string Encoding(string example) => Format(EncodingOption, example);

    /// <summary><see cref="DefaultRegionOption"/> with <paramref name="example"/>.</summary>
    public string DefaultRegion(string example) => Format(DefaultRegionOption, example);

    /// <summary><see cref="TimeZoneOption"/> with <paramref name="example"/>.</summary>
    public string TimeZone(string example) => Format(TimeZoneOption, example);

    /// <summary><see cref="DelimiterOption"/> with <paramref name="example"/>, or null.</summary>
    public string? Delimiter(string example) => DelimiterOption is null ? null : Format(DelimiterOption, example);

    /// <summary><see cref="HeaderOption"/> with <paramref name="example"/>, or null.</summary>
    public string? Header(string example) => HeaderOption is null ? null : Format(HeaderOption, example);

    private static string Format(string format, string example) => string.Format(CultureInfo.InvariantCulture, format, example);
}
