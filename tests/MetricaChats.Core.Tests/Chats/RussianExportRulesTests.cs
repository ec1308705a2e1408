using MetricaChats.Core.Chats;
using Xunit;

namespace MetricaChats.Core.Tests.Chats;

/// <summary>The normaliser on what Russian exports hold: zones, national phones, Russian names and amounts (issue 13).</summary>
public sealed class RussianExportRulesTests
{
    private static readonly ChatOptionNames Cli = new() { DefaultRegionOption = "--default-region {0}", TimeZoneOption = "--timezone {0}", ExtendedWindowCommand = "calls-window enable" };

    private static ChatRecord Row(string time, string phone, string platform = "Ватсап") => new()
    {
        RowNumber = 3,
        DateTime = time,
        ChatPlatform = platform,
        PhoneNumber = phone,
        ClientId = "1700000000123456789",
    };

    [Fact]
    public void A_named_zone_reads_offset_less_times_there()
    {
        Assert.True(ChatTimeZones.TryFind("Europe/Moscow", out var moscow, out _));
        var normalizer = new ChatEventNormalizer(new ChatNormalizerOptions { Clock = new FixedClock(), LocalTimeZone = moscow! });
        var result = normalizer.Normalize(Row("21.11.2026 14:30", "+79123456789"));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 11, 30, 0, TimeSpan.Zero), result.Event!.DateTime);
        Assert.DoesNotContain(result.Issues, i => i.Code == ChatIssueCodes.TimesReadAsUtc);
    }

    [Theory]
    [InlineData("Europe/Moscow", 3)]
    [InlineData("Russian Standard Time", 3)]
    [InlineData("Asia/Almaty", 5)]
    [InlineData("Asia/Tashkent", 5)]
    [InlineData("West Asia Standard Time", 5)]
    [InlineData("Asia/Yekaterinburg", 5)]
    [InlineData("+03:00", 3)]
    [InlineData("UTC+4", 4)]
    [InlineData("utc", 0)]
    public void Zones_are_found_by_IANA_id_Windows_id_or_offset(string name, int hours)
    {
        Assert.True(ChatTimeZones.TryFind(name, out var zone, out var problem), problem);
        Assert.Equal(TimeSpan.FromHours(hours), zone!.GetUtcOffset(new DateTime(2026, 11, 21, 12, 0, 0, DateTimeKind.Unspecified)));
    }

    [Theory]
    [InlineData("Moscow")]
    [InlineData("Europe/Atlantis")]
    [InlineData("+25:00")]
    public void Unknown_zones_are_refused_with_examples(string name)
    {
        Assert.False(ChatTimeZones.TryFind(name, out _, out var problem));
        Assert.Contains("Europe/Moscow", problem);
    }

    [Fact]
    public void On_a_UTC_machine_the_first_offset_less_time_says_so_once_naming_the_option()
    {
        var options = new ChatNormalizerOptions { Clock = new FixedClock(), OptionNames = Cli, MachineTimeZone = TimeZoneInfo.Utc };
        var normalizer = new ChatEventNormalizer(options);

        var first = normalizer.Normalize(Row("21.11.2026 09:00", "+79123456789"));
        var second = normalizer.Normalize(Row("21.11.2026 10:00", "+79123456789"));
        var withOffset = new ChatEventNormalizer(options).Normalize(Row("2026-11-21T09:00:00+03:00", "+79123456789"));

        var notice = Assert.Single(first.Issues, i => i.Code == ChatIssueCodes.TimesReadAsUtc);
        Assert.Equal(ChatIssueSeverity.Warning, notice.Severity);
        Assert.Contains("UTC", notice.Message);
        Assert.Contains("--timezone Europe/Moscow", notice.Fix);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero), first.Event!.DateTime);
        Assert.DoesNotContain(second.Issues, i => i.Code == ChatIssueCodes.TimesReadAsUtc);
        Assert.DoesNotContain(withOffset.Issues, i => i.Code == ChatIssueCodes.TimesReadAsUtc);
    }

    [Fact]
    public void A_named_UTC_zone_is_a_choice_and_gets_no_notice()
    {
        var normalizer = new ChatEventNormalizer(new ChatNormalizerOptions { Clock = new FixedClock(), LocalTimeZone = TimeZoneInfo.Utc, MachineTimeZone = TimeZoneInfo.Utc });
        Assert.DoesNotContain(normalizer.Normalize(Row("21.11.2026 09:00", "+79123456789")).Issues, i => i.Code == ChatIssueCodes.TimesReadAsUtc);
    }

    [Fact]
    public void A_time_in_the_future_because_of_the_zone_names_the_zone_option()
    {
        // Exported in Moscow an hour ago (14:00 MSK = 11:00 UTC, now 12:00 UTC), read on a UTC machine: 3 hours in the future.
        var normalizer = new ChatEventNormalizer(new ChatNormalizerOptions { Clock = new FixedClock(), OptionNames = Cli, MachineTimeZone = TimeZoneInfo.Utc });
        var error = normalizer.Normalize(Row("21.11.2026 14:00", "+79123456789")).Error!;
        Assert.Equal(ChatIssueCodes.FutureDateTime, error.Code);
        Assert.Contains("--timezone Europe/Moscow", error.Fix);
        Assert.Contains("this machine's zone", error.Fix);
    }

    [Fact]
    public void National_phones_need_the_default_region_and_the_error_names_it()
    {
        var without = new ChatEventNormalizer(new ChatNormalizerOptions { Clock = new FixedClock(), LocalTimeZone = FixedClock.Plus3, OptionNames = Cli });
        var error = without.Normalize(Row("21.11.2026 14:30", "8 (912) 000-00-00")).Error!;
        Assert.Equal(ChatIssueCodes.InvalidPhoneNumber, error.Code);
        Assert.Contains("--default-region RU", error.Fix);

        var with = new ChatEventNormalizer(new ChatNormalizerOptions { Clock = new FixedClock(), LocalTimeZone = FixedClock.Plus3, DefaultRegion = "RU" });
        Assert.Equal("+79120000000", with.Normalize(Row("21.11.2026 14:30", "8 (912) 000-00-00")).Event!.PhoneNumber);
        Assert.Equal("+79120000000", with.Normalize(Row("21.11.2026 14:30", "8-912-000-00-00")).Event!.PhoneNumber);
        Assert.Equal("+79120000000", with.Normalize(Row("21.11.2026 14:30", "89120000000")).Event!.PhoneNumber);
    }

    [Fact]
    public void An_unknown_default_region_is_refused_when_the_normaliser_is_made()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ChatEventNormalizer(new ChatNormalizerOptions { DefaultRegion = "Russia" }));
        Assert.Contains("RU", ex.Message);
    }

    [Theory]
    [InlineData("Ватсап", ChatPlatform.WhatsApp)]
    [InlineData("вотсап", ChatPlatform.WhatsApp)]
    [InlineData("WhatsApp", ChatPlatform.WhatsApp)]
    [InlineData("Телеграм", ChatPlatform.Telegram)]
    [InlineData("телеграмм", ChatPlatform.Telegram)]
    [InlineData("Вайбер", ChatPlatform.Viber)]
    public void Russian_messenger_names_are_read(string name, ChatPlatform platform)
    {
        Assert.Equal(platform, FixedClock.Normalizer().Normalize(Row("2026-11-20T10:00:00Z", "+79123456789", name)).Event!.ChatPlatform);
    }

    [Theory]
    [InlineData("12 000,00", "12000.00")]
    [InlineData("12\u00a0000,00", "12000.00")]
    [InlineData("12\u202f000,50", "12000.50")]
    [InlineData("1 234 567", "1234567")]
    [InlineData("990", "990")]
    public void Amounts_with_group_separators_are_numbers(string text, string expected)
    {
        var record = Row("2026-11-20T10:00:00Z", "+79123456789");
        record.Revenue = text;
        record.Currency = "RUB";
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FixedClock.Normalizer().Normalize(record).Event!.Revenue);
    }

    [Fact]
    public void The_join_window_warning_offers_no_setting_and_names_no_front_ends_command()
    {
        // Older than 21 days: no setting joins it (the extended window reaches 21 days), so the
        // warning suggests none; the once-per-run advice about the window is the front end's.
        var normalizer = new ChatEventNormalizer(new ChatNormalizerOptions { Clock = new FixedClock(), LocalTimeZone = FixedClock.Plus3, OptionNames = Cli });
        var warning = Assert.Single(normalizer.Normalize(Row("2026-10-01T10:00:00Z", "+79123456789")).Issues, i => i.Code == ChatIssueCodes.OutsideJoinWindow);
        Assert.Contains("no setting lets Metrica join", warning.Fix);
        Assert.DoesNotContain("calls-window", warning.Fix);
        Assert.DoesNotContain("Enable-Metrica", warning.Fix);
    }

    [Fact]
    public void A_reading_error_on_the_record_rejects_it_with_that_error()
    {
        var record = Row("2026-11-20T10:00:00Z", "+79123456789");
        record.ReadError = new ChatIssue(3, null, "x", ChatIssueCodes.NoKnownColumns, "No column is a chat field.", "Fix.");
        var result = FixedClock.Normalizer().Normalize(record);
        Assert.Null(result.Event);
        Assert.Same(record.ReadError, result.Error);
    }

    [Fact]
    public void The_resolver_settles_zones_and_regions_and_leaves_what_it_cannot_read()
    {
        ChatTimeZones.TryFind("Europe/Moscow", out var moscow, out _);
        var resolver = new ChatValueResolver(moscow, "RU");
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 14, 30, 0, TimeSpan.FromHours(3)), resolver.Time("21.11.2026 14:30"));
        Assert.Equal("2026-11-21T14:30:00Z", resolver.Time("2026-11-21T14:30:00Z"));
        Assert.Equal("yesterday", resolver.Time("yesterday"));
        Assert.Equal("+79120000000", resolver.Phone("8 (912) 000-00-00"));
        Assert.Equal("call me", resolver.Phone("call me"));
        Assert.True(new ChatValueResolver(null, null).IsEmpty);
    }
}
