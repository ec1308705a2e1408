using System.Globalization;

namespace MetricaChats.Core.Chats.Values;

/// <summary>The words for a refused phone number, shared by the import's rows and the links.</summary>
internal static class PhoneMessages
{
    /// <summary>Why, as a clause: "it has no country code ...".</summary>
    public static string Reason(PhoneResult result) => result.Problem switch
    {
        PhoneProblem.BadCharacter => $"the character '{result.Detail}' is not a digit or a separator",
        PhoneProblem.DigitCount => $"it has {result.Detail} digits, which no phone number has",
        PhoneProblem.NoCountryCode => NoCountryCode(result.Detail),
        PhoneProblem.UnknownCountryCode => "no country calling code starts it",
        PhoneProblem.TooShort => $"it is too short for {Country(result.Detail)}",
        PhoneProblem.TooLong => $"it is too long for {Country(result.Detail)}",
        PhoneProblem.InvalidLength => $"no {Country(result.Detail)} number has this many digits",
        PhoneProblem.NotInUse => $"it is not a valid {Country(result.Detail)} number (no number in use there has this pattern)",
        _ => "it is not a phone number",
    };

    /// <summary>What to do.</summary>
    public static string Fix(PhoneResult result, string? defaultRegion, ChatOptionNames names) => result.Problem switch
    {
        PhoneProblem.NoCountryCode =>
            $"Write it with its country code (+7 912 000-00-00), or name the country of numbers written without one with {names.DefaultRegion("RU")}.",
        PhoneProblem.BadCharacter or PhoneProblem.DigitCount =>
            "Give the number alone, with its country code, e.g. +7 912 000-00-00 (spaces, dashes and brackets are fine; 00 before the country code works too).",
        _ when defaultRegion is not null =>
            $"Check the number: national numbers are read as {Country(defaultRegion)} ({names.DefaultRegion(defaultRegion)}); a number of another country needs its country code, e.g. +375 29 123-45-67.",
        _ => "Check the number and write it with its country code, e.g. +7 912 000-00-00.",
    };

    private static string NoCountryCode(string digits)
    {
        var national = digits.Length > 0 && (digits[0] == '0' || (digits[0] == '8' && digits.Length == 11))
            ? $" ({digits[0]} at the start is the trunk prefix of a national number)"
            : string.Empty;
        return $"it has no country code (no + or 00), and its {digits.Length.ToString(CultureInfo.InvariantCulture)} digits are not a valid international number either{national}";
    }

    private static string Country(string region) =>
        region.Length == 0 ? "its country"
        : region == "001" ? "a non-geographic number"
        : region + " (+" + PhoneRegions.CallingCode(region).ToString(CultureInfo.InvariantCulture) + ")";
}
