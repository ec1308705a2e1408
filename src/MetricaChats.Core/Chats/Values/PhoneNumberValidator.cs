using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using PhoneNumbers;

namespace MetricaChats.Core.Chats.Values;

/// <summary>
/// libphonenumber's <c>IsValidNumber</c> for a number already split into country calling code and
/// national significant number, without building a <see cref="PhoneNumber"/>: the same metadata
/// (the library's own), the same rules (the region is chosen among those sharing the calling code by
/// leading digits or by a matching number type; the number is valid when it matches the region's
/// general pattern and one of its number types, each within its possible lengths), one compiled
/// regular expression per rule. About five times faster than the library's own call, which is what
/// keeps the import's fast path for numbers already written as <c>+</c> and digits.
/// <c>PhoneNumberValidatorTests</c> compares the two on every region. Thread-safe.
/// </summary>
internal sealed class PhoneNumberValidator
{
    private const int MaxCallingCode = 999;

    private static readonly Lazy<PhoneNumberValidator> Shared = new(() => new PhoneNumberValidator(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly PhoneNumberUtil _util;
    private readonly bool[] _isCallingCode = new bool[MaxCallingCode + 1];
    private readonly CallingCode?[] _rules = new CallingCode?[MaxCallingCode + 1];

    private PhoneNumberValidator()
    {
        _util = PhoneNumberUtil.GetInstance();
        foreach (var code in _util.GetSupportedCallingCodes())
        {
            if (code > 0 && code <= MaxCallingCode)
            {
                _isCallingCode[code] = true;
            }
        }
    }

    /// <summary>The one instance (the metadata is loaded on first use).</summary>
    public static PhoneNumberValidator Instance => Shared.Value;

    /// <summary>The library, for parsing national forms and explaining invalid numbers.</summary>
    public PhoneNumberUtil Util => _util;

    /// <summary>
    /// The calling code at the start of the digits <paramref name="s"/>[<paramref name="start"/>..]
    /// (1 to 3 digits; calling codes are prefix-free), or 0 when they start with 0 or with no known code.
    /// </summary>
    public int CountryCode(string s, int start, out int length)
    {
        length = 0;
        if (start >= s.Length || s[start] == '0')
        {
            return 0;
        }

        var code = 0;
        for (var i = 0; i < 3 && start + i < s.Length; i++)
        {
            var c = s[start + i];
            if (c < '0' || c > '9')
            {
                return 0;
            }

            code = (code * 10) + (c - '0');
            if (_isCallingCode[code])
            {
                length = i + 1;
                return code;
            }
        }

        return 0;
    }

    /// <summary>
    /// The region (ISO 3166 code, or <c>001</c> for non-geographic numbers) of the valid international
    /// number whose digits are <paramref name="s"/>[<paramref name="start"/>..]; null when it is not valid.
    /// </summary>
    public string? ValidRegion(string s, int start)
    {
        var code = CountryCode(s, start, out var length);
        if (code == 0)
        {
            return null;
        }

        var nsnStart = start + length;
        var regions = Rules(code).Regions;
        if (regions.Length == 1)
        {
            return regions[0].Matches(s, nsnStart) ? regions[0].Code : null;
        }

        foreach (var region in regions)
        {
            if (region.LeadingDigits is { } leading)
            {
                if (leading.IsMatch(s, nsnStart))
                {
                    return region.Matches(s, nsnStart) ? region.Code : null;
                }
            }
            else if (region.Matches(s, nsnStart))
            {
                return region.Code;
            }
        }

        return null;
    }

    private CallingCode Rules(int code)
    {
        var rules = Volatile.Read(ref _rules[code]);
        if (rules is null)
        {
            // A race builds the same rules twice at worst; either copy is right.
            rules = Build(code);
            Volatile.Write(ref _rules[code], rules);
        }

        return rules;
    }

    private CallingCode Build(int code)
    {
        var list = new List<Region>();
        foreach (var regionCode in _util.GetRegionCodesForCountryCode(code))
        {
            var metadata = regionCode == "001" ? _util.GetMetadataForNonGeographicalRegion(code) : _util.GetMetadataForRegion(regionCode);
            if (metadata is not null)
            {
                list.Add(new Region(regionCode, metadata));
            }
        }

        return new CallingCode(list.ToArray());
    }

    private sealed class CallingCode
    {
        public CallingCode(Region[] regions) => Regions = regions;

        public Region[] Regions { get; }
    }

    private sealed class Region
    {
        private readonly Regex? _general;
        private readonly Regex? _anyType;
        private readonly HashSet<int> _generalLengths;

        public Region(string code, PhoneMetadata metadata)
        {
            Code = code;
            var leading = metadata.LeadingDigits;
            LeadingDigits = string.IsNullOrEmpty(leading) ? null : Compile(@"\G(?:" + leading + ")");
            _generalLengths = new HashSet<int>(metadata.GeneralDesc.PossibleLengthList);
            _general = Pattern(metadata.GeneralDesc) is { } general ? Compile(@"\G(?:" + general + @")\z") : null;

            // Every number type IsValidNumber accepts, each limited to its own possible lengths.
            var types = new StringBuilder();
            foreach (var desc in new[] { metadata.PremiumRate, metadata.TollFree, metadata.SharedCost, metadata.Voip, metadata.PersonalNumber, metadata.Pager, metadata.Uan, metadata.Voicemail, metadata.FixedLine, metadata.Mobile })
            {
                if (desc is null || Pattern(desc) is not { } pattern)
                {
                    continue;
                }

                var lengths = desc.PossibleLengthList;
                if (lengths.Count == 1 && lengths[0] == -1)
                {
                    continue; // the type has no numbers in this region
                }

                types.Append(types.Length == 0 ? string.Empty : "|");
                if (lengths.Count > 0)
                {
                    types.Append("(?=");
                    for (var i = 0; i < lengths.Count; i++)
                    {
                        types.Append(i == 0 ? string.Empty : "|").Append(@"[0-9]{").Append(lengths[i]).Append(@"}\z");
                    }

                    types.Append(')');
                }

                types.Append("(?:").Append(pattern).Append(')');
            }

            _anyType = types.Length == 0 ? null : Compile(@"\G(?:" + types + @")\z");
        }

        public string Code { get; }

        public Regex? LeadingDigits { get; }

        /// <summary>libphonenumber's "number type is not UNKNOWN" for the national number at <paramref name="start"/>.</summary>
        public bool Matches(string s, int start)
        {
            var length = s.Length - start;
            return _general is not null && _anyType is not null &&
                (_generalLengths.Count == 0 || _generalLengths.Contains(length)) &&
                _general.IsMatch(s, start) && _anyType.IsMatch(s, start);
        }

        private static string? Pattern(PhoneNumberDesc desc) =>
            desc.HasNationalNumberPattern && desc.NationalNumberPattern.Length > 0 ? desc.NationalNumberPattern : null;

        private static Regex Compile(string pattern) =>
            new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, Regex.InfiniteMatchTimeout); // trusted patterns (libphonenumber's metadata) on at most 17 digits
    }
}
