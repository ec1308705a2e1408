using System;
using System.Collections.Generic;

namespace MetricaChats.Core.Chats;

/// <summary>
/// Active ISO 4217 alphabetic codes (list of 2026, including fund and precious-metal codes,
/// excluding XTS "testing" and XXX "no currency", which make no sense for revenue).
/// Lookups are case-insensitive and return the canonical upper-case string, so a valid
/// code costs no allocation.
/// </summary>
public static class Iso4217
{
    private const string Codes =
        "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD " +
        "CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL " +
        "GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD " +
        "KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO " +
        "NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD " +
        "SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV " +
        "WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWG";

    private static readonly Dictionary<string, string> Index = BuildIndex();

    /// <summary>Every code, upper case, in alphabetical order.</summary>
    public static IReadOnlyList<string> All { get; } = Array.AsReadOnly(Codes.Split(' '));

    /// <summary>Looks a code up, ignoring case.</summary>
    /// <param name="code">The code as given (already trimmed).</param>
    /// <param name="canonical">The upper-case code.</param>
    /// <returns>True when the code is an active ISO 4217 code.</returns>
    public static bool TryGetCanonical(string? code, out string canonical)
    {
        if (code is not null && code.Length == 3 && Index.TryGetValue(code, out var found))
        {
            canonical = found;
            return true;
        }

        canonical = string.Empty;
        return false;
    }

    private static Dictionary<string, string> BuildIndex()
    {
        var index = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var code in Codes.Split(' '))
        {
            index.Add(code, code);
        }

        return index;
    }
}
