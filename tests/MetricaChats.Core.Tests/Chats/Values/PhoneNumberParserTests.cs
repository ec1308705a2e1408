using MetricaChats.Core.Chats;
using MetricaChats.Core.Chats.Values;
using Xunit;

namespace MetricaChats.Core.Tests.Chats.Values;

/// <summary>Phone numbers of the CIS and beyond, international and national, valid and not (libphonenumber underneath).</summary>
public sealed class PhoneNumberParserTests
{
    private static readonly PhoneNumberParser NoRegion = new(null);

    [Theory]
    // Russia: mobile and Moscow fixed line, every common spelling.
    [InlineData("+79123456789", "+79123456789")]
    [InlineData("+7 (912) 345-67-89", "+79123456789")]
    [InlineData("+7 912 345 67 89", "+79123456789")]
    [InlineData("8-10-7-912-345-67-89x", null)]
    [InlineData("+7 495 123-45-67", "+74951234567")]
    [InlineData("0079123456789", "+79123456789")]
    [InlineData("79123456789", "+79123456789")] // WhatsApp's digits without the plus
    [InlineData("tel:+7-912-345-67-89", "+79123456789")]
    [InlineData("+7 8 912 345-67-89", "+79123456789")] // a trunk prefix after the country code: repaired
    // Kazakhstan shares +7: 7xx is KZ.
    [InlineData("+7 701 234 5678", "+77012345678")]
    [InlineData("+7 727 258 12 34", "+77272581234")]
    // Belarus, Uzbekistan, Armenia, Georgia.
    [InlineData("+375 29 123-45-67", "+375291234567")]
    [InlineData("+998 90 123 45 67", "+998901234567")]
    [InlineData("+374 77 123456", "+37477123456")]
    [InlineData("+374 10 123456", "+37410123456")]
    [InlineData("+995 555 12 34 56", "+995555123456")]
    [InlineData("+995 32 2 12 34 56", "+995322123456")]
    // Beyond the CIS.
    [InlineData("+1 415 555 2671", "+14155552671")]
    [InlineData("+49 151 12345678", "+4915112345678")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("+44 (0)20 7946 0958", "+442079460958")]
    [InlineData("+90 532 123 45 67", "+905321234567")]
    [InlineData("+86 138 0013 8000", "+8613800138000")]
    public void International_numbers_are_validated_without_a_region(string input, string? expected)
    {
        Assert.Equal(expected, NoRegion.Parse(input).Number);
    }

    [Theory]
    [InlineData("RU", "8 (912) 345-67-89", "+79123456789")]
    [InlineData("RU", "8-912-345-67-89", "+79123456789")]
    [InlineData("RU", "89123456789", "+79123456789")]
    [InlineData("RU", "9123456789", "+79123456789")]
    [InlineData("RU", "8 495 123-45-67", "+74951234567")]
    [InlineData("RU", "+375 29 123-45-67", "+375291234567")] // with a plus the region does not matter
    [InlineData("RU", "375291234567", "+375291234567")] // not valid in RU, valid as international digits
    [InlineData("KZ", "8 701 234 56 78", "+77012345678")]
    [InlineData("KZ", "8 727 258 12 34", "+77272581234")]
    [InlineData("BY", "8 029 123-45-67", "+375291234567")]
    [InlineData("BY", "80291234567", "+375291234567")]
    [InlineData("UZ", "90 123 45 67", "+998901234567")]
    [InlineData("AM", "077 123456", "+37477123456")]
    [InlineData("GE", "555 12 34 56", "+995555123456")]
    [InlineData("US", "(415) 555-2671", "+14155552671")]
    [InlineData("DE", "0151 12345678", "+4915112345678")]
    [InlineData("DE", "030 123456", "+4930123456")]
    [InlineData("GB", "020 7946 0958", "+442079460958")]
    [InlineData("TR", "0532 123 45 67", "+905321234567")]
    public void National_numbers_are_read_in_the_default_region(string region, string input, string expected)
    {
        Assert.Equal(expected, new PhoneNumberParser(region).Parse(input).Number);
    }

    [Theory]
    [InlineData("8 (912) 345-67-89")]
    [InlineData("89123456789")]
    [InlineData("0151 12345678")]
    [InlineData("8 029 123-45-67")]
    public void National_numbers_without_a_region_are_refused_naming_the_option(string input)
    {
        var result = NoRegion.Parse(input);
        Assert.Null(result.Number);
        Assert.Equal(PhoneProblem.NoCountryCode, result.Problem);
        Assert.Contains("trunk prefix", PhoneMessages.Reason(result));
        var names = new ChatOptionNames { DefaultRegionOption = "--default-region {0}" };
        Assert.Contains("--default-region RU", PhoneMessages.Fix(result, null, names));
    }

    [Theory]
    [InlineData(null, "+7 000 000-00-00", "NotInUse", "RU (+7)")]
    [InlineData(null, "+7 912 345 67 89 0", "InvalidLength", "RU (+7)")]
    [InlineData(null, "+375 29 123-45", "NotInUse", "BY (+375)")]
    [InlineData(null, "+998 90 123 45", "TooShort", "UZ (+998)")]
    [InlineData(null, "+374 00 123456", "NotInUse", "AM (+374)")]
    [InlineData(null, "+995 555 12 34", "NotInUse", "GE (+995)")]
    [InlineData(null, "+1 415 055 2671", "NotInUse", "US (+1)")]
    [InlineData(null, "+972 50 123 4567", "NotInUse", "IL (+972)")]
    [InlineData(null, "+999 123 456 789", "UnknownCountryCode", "country calling code")]
    [InlineData(null, "+7 916 CALL-ME", "BadCharacter", "'C' is not a digit")]
    [InlineData(null, "+79161234567 доб. 12", "BadCharacter", "'д' is not a digit")]
    [InlineData(null, "12", "DigitCount", "2 digits")]
    [InlineData("RU", "8 912 345-67", "TooShort", "RU (+7)")]
    [InlineData("UZ", "8 90 123 45 67", "TooLong", "UZ (+998)")]
    public void Numbers_no_one_can_have_are_refused_with_the_reason(string? region, string input, string problem, string reason)
    {
        var result = new PhoneNumberParser(region).Parse(input);
        Assert.Null(result.Number);
        Assert.Equal(problem, result.Problem.ToString());
        Assert.Contains(reason, PhoneMessages.Reason(result));
    }

    [Fact]
    public void A_valid_number_already_in_E164_comes_back_as_the_same_string()
    {
        var phone = "+79123456789";
        Assert.Same(phone, NoRegion.Parse(phone).Number);
        Assert.Same(phone, new PhoneNumberParser("KZ").Parse(phone).Number);
    }

    [Fact]
    public void With_a_region_the_fix_names_it_and_the_way_to_write_other_countries()
    {
        var result = new PhoneNumberParser("RU").Parse("8 912 345-67");
        var fix = PhoneMessages.Fix(result, "RU", new ChatOptionNames { DefaultRegionOption = "-DefaultRegion {0}" });
        Assert.Contains("RU (+7) (-DefaultRegion RU)", fix);
        Assert.Contains("country code", fix);
    }

    [Theory]
    [InlineData("ru", "RU")]
    [InlineData(" kz ", "KZ")]
    [InlineData(null, null)]
    [InlineData("", null)]
    public void Regions_are_two_letter_codes_in_any_case(string? text, string? expected)
    {
        Assert.True(PhoneRegions.TryParse(text, out var region, out _));
        Assert.Equal(expected, region);
    }

    [Theory]
    [InlineData("Russia")]
    [InlineData("XX")]
    [InlineData("7")]
    public void Unknown_regions_are_refused_with_examples(string text)
    {
        Assert.False(PhoneRegions.TryParse(text, out _, out var problem));
        Assert.Contains("RU, KZ", problem);
    }
}
