using System;
using System.Globalization;
using PhoneNumbers;

namespace MetricaChats.Core.Chats.Values;

/// <summary>Why a phone number was refused.</summary>
internal enum PhoneProblem
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>A character that is neither a digit nor a separator (<see cref="PhoneResult.Detail"/>: the character).</summary>
    BadCharacter,

    /// <summary>No digits, or far too many to be a phone number.</summary>
    DigitCount,

    /// <summary>Written without a country code, and no default region names the country.</summary>
    NoCountryCode,

    /// <summary>The digits after <c>+</c> start with no country calling code.</summary>
    UnknownCountryCode,

    /// <summary>Too short for its country (<see cref="PhoneResult.Detail"/>: the region).</summary>
    TooShort,

    /// <summary>Too long for its country.</summary>
    TooLong,

    /// <summary>A length no number of its country has.</summary>
    InvalidLength,

    /// <summary>The right length, but no number of its country has this pattern (unassigned range).</summary>
    NotInUse,
}

/// <summary>A phone number in E.164 form (<c>+</c> and digits), or the reason it is not one.</summary>
internal readonly struct PhoneResult
{
    public PhoneResult(string? number, PhoneProblem problem, string detail)
    {
        Number = number;
        Problem = problem;
        Detail = detail;
    }

    /// <summary>The number as <c>+</c> and digits, or null.</summary>
    public string? Number { get; }

    public PhoneProblem Problem { get; }

    /// <summary>The offending character, the region, or the digit count, depending on <see cref="Problem"/>.</summary>
    public string Detail { get; }

    public static PhoneResult Ok(string number) => new(number, PhoneProblem.None, string.Empty);

    public static PhoneResult Fail(PhoneProblem problem, string detail = "") => new(null, problem, detail);
}

/// <summary>
/// Reads phone numbers and validates them with libphonenumber. A number written with <c>+</c> or
/// <c>00</c> (spaces, NBSP, dashes, dots, brackets and slashes allowed; an optional <c>tel:</c>) is
/// checked as international. Digits without either are a national number of
/// <see cref="DefaultRegion"/> when one is set (<c>8 (912) 000-00-00</c> with RU), else, or when not
/// valid that way, international digits without the plus (WhatsApp's <c>79161234567</c>). A number
/// already in E.164 form that is valid comes back as the same string, without any parsing (the fast
/// path). Thread-safe.
/// </summary>
internal sealed class PhoneNumberParser
{
    /// <summary>More digits than any phone number, even national with a trunk prefix, carries.</summary>
    private const int MaxDigits = 17;

    private readonly PhoneNumberValidator _validator = PhoneNumberValidator.Instance;

    /// <summary>Creates a parser.</summary>
    /// <param name="defaultRegion">The ISO 3166 code of the country of national numbers (already checked by <see cref="PhoneRegions"/>), or null.</param>
    public PhoneNumberParser(string? defaultRegion)
    {
        DefaultRegion = defaultRegion;
    }

    /// <summary>The country of numbers written without a country code; null: none (national forms are refused).</summary>
    public string? DefaultRegion { get; }

    /// <summary>Reads one cleaned, non-empty value.</summary>
    public PhoneResult Parse(string value)
    {
        if (IsCanonical(value) && _validator.ValidRegion(value, 1) is not null)
        {
            return PhoneResult.Ok(value);
        }

        var start = value.StartsWith("tel:", StringComparison.OrdinalIgnoreCase) ? 4 : 0;
        var digits = new char[MaxDigits + 1];
        var count = 0;
        var plus = false;
        for (var i = start; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= '0' && c <= '9')
            {
                if (count == digits.Length)
                {
                    return PhoneResult.Fail(PhoneProblem.DigitCount, "more than " + MaxDigits.ToString(CultureInfo.InvariantCulture));
                }

                digits[count++] = c;
            }
            else if (c == '+' && count == 0 && !plus)
            {
                plus = true;
            }
            else if (!IsSeparator(c))
            {
                return PhoneResult.Fail(PhoneProblem.BadCharacter, c.ToString());
            }
        }

        var first = 0;
        if (!plus && count > 2 && digits[0] == '0' && digits[1] == '0')
        {
            first = 2; // 00: the international call prefix, as in 00 44 ...
            plus = true;
        }

        var n = count - first;
        if (n < 3)
        {
            return PhoneResult.Fail(PhoneProblem.DigitCount, n.ToString(CultureInfo.InvariantCulture));
        }

        var international = "+" + new string(digits, first, n);
        if (plus)
        {
            return _validator.ValidRegion(international, 1) is not null ? PhoneResult.Ok(international) : FromLibrary(international, null);
        }

        if (DefaultRegion is { } region)
        {
            var national = FromLibrary(international.Substring(1), region);
            return national.Number is not null || _validator.ValidRegion(international, 1) is null ? national : PhoneResult.Ok(international);
        }

        return _validator.ValidRegion(international, 1) is not null
            ? PhoneResult.Ok(international)
            : PhoneResult.Fail(PhoneProblem.NoCountryCode, new string(digits, first, n));
    }

    /// <summary>"+" and 7 to 15 digits, not starting with 0: the form Metrica receives.</summary>
    private static bool IsCanonical(string value)
    {
        if (value.Length < ChatTextLimits.PhoneMinDigits + 1 || value.Length > ChatTextLimits.PhoneMaxDigits + 1 || value[0] != '+' || value[1] == '0')
        {
            return false;
        }

        for (var i = 1; i < value.Length; i++)
        {
            if (value[i] < '0' || value[i] > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSeparator(char c) =>
        c == ' ' || c == '\u00a0' || c == '\u202f' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || (c >= '\u2010' && c <= '\u2015');

    /// <summary>
    /// The library's reading: repairs what it knows (a national prefix after the country code,
    /// <c>+44 (0)20 ...</c>), explains the rest.
    /// </summary>
    private PhoneResult FromLibrary(string text, string? region)
    {
        var util = _validator.Util;
        PhoneNumber number;
        try
        {
            number = util.Parse(text, region ?? "ZZ");
        }
        catch (NumberParseException ex)
        {
            return ex.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE => PhoneResult.Fail(region is null ? PhoneProblem.UnknownCountryCode : PhoneProblem.InvalidLength, region ?? string.Empty),
                ErrorType.TOO_LONG => PhoneResult.Fail(PhoneProblem.TooLong, region ?? string.Empty),
                _ => PhoneResult.Fail(PhoneProblem.TooShort, region ?? string.Empty),
            };
        }

        var numberRegion = util.GetRegionCodeForCountryCode(number.CountryCode);
        if (util.IsValidNumber(number))
        {
            var e164 = util.Format(number, PhoneNumberFormat.E164);
            return _validator.ValidRegion(e164, 1) is not null ? PhoneResult.Ok(e164) : PhoneResult.Fail(PhoneProblem.NotInUse, numberRegion);
        }

        return util.IsPossibleNumberWithReason(number) switch
        {
            PhoneNumberUtil.ValidationResult.TOO_SHORT => PhoneResult.Fail(PhoneProblem.TooShort, numberRegion),
            PhoneNumberUtil.ValidationResult.TOO_LONG => PhoneResult.Fail(PhoneProblem.TooLong, numberRegion),
            PhoneNumberUtil.ValidationResult.INVALID_LENGTH => PhoneResult.Fail(PhoneProblem.InvalidLength, numberRegion),
            PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE => PhoneResult.Fail(PhoneProblem.UnknownCountryCode, string.Empty),
            _ => PhoneResult.Fail(PhoneProblem.NotInUse, numberRegion),
        };
    }
}
