using System;
using System.Globalization;

namespace MetricaChats.Core.Linking;

/// <summary>
/// The shape of a tracking id: an optional prefix followed by a fixed number of characters from
/// <see cref="Alphabet"/>. Ids are case-insensitive; the canonical form is upper case.
/// </summary>
/// <remarks>
/// The alphabet has 31 characters: the digits 2-9 and the letters A-Z without I, L and O, so no two
/// characters look alike (0/O, 1/I/L are all gone). Every character is valid in a Telegram start
/// parameter (<c>A-Z a-z 0-9 _ -</c>, at most 64 characters), so an id can go into a bot deep link
/// as is. With the default 12 characters an id carries about 59 bits of randomness.
/// </remarks>
public sealed class TrackingIdFormat
{
    /// <summary>The characters a generated id is made of (besides its prefix).</summary>
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /// <summary>Default number of random characters.</summary>
    public const int DefaultLength = 12;

    /// <summary>Fewest random characters allowed (about 30 bits).</summary>
    public const int MinLength = 6;

    /// <summary>The longest a Telegram start parameter may be, and so the longest id (prefix included).</summary>
    public const int MaxTotalLength = 64;

    private static readonly bool[] InAlphabet = BuildLookup();

    /// <summary>Creates a format.</summary>
    /// <param name="prefix">Optional prefix of letters, digits, <c>_</c> and <c>-</c>, kept in upper case; null or empty for none.</param>
    /// <param name="length">Number of random characters after the prefix, <see cref="MinLength"/> or more.</param>
    /// <exception cref="ArgumentException">The prefix has a character Telegram does not allow, or the id would exceed 64 characters.</exception>
    public TrackingIdFormat(string? prefix = null, int length = DefaultLength)
    {
        prefix ??= string.Empty;
        for (var i = 0; i < prefix.Length; i++)
        {
            if (!IsStartParameterChar(prefix[i]))
            {
                throw new ArgumentException(
                    string.Format(CultureInfo.InvariantCulture, "Prefix '{0}' has the character '{1}' at position {2}; a tracking id may hold only the letters A-Z, the digits 0-9, '_' and '-' (Telegram's start parameter rule). Use for example 'SHOP-'.", prefix, prefix[i], i + 1),
                    nameof(prefix));
            }
        }

        if (length < MinLength)
        {
            throw new ArgumentException(
                string.Format(CultureInfo.InvariantCulture, "Length {0} is too short: ids of fewer than {1} random characters collide too easily. Use {2} (the default) or more.", length, MinLength, DefaultLength),
                nameof(length));
        }

        if (prefix.Length + length > MaxTotalLength)
        {
            throw new ArgumentException(
                string.Format(CultureInfo.InvariantCulture, "Prefix '{0}' ({1} characters) plus {2} random characters makes {3}, over Telegram's limit of {4} for a start parameter. Shorten the prefix or the length.", prefix, prefix.Length, length, prefix.Length + length, MaxTotalLength),
                nameof(length));
        }

        Prefix = prefix.ToUpperInvariant();
        Length = length;
    }

    /// <summary>The default format: no prefix, 12 random characters.</summary>
    public static TrackingIdFormat Default { get; } = new();

    /// <summary>
    /// The format ids must have when reading them back, from the options a user gives: null (any id of
    /// 4 to 64 characters in a tag or start parameter) when there is neither a prefix nor a length;
    /// otherwise <paramref name="prefix"/> and <paramref name="length"/> random characters
    /// (<see cref="DefaultLength"/> when <paramref name="length"/> is 0).
    /// </summary>
    /// <exception cref="ArgumentException">As for the constructor.</exception>
    public static TrackingIdFormat? Expected(string? prefix, int length) =>
        string.IsNullOrEmpty(prefix) && length <= 0 ? null : new TrackingIdFormat(prefix, length > 0 ? length : DefaultLength);

    /// <summary>The prefix in upper case (empty when none).</summary>
    public string Prefix { get; }

    /// <summary>Number of random characters after the prefix.</summary>
    public int Length { get; }

    /// <summary>Total length of an id in this format.</summary>
    public int TotalLength => Prefix.Length + Length;

    /// <summary>Bits of randomness in one id (<c>Length * log2(31)</c>).</summary>
    public double EntropyBits => Length * Math.Log(Alphabet.Length, 2);

    /// <summary>True when <paramref name="c"/> is one of the 31 alphabet characters (upper case only).</summary>
    public static bool IsAlphabetChar(char c) => c < InAlphabet.Length && InAlphabet[c];

    /// <summary>True when <paramref name="c"/> is allowed in a Telegram start parameter (<c>A-Z a-z 0-9 _ -</c>).</summary>
    public static bool IsStartParameterChar(char c) =>
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';

    /// <summary>True when <paramref name="value"/> is a valid Telegram start parameter: 1 to 64 of <c>A-Z a-z 0-9 _ -</c>.</summary>
    public static bool IsValidStartParameter(string? value)
    {
        if (string.IsNullOrEmpty(value) || value!.Length > MaxTotalLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!IsStartParameterChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when <paramref name="canonicalId"/> (already upper case) is this format's prefix followed by
    /// exactly <see cref="Length"/> alphabet characters.
    /// </summary>
    public bool IsMatch(string? canonicalId)
    {
        if (canonicalId is null || canonicalId.Length != TotalLength ||
            !canonicalId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = Prefix.Length; i < canonicalId.Length; i++)
        {
            if (!IsAlphabetChar(canonicalId[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0}{1} characters of {2}", Prefix.Length > 0 ? "'" + Prefix + "' + " : string.Empty, Length, Alphabet);

    private static bool[] BuildLookup()
    {
        var table = new bool[128];
        foreach (var c in Alphabet)
        {
            table[c] = true;
        }

        return table;
    }
}
