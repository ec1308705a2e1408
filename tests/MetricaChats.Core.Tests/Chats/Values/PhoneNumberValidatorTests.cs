using MetricaChats.Core.Chats.Values;
using PhoneNumbers;
using Xunit;

namespace MetricaChats.Core.Tests.Chats.Values;

/// <summary>The fast validator must say exactly what libphonenumber's IsValidNumber says, for every region.</summary>
public sealed class PhoneNumberValidatorTests
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    [Fact]
    public void It_agrees_with_libphonenumber_on_every_region_for_examples_and_their_neighbours()
    {
        var validator = PhoneNumberValidator.Instance;
        var random = new Random(13);
        var checkedNumbers = 0;
        var disagreements = new List<string>();
        var types = Enum.GetValues<PhoneNumberType>();
        foreach (var region in Util.GetSupportedRegions())
        {
            foreach (var type in types)
            {
                var example = Util.GetExampleNumberForType(region, type);
                if (example is null)
                {
                    continue;
                }

                var digits = Util.Format(example, PhoneNumberFormat.E164).Substring(1);
                foreach (var candidate in Variants(digits, random))
                {
                    checkedNumbers++;
                    var library = Library(candidate);
                    var ours = validator.ValidRegion("+" + candidate, 1) is not null;
                    if (library != ours)
                    {
                        disagreements.Add($"+{candidate} ({region} {type}): library {library}, ours {ours}");
                    }
                }
            }
        }

        Assert.Empty(disagreements.Take(20));
        Assert.True(checkedNumbers > 15_000, "checked " + checkedNumbers);
    }

    [Fact]
    public void It_agrees_on_non_geographic_numbers_and_shared_calling_codes()
    {
        var validator = PhoneNumberValidator.Instance;
        foreach (var code in Util.GetSupportedGlobalNetworkCallingCodes())
        {
            var example = Util.GetExampleNumberForNonGeoEntity(code);
            if (example is null)
            {
                continue;
            }

            var digits = Util.Format(example, PhoneNumberFormat.E164).Substring(1);
            Assert.Equal(Library(digits), validator.ValidRegion("+" + digits, 1) is not null);
            Assert.Equal("001", validator.ValidRegion("+" + digits, 1));
        }

        Assert.Equal("RU", validator.ValidRegion("+79123456789", 1));
        Assert.Equal("KZ", validator.ValidRegion("+77012345678", 1));
        Assert.Equal("CA", validator.ValidRegion("+16135550123", 1));
        Assert.Null(validator.ValidRegion("+0123456789", 1));
    }

    /// <summary>
    /// libphonenumber's IsValidNumber on exactly these digits: the number is built from the calling code
    /// and the rest (leading zeros kept as the library keeps them), not parsed, because parsing repairs
    /// some inputs (a trunk prefix after the country code) before validating.
    /// </summary>
    private static bool Library(string digits)
    {
        var code = PhoneNumberValidator.Instance.CountryCode(digits, 0, out var length);
        var nsn = digits.Substring(length);
        if (code == 0 || nsn.Length == 0 || nsn.Length > 17)
        {
            return false;
        }

        var zeros = nsn.Length - nsn.TrimStart('0').Length;
        var builder = new PhoneNumber.Builder().SetCountryCode(code).SetNationalNumber(ulong.Parse(nsn, System.Globalization.CultureInfo.InvariantCulture));
        if (zeros > 0)
        {
            builder.SetNumberOfLeadingZeros(zeros);
        }

        return Util.IsValidNumber(builder.Build());
    }

    /// <summary>The example, one digit changed, one digit more and less, and a few random tails.</summary>
    private static IEnumerable<string> Variants(string digits, Random random)
    {
        yield return digits;
        yield return digits + random.Next(10);
        yield return digits.Substring(0, digits.Length - 1);
        for (var i = 0; i < 10; i++)
        {
            var chars = digits.ToCharArray();
            var at = random.Next(Math.Min(3, chars.Length - 1), chars.Length);
            chars[at] = (char)('0' + random.Next(10));
            yield return new string(chars);
        }
    }
}
