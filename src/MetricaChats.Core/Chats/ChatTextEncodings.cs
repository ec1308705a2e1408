using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MetricaChats.Core.Chats;

/// <summary>
/// The encodings a chat export may be read in, by the names users give them: <c>utf-8</c>,
/// <c>windows-1251</c> (also <c>cp1251</c>, <c>1251</c>), <c>koi8-r</c>, <c>koi8-u</c>,
/// <c>iso-8859-5</c>, <c>cp866</c>, <c>windows-1252</c>, <c>utf-16</c> (LE), <c>utf-16be</c>, and any
/// other code page by name or number, through the platform's code-page provider
/// (System.Text.Encoding.CodePages, so Windows PowerShell 5.1 and .NET alike). Bytes a code page
/// does not define are read as U+FFFD and reported per row.
/// </summary>
public static class ChatTextEncodings
{
    /// <summary>The name that asks for detection (the default).</summary>
    public const string Auto = "auto";

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["utf8"] = "utf-8", ["utf-8-bom"] = "utf-8", ["utf8bom"] = "utf-8", ["utf8nobom"] = "utf-8",
        ["cp1251"] = "windows-1251", ["win1251"] = "windows-1251", ["win-1251"] = "windows-1251", ["1251"] = "windows-1251", ["ansi"] = "windows-1251",
        ["koi8r"] = "koi8-r", ["koi8u"] = "koi8-u", ["koi8"] = "koi8-r",
        ["cp866"] = "ibm866", ["866"] = "ibm866", ["dos"] = "ibm866", ["oem"] = "ibm866",
        ["cp1252"] = "windows-1252", ["1252"] = "windows-1252", ["latin1"] = "iso-8859-1",
        ["unicode"] = "utf-16", ["utf16"] = "utf-16", ["utf-16le"] = "utf-16", ["utf16le"] = "utf-16",
        ["bigendianunicode"] = "utf-16BE", ["utf16be"] = "utf-16BE", ["utf-16be"] = "utf-16BE",
    };

    /// <summary>The names shown in help and completion, most used first.</summary>
    public static IReadOnlyList<string> CommonNames { get; } = Array.AsReadOnly(new[]
    {
        Auto, "utf-8", "windows-1251", "koi8-r", "koi8-u", "cp866", "iso-8859-5", "windows-1252", "utf-16", "utf-16be",
    });

    /// <summary>Finds an encoding by name or code page number.</summary>
    /// <param name="name">The name; null, blank or <c>auto</c> asks for detection.</param>
    /// <param name="encoding">The encoding (decoding invalid bytes as U+FFFD); null for detection.</param>
    /// <param name="problem">Why the name is unknown, with examples; empty when found.</param>
    /// <returns>True when the name is known (or asks for detection).</returns>
    public static bool TryFind(string? name, out Encoding? encoding, out string problem)
    {
        encoding = null;
        problem = string.Empty;
        var text = name?.Trim() ?? string.Empty;
        if (text.Length == 0 || string.Equals(text, Auto, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (Aliases.TryGetValue(text, out var canonical))
        {
            text = canonical;
        }

        if (string.Equals(text, "utf-8", StringComparison.OrdinalIgnoreCase))
        {
            encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
            return true;
        }

        try
        {
            var found = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var codePage)
                ? Get(codePage)
                : Get(text);
            if (found is not null)
            {
                encoding = WithReplacement(found);
                return true;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            // Unknown to the platform too: reported below.
        }

        problem = string.Format(CultureInfo.InvariantCulture,
            "'{0}' is not an encoding this tool knows: use utf-8, windows-1251, koi8-r, koi8-u, cp866, iso-8859-5, windows-1252, utf-16 or utf-16be (or a code page number), or auto to detect.",
            name);
        return false;
    }

    /// <summary>The display name of an encoding, as users know it (<c>Windows-1251</c>, <c>UTF-8</c>).</summary>
    /// <param name="encoding">The encoding.</param>
    public static string DisplayName(Encoding encoding) => (encoding ?? throw new ArgumentNullException(nameof(encoding))).CodePage switch
    {
        65001 => "UTF-8",
        1200 => "UTF-16 LE",
        1201 => "UTF-16 BE",
        1251 => "Windows-1251",
        20866 => "KOI8-R",
        21866 => "KOI8-U",
        866 => "CP866",
        _ => encoding.WebName,
    };

    /// <summary>A copy of <paramref name="encoding"/> that decodes invalid bytes as U+FFFD (what the reader reports per row).</summary>
    internal static Encoding WithReplacement(Encoding encoding)
    {
        var copy = (Encoding)encoding.Clone();
        copy.DecoderFallback = new DecoderReplacementFallback("\uFFFD");
        return copy;
    }

    /// <summary>Windows-1251, from the provider (no process-wide registration needed).</summary>
    internal static Encoding Windows1251 => WithReplacement(Get(1251)!);

    /// <summary>KOI8-R, from the provider.</summary>
    internal static Encoding Koi8R => WithReplacement(Get(20866)!);

    // The provider first (it has the code pages .NET Core lacks), then the platform (UTF-16, .NET Framework's own).
    private static Encoding? Get(int codePage) =>
        CodePagesEncodingProvider.Instance.GetEncoding(codePage) ?? Encoding.GetEncoding(codePage);

    private static Encoding? Get(string name) =>
        CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.GetEncoding(name);
}
