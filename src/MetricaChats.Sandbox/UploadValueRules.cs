using System.Globalization;

namespace MetricaChats.Sandbox;

/// <summary>
/// The value checks offline uploads share (Unix time, ids, phone, flags, money, URLs), each
/// returning what is wrong with a value in the words a row error uses, or null when it is fine.
/// A value quoted in a message is cut (<see cref="Shown"/>), so no message grows with the file.
/// </summary>
internal static class UploadValueRules
{
    /// <summary>The longest value quoted in a row error.</summary>
    public const int ShownValueLength = 200;

    /// <summary>The most digits a ClientId or Yclid has (an unsigned 64-bit number has 20).</summary>
    public const int MaxIdDigits = 20;

    /// <summary>A value as quoted in a message: long ones are cut, with their length.</summary>
    public static string Shown(string value) =>
        value.Length <= ShownValueLength ? value : string.Concat(value.AsSpan(0, ShownValueLength), $"… ({value.Length} characters)");

    /// <summary>Unix seconds, digits only, more than 0 and not after <paramref name="now"/>.</summary>
    /// <param name="what">What the rows are, for "… must be in the past" (e.g. <c>calls</c>).</param>
    public static string? UnixTime(string name, string value, DateTimeOffset now, string what)
    {
        if (!IsDigits(value) || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds) || seconds <= 0)
        {
            return $"{name} '{Shown(value)}' is not a Unix time in whole seconds (e.g. 1700000000)";
        }

        long nowSeconds = now.ToUnixTimeSeconds();
        return seconds > nowSeconds
            ? $"{name} {Shown(value)} is in the future (now is {nowSeconds}); {what} must be in the past"
            : null;
    }

    /// <summary>An optional leading <c>+</c>, then 5 to 20 digits, no spaces or other signs.</summary>
    public static string? Phone(string name, string value)
    {
        string digits = value.StartsWith('+') ? value.Substring(1) : value;
        return digits.Length >= 5 && digits.Length <= 20 && IsDigits(digits)
            ? null
            : $"{name} '{Shown(value)}' is not a phone number of digits with an optional leading + and no spaces (e.g. +70123456789)";
    }

    /// <summary>Digits only, at most <see cref="MaxIdDigits"/> (ClientId, Yclid).</summary>
    public static string? Digits(string name, string value) =>
        IsDigits(value) && value.Length <= MaxIdDigits ? null : $"{name} '{Shown(value)}' must be digits only";

    /// <summary>Exactly <c>1</c> or <c>0</c>.</summary>
    public static string? ZeroOrOne(string name, string value) =>
        value is "0" or "1" ? null : $"{name} '{Shown(value)}' must be 1 or 0";

    /// <summary>A whole number of seconds from 0 to <see cref="int.MaxValue"/>, digits only.</summary>
    public static string? Seconds(string name, string value) =>
        IsDigits(value) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? null
            : $"{name} '{Shown(value)}' is not a whole, non-negative number of seconds (digits only, at most {int.MaxValue}, e.g. 95)";

    /// <summary>At most <paramref name="maxLength"/> characters.</summary>
    public static string? Tag(string name, string value, int maxLength) =>
        value.Length <= maxLength ? null : $"{name} is {value.Length} characters long; at most {maxLength}";

    /// <summary>A non-negative decimal with <c>.</c> as separator.</summary>
    public static string? Price(string name, string value) =>
        IsDecimal(value) ? null : $"{name} '{Shown(value)}' is not a non-negative decimal with '.' as separator (e.g. 1500.50)";

    /// <summary>Three upper-case Latin letters (whether Metrica supports the code is checked apart: an unsupported one is dropped, not refused).</summary>
    public static string? Currency(string name, string value) =>
        value.Length == 3 && value.All(c => c >= 'A' && c <= 'Z')
            ? null
            : $"{name} '{Shown(value)}' is not a 3-letter ISO 4217 code in upper case (e.g. RUB)";

    /// <summary>An absolute <c>http</c> or <c>https</c> URL.</summary>
    public static string? Url(string name, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? null
            : $"{name} '{Shown(value)}' is not an absolute http(s) URL";

    /// <summary>True when the value is one or more ASCII digits.</summary>
    public static bool IsDigits(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDecimal(string value)
    {
        int dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return IsDigits(value);
        }

        return IsDigits(value.Substring(0, dot)) && IsDigits(value.Substring(dot + 1));
    }
}
