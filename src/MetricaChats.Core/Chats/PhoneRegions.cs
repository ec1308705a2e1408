using System;
using System.Collections.Generic;
using System.Globalization;
using MetricaChats.Core.Chats.Values;

namespace MetricaChats.Core.Chats;

/// <summary>The countries a default region for phone numbers may name (libphonenumber's regions).</summary>
public static class PhoneRegions
{
    /// <summary>
    /// Reads a region: a two-letter ISO 3166 code in any case (<c>RU</c>, <c>kz</c>) that
    /// libphonenumber knows. Null or blank text is no region.
    /// </summary>
    /// <param name="text">The code as given.</param>
    /// <param name="region">The code in upper case; null for no region.</param>
    /// <param name="problem">Why the text is not a region, naming examples; empty when it is.</param>
    /// <returns>True for a known region or no region.</returns>
    public static bool TryParse(string? text, out string? region, out string problem)
    {
        region = null;
        problem = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var code = text!.Trim().ToUpperInvariant();
        if (code.Length == 2 && Supported.Contains(code))
        {
            region = code;
            return true;
        }

        problem = string.Format(CultureInfo.InvariantCulture,
            "'{0}' is not a country phone numbers belong to: give the two-letter ISO 3166 code, e.g. RU, KZ, BY, UZ, AM, GE, DE or US.",
            text);
        return false;
    }

    /// <summary>The calling code of a region, e.g. 7 for RU.</summary>
    /// <param name="region">A region from <see cref="TryParse"/>.</param>
    public static int CallingCode(string region) =>
        PhoneNumberValidator.Instance.Util.GetCountryCodeForRegion(region ?? throw new ArgumentNullException(nameof(region)));

    private static HashSet<string> Supported => SupportedRegions.Value;

    private static readonly Lazy<HashSet<string>> SupportedRegions =
        new(() => new HashSet<string>(PhoneNumberValidator.Instance.Util.GetSupportedRegions(), StringComparer.Ordinal));
}
