using System.Globalization;
using MetricaChats.Core.Chats;
using Xunit;

namespace MetricaChats.Core.Tests.Chats;

public class ChatEventNormalizerTests
{
    private static readonly ChatEventNormalizer Normalizer = FixedClock.Normalizer();

    private static ChatEvent Ok(ChatRecord record)
    {
        var result = Normalizer.Normalize(record);
        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.All(result.Issues, i => Assert.Equal(ChatIssueSeverity.Warning, i.Severity));
        return result.Event!;
    }

    private static ChatIssue Rejected(ChatRecord record, string code)
    {
        var result = Normalizer.Normalize(record);
        Assert.False(result.IsValid);
        Assert.Null(result.Event);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(ChatIssueSeverity.Error, issue.Severity);
        Assert.Equal(code, issue.Code);
        Assert.Same(issue, result.Error);
        Assert.Equal(record.RowNumber, issue.RowNumber);
        Assert.False(string.IsNullOrWhiteSpace(issue.Message));
        Assert.False(string.IsNullOrWhiteSpace(issue.Fix));
        return issue;
    }

    private static ChatRecord With(Action<ChatRecord> change)
    {
        var r = FixedClock.Valid();
        change(r);
        return r;
    }

    [Fact]
    public void A_valid_record_becomes_an_event_without_issues()
    {
        var result = Normalizer.Normalize(FixedClock.Valid());
        Assert.True(result.IsValid);
        Assert.Empty(result.Issues);
        Assert.Null(result.Error);
        var e = result.Event!;
        Assert.Equal(7, e.RowNumber);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), e.DateTime);
        Assert.Equal(TimeSpan.Zero, e.DateTime.Offset);
        Assert.Equal(ChatPlatform.Telegram, e.ChatPlatform);
        Assert.Equal("ivan", e.ChatUsername);
        Assert.Equal("1700000000123456789", e.ClientId);
    }

    [Fact]
    public void Null_record_is_an_argument_error()
    {
        Assert.Throws<ArgumentNullException>(() => Normalizer.Normalize(null!));
    }

    // ---------------- DateTime ----------------

    public static TheoryData<object, long> Times => new()
    {
        { "2026-11-20T10:00:00Z", 1795168800 },
        { "2026-11-20T10:00:00+00:00", 1795168800 },
        { "2026-11-20T13:00:00+03:00", 1795168800 },
        { "2026-11-20T13:00:00+0300", 1795168800 },
        { "2026-11-20T13:00:00+03", 1795168800 },
        { "2026-11-20T05:00:00-05:00", 1795168800 },
        { "2026-11-20 10:00:00 UTC", 1795168800 },
        { "2026-11-20t10:00:00z", 1795168800 },
        { "2026-11-20T10:00:00.987Z", 1795168800 },
        { "2026-11-20T10:00:00,5Z", 1795168800 },
        { "2026-11-20T10:00Z", 1795168800 },
        { "2026-11-20T13:00:00", 1795168800 },          // local = UTC+3 in these tests
        { "2026-11-20 13:00:00", 1795168800 },
        { "2026-11-20 13:00", 1795168800 },
        { "20.11.2026 13:00:00", 1795168800 },          // Russian export format, local
        { "20.11.2026, 13:00", 1795168800 },
        { "1795168800", 1795168800 },                   // Unix seconds as text
        { "1795168800123", 1795168800 },                // Unix milliseconds as text
        { "1795168800.75", 1795168800 },
        { " 1795168800 ", 1795168800 },
        { 1795168800L, 1795168800 },
        { 1795168800, 1795168800 },
        { 1795168800123L, 1795168800 },
        { 1795168800.9d, 1795168800 },
        { "Fri, 20 Nov 2026 10:00:00 GMT", 1795168800 },
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void Times_in_every_common_form_become_utc_unix_seconds(object input, long expected)
    {
        var e = Ok(With(r => r.DateTime = input));
        Assert.Equal(expected, e.UnixTime);
        Assert.Equal(TimeSpan.Zero, e.DateTime.Offset);
    }

    [Fact]
    public void DateTime_and_DateTimeOffset_objects_are_understood_by_kind()
    {
        var utc = new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal(1795168800, Ok(With(r => r.DateTime = utc)).UnixTime);
        Assert.Equal(1795168800, Ok(With(r => r.DateTime = new DateTimeOffset(2026, 11, 20, 13, 0, 0, TimeSpan.FromHours(3)))).UnixTime);

        // Unspecified: the configured local zone (UTC+3 here).
        var unspecified = new DateTime(2026, 11, 20, 13, 0, 0, DateTimeKind.Unspecified);
        Assert.Equal(1795168800, Ok(With(r => r.DateTime = unspecified)).UnixTime);

        // Local: the machine's zone, by definition of DateTimeKind.Local.
        var local = utc.ToLocalTime();
        Assert.Equal(1795168800, Ok(With(r => r.DateTime = local)).UnixTime);
    }

    [Fact]
    public void Times_without_offset_follow_the_configured_local_zone()
    {
        var minus5 = TimeZoneInfo.CreateCustomTimeZone("Test-05", TimeSpan.FromHours(-5), "Test-05", "Test-05");
        var n = new ChatEventNormalizer(new ChatNormalizerOptions { Clock = new FixedClock(), LocalTimeZone = minus5 });
        var result = n.Normalize(With(r => r.DateTime = "2026-11-20T05:00:00"));
        Assert.Equal(1795168800, result.Event!.UnixTime);
    }

    [Fact]
    public void Default_options_are_system_clock_local_zone_5_minutes_and_21_days()
    {
        var o = new ChatNormalizerOptions();
        Assert.Same(TimeProvider.System, o.Clock);
        Assert.Same(TimeZoneInfo.Local, o.LocalTimeZone);
        Assert.Equal(TimeSpan.FromMinutes(5), o.AllowedClockSkew);
        Assert.Equal(TimeSpan.FromDays(21), o.JoinWindow);
        Assert.Same(o, new ChatEventNormalizer(o).Options);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_time_is_rejected(string? value)
    {
        var issue = Rejected(With(r => r.DateTime = value), ChatIssueCodes.MissingDateTime);
        Assert.Equal(ChatField.DateTime, issue.Field);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-01T10:00:00Z")]
    [InlineData("2026-02-30T10:00:00Z")]
    [InlineData("2026-11-20T25:00:00Z")]
    [InlineData("2026-11-20T10:61:00Z")]
    [InlineData("2026-11-20T10:00:00+15:00")]
    [InlineData("2026-11-20T10:00:00 Moscow")]
    [InlineData("11/20/2026 10:00")]
    [InlineData("12345678901234567")]
    [InlineData("1795168800.")]
    public void Unreadable_time_is_rejected_with_the_value(string value)
    {
        var issue = Rejected(With(r => r.DateTime = value), ChatIssueCodes.InvalidDateTime);
        Assert.Equal(value, issue.Value);
        Assert.Contains(value, issue.Message);
        Assert.Contains("ISO 8601", issue.Fix);
    }

    [Theory]
    [InlineData("2026-11-20")]
    [InlineData("20.11.2026")]
    public void Date_without_time_of_day_is_rejected(string value)
    {
        var issue = Rejected(With(r => r.DateTime = value), ChatIssueCodes.InvalidDateTime);
        Assert.Contains("no time of day", issue.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e15)]
    public void Non_finite_or_huge_numbers_are_not_times(double value)
    {
        Rejected(With(r => r.DateTime = value), ChatIssueCodes.InvalidDateTime);
    }

    [Fact]
    public void Future_times_are_rejected_beyond_the_allowed_skew()
    {
        var now = FixedClock.DefaultNow;
        Ok(With(r => r.DateTime = now.AddMinutes(4)));
        Ok(With(r => r.DateTime = now.AddMinutes(5)));
        var issue = Rejected(With(r => r.DateTime = now.AddMinutes(6)), ChatIssueCodes.FutureDateTime);
        Assert.Contains("future", issue.Message);
        Assert.Contains("2026-11-21 12:00:00 UTC", issue.Message);
        Assert.Contains("own offset", issue.Fix);

        // A time without an offset was read in the configured zone: the fix names the zone and the setting.
        var local = Rejected(With(r => r.DateTime = "2026-11-21 15:06:00"), ChatIssueCodes.FutureDateTime);
        Assert.Contains("Test+03", local.Fix);
        Assert.Contains("the time zone setting (Europe/Moscow)", local.Fix);

        var strict = new ChatEventNormalizer(new ChatNormalizerOptions { Clock = new FixedClock(), AllowedClockSkew = TimeSpan.Zero });
        Assert.Equal(ChatIssueCodes.FutureDateTime, strict.Normalize(With(r => r.DateTime = now.AddSeconds(1))).Error!.Code);
    }

    [Fact]
    public void A_local_time_read_as_utc_plus_3_that_is_really_later_is_caught_as_future()
    {
        // 14:30 local (UTC+3) = 11:30 UTC: fine; 15:30 local = 12:30 UTC: future.
        Ok(With(r => r.DateTime = "2026-11-21T14:30:00"));
        Rejected(With(r => r.DateTime = "2026-11-21T15:30:00"), ChatIssueCodes.FutureDateTime);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1999-12-31T23:59:59Z")]
    [InlineData("-5")]
    public void Times_before_2000_are_rejected_as_too_old(string value)
    {
        Rejected(With(r => r.DateTime = value), ChatIssueCodes.DateTimeTooOld);
    }

    [Fact]
    public void Events_older_than_the_join_window_are_sent_with_a_warning()
    {
        var now = FixedClock.DefaultNow;
        var inside = Normalizer.Normalize(With(r => r.DateTime = now.AddDays(-21).AddMinutes(1)));
        Assert.True(inside.IsValid);
        Assert.Empty(inside.Issues);

        var outside = Normalizer.Normalize(With(r => r.DateTime = now.AddDays(-21).AddMinutes(-1)));
        Assert.True(outside.IsValid);
        var warning = Assert.Single(outside.Issues);
        Assert.Equal(ChatIssueCodes.OutsideJoinWindow, warning.Code);
        Assert.Equal(ChatIssueSeverity.Warning, warning.Severity);
        Assert.Equal(ChatField.DateTime, warning.Field);
        Assert.Null(outside.Error);

        var week = new ChatEventNormalizer(new ChatNormalizerOptions { Clock = new FixedClock(), JoinWindow = TimeSpan.FromDays(7) });
        Assert.Equal(ChatIssueCodes.OutsideJoinWindow, Assert.Single(week.Normalize(With(r => r.DateTime = now.AddDays(-8))).Issues).Code);
    }

    [Fact]
    public void The_older_than_21_days_warning_says_no_setting_joins_the_row_and_names_no_command()
    {
        var now = FixedClock.DefaultNow;
        var warning = Assert.Single(Normalizer.Normalize(With(r => r.DateTime = now.AddDays(-30))).Issues);

        // Enabling the extended window cannot help a row older than 21 days, and Core names no front end's command.
        Assert.Contains("no setting", warning.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("enable", warning.Fix, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Metrica-", warning.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("metrica-chats", warning.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepted_is_called_with_every_accepted_event_and_never_for_a_rejected_row()
    {
        var seen = new List<ChatEvent>();
        var normalizer = new ChatEventNormalizer(new ChatNormalizerOptions { Clock = new FixedClock(), Accepted = seen.Add });

        var good = normalizer.Normalize(With(r => r.DateTime = FixedClock.DefaultNow.AddHours(-20)));
        normalizer.Normalize(With(r => r.ChatPlatform = "icq"));

        Assert.Same(good.Event, Assert.Single(seen));
    }

    // ---------------- ChatPlatform ----------------

    [Theory]
    [InlineData("whatsapp", ChatPlatform.WhatsApp)]
    [InlineData("WhatsApp", ChatPlatform.WhatsApp)]
    [InlineData("WHATSAPP", ChatPlatform.WhatsApp)]
    [InlineData("wa", ChatPlatform.WhatsApp)]
    [InlineData("Whats App", ChatPlatform.WhatsApp)]
    [InlineData(" whatsapp business ", ChatPlatform.WhatsApp)]
    [InlineData("telegram", ChatPlatform.Telegram)]
    [InlineData("TG", ChatPlatform.Telegram)]
    [InlineData("Телеграм", ChatPlatform.Telegram)]
    [InlineData("viber", ChatPlatform.Viber)]
    [InlineData("Vb", ChatPlatform.Viber)]
    public void Messenger_spellings_are_understood(string value, ChatPlatform expected)
    {
        Assert.Equal(expected, Ok(With(r => r.ChatPlatform = value)).ChatPlatform);
        Assert.True(ChatEventNormalizer.TryParseChatPlatform(value, out var p));
        Assert.Equal(expected, p);
    }

    [Theory]
    [InlineData("icq")]
    [InlineData("whatsapp2")]
    [InlineData("1")]
    public void Unknown_messengers_are_rejected(string value)
    {
        var issue = Rejected(With(r => r.ChatPlatform = value), ChatIssueCodes.InvalidChatPlatform);
        Assert.Equal(ChatField.ChatPlatform, issue.Field);
        Assert.Equal(value, issue.Value);
        Assert.Contains("whatsapp, telegram or viber", issue.Fix);
    }

    [Fact]
    public void Missing_messenger_is_rejected()
    {
        Rejected(With(r => r.ChatPlatform = " "), ChatIssueCodes.MissingChatPlatform);
        Assert.False(ChatEventNormalizer.TryParseChatPlatform(null, out _));
    }

    // ---------------- chat partner ----------------

    [Fact]
    public void At_least_one_partner_id_is_required()
    {
        var issue = Rejected(With(r => { r.ChatUsername = null; }), ChatIssueCodes.MissingChatPartner);
        Assert.Null(issue.Field);
        Assert.Contains("ChatUsername", issue.Message);

        Assert.Equal("12345", Ok(With(r => { r.ChatUsername = null; r.ChatUserId = "12345"; })).ChatUserId);
        Assert.Equal("+79161234567", Ok(With(r => { r.ChatUsername = null; r.PhoneNumber = "+79161234567"; })).PhoneNumber);
    }

    [Theory]
    [InlineData("+79161234567", "+79161234567")]
    [InlineData("+7 (916) 123-45-67", "+79161234567")]
    [InlineData("79161234567", "+79161234567")]
    [InlineData("0079161234567", "+79161234567")]
    [InlineData("tel:+7-916-123-45-67", "+79161234567")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData(" +1.415.555.2671 ", "+14155552671")]
    [InlineData("+7\u00a0916\u00a0123\u201245\u201267", "+79161234567")]
    public void Phones_become_plus_and_digits(string input, string expected)
    {
        Assert.Equal(expected, Ok(With(r => r.PhoneNumber = input)).PhoneNumber);
    }

    [Fact]
    public void A_phone_already_in_canonical_form_is_kept_as_the_same_string()
    {
        var phone = "+79161234567";
        Assert.Same(phone, Ok(With(r => r.PhoneNumber = phone)).PhoneNumber);
    }

    [Theory]
    [InlineData("+7 916 CALL-ME", "not a digit")]
    [InlineData("12345", "digits")]
    [InlineData("+1234567890123456", "too long")]
    [InlineData("89161234567", "trunk prefix")]
    [InlineData("0201234567", "trunk prefix")]
    [InlineData("+79161234567 ext 12", "not a digit")]
    [InlineData("+7+9161234567", "not a digit")]
    public void Implausible_phones_are_rejected_with_the_reason(string input, string reason)
    {
        var issue = Rejected(With(r => r.PhoneNumber = input), ChatIssueCodes.InvalidPhoneNumber);
        Assert.Equal(ChatField.PhoneNumber, issue.Field);
        Assert.Contains(reason, issue.Message);
        Assert.Contains("country code", issue.Fix);
    }

    [Fact]
    public void An_invalid_phone_does_not_also_count_as_a_missing_partner()
    {
        var r = With(x => { x.ChatUsername = null; x.PhoneNumber = "abc"; });
        var issue = Rejected(r, ChatIssueCodes.InvalidPhoneNumber);
        Assert.DoesNotContain(ChatIssueCodes.MissingChatPartner, issue.Message);
    }

    [Fact]
    public void Very_long_ids_are_rejected_and_the_value_is_shortened()
    {
        var huge = new string('x', 100_000);
        var issue = Rejected(With(r => r.ChatUsername = huge), ChatIssueCodes.ValueTooLong);
        Assert.Equal(ChatField.ChatUsername, issue.Field);
        Assert.True(issue.Value!.Length <= ChatTextLimits.ShownValue);
        Assert.EndsWith("…", issue.Value);
        Assert.True(issue.Message.Length < 400);
        Ok(With(r => r.ChatUsername = new string('x', ChatTextLimits.Id)));
        Rejected(With(r => r.PurchaseId = new string('x', ChatTextLimits.Id + 1)), ChatIssueCodes.ValueTooLong);
        Rejected(With(r => r.UserId = new string('x', ChatTextLimits.Id + 1)), ChatIssueCodes.ValueTooLong);
    }

    // ---------------- Metrica ids ----------------

    [Theory]
    [InlineData("1700000000123456789")]
    [InlineData(" 42 ")]
    [InlineData("18446744073709551615")]
    public void Numeric_client_ids_are_accepted(string value)
    {
        Assert.Equal(value.Trim(), Ok(With(r => r.ClientId = value)).ClientId);
        Assert.Equal(value.Trim(), Ok(With(r => r.Yclid = value)).Yclid);
    }

    [Theory]
    [InlineData("GA1.2.123.456")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("18446744073709551616")]
    [InlineData("1.5e18")]
    [InlineData("12 34")]
    public void Non_numeric_client_ids_and_yclids_are_rejected(string value)
    {
        Assert.Equal(ChatField.ClientId, Rejected(With(r => r.ClientId = value), ChatIssueCodes.InvalidClientId).Field);
        Assert.Equal(ChatField.Yclid, Rejected(With(r => { r.ClientId = null; r.Yclid = value; }), ChatIssueCodes.InvalidYclid).Field);
    }

    [Fact]
    public void UserId_and_PurchaseId_are_free_text()
    {
        var e = Ok(With(r => { r.UserId = "user-42@site"; r.PurchaseId = "ORD/2026/7"; }));
        Assert.Equal("user-42@site", e.UserId);
        Assert.Equal("ORD/2026/7", e.PurchaseId);
    }

    [Fact]
    public void Rows_without_a_metrica_id_are_valid_but_unattributed()
    {
        var result = Normalizer.Normalize(With(r => r.ClientId = null));
        Assert.True(result.IsValid);
        var w = Assert.Single(result.Issues);
        Assert.Equal(ChatIssueCodes.Unattributed, w.Code);
        Assert.Equal(ChatIssueSeverity.Warning, w.Severity);
        Assert.False(result.Event!.IsAttributed);

        foreach (var set in new Action<ChatRecord>[] { r => r.UserId = "u", r => r.Yclid = "5", r => r.PurchaseId = "p" })
        {
            var attributed = Normalizer.Normalize(With(r => { r.ClientId = null; set(r); }));
            Assert.Empty(attributed.Issues);
        }
    }

    // ---------------- Answered ----------------

    [Theory]
    [InlineData("true", true)]
    [InlineData("FALSE", false)]
    [InlineData("yes", true)]
    [InlineData("No", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData(" y ", true)]
    [InlineData("да", true)]
    public void Answered_flags_are_read_from_text(string value, bool expected)
    {
        Assert.Equal(expected, Ok(With(r => r.Answered = value)).Answered);
    }

    [Fact]
    public void Answered_flags_are_read_from_bools_and_numbers_and_empty_is_unknown()
    {
        Assert.True(Ok(With(r => r.Answered = true)).Answered);
        Assert.False(Ok(With(r => r.Answered = 0)).Answered);
        Assert.True(Ok(With(r => r.Answered = 1L)).Answered);
        Assert.Null(Ok(With(r => r.Answered = "")).Answered);
        Assert.Null(Ok(With(r => r.Answered = null)).Answered);
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData(2)]
    [InlineData("2")]
    public void Other_answered_values_are_rejected(object value)
    {
        Assert.Equal(ChatField.Answered, Rejected(With(r => r.Answered = value), ChatIssueCodes.InvalidAnswered).Field);
    }

    // ---------------- Tag ----------------

    [Fact]
    public void Tags_up_to_100_characters_pass_and_longer_are_rejected()
    {
        Assert.Equal(new string('t', 100), Ok(With(r => r.Tag = new string('t', 100))).Tag);
        var issue = Rejected(With(r => r.Tag = new string('t', 101)), ChatIssueCodes.TagTooLong);
        Assert.Contains("101", issue.Message);
        Assert.Equal(ChatField.Tag, issue.Field);
    }

    [Fact]
    public void Tag_length_counts_characters_not_utf16_units()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 100)); // 200 UTF-16 units, 100 characters
        Assert.Equal(emoji, Ok(With(r => r.Tag = emoji)).Tag);
        Rejected(With(r => r.Tag = emoji + "x"), ChatIssueCodes.TagTooLong);
    }

    // ---------------- Revenue and currency ----------------

    [Theory]
    [InlineData("1500.50", "1500.50")]
    [InlineData("1500,50", "1500.50")]
    [InlineData(" 1 500,50 ", "1500.50")]
    [InlineData("1\u00a0500", "1500")]
    [InlineData("0", "0")]
    [InlineData("0.99", "0.99")]
    [InlineData("+12", "12")]
    [InlineData("007", "7")]
    [InlineData("1,500", "1.500")] // one separator is the decimal separator
    public void Revenue_text_with_dot_or_comma_decimals(string input, string expected)
    {
        var e = Ok(With(r => { r.Revenue = input; r.Currency = "RUB"; }));
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), e.Revenue);
    }

    [Fact]
    public void Revenue_numbers_of_any_type()
    {
        Assert.Equal(12.5m, Ok(With(r => { r.Revenue = 12.5m; r.Currency = "RUB"; })).Revenue);
        Assert.Equal(12.5m, Ok(With(r => { r.Revenue = 12.5d; r.Currency = "RUB"; })).Revenue);
        Assert.Equal(12m, Ok(With(r => { r.Revenue = 12; r.Currency = "RUB"; })).Revenue);
        Assert.Null(Ok(With(r => r.Revenue = "  ")).Revenue);
    }

    [Theory]
    [InlineData("12.5.1")]
    [InlineData("1,500.50")]
    [InlineData("$12")]
    [InlineData("12 руб")]
    [InlineData("abc")]
    [InlineData("12.")]
    [InlineData("-")]
    [InlineData("1e5")]
    [InlineData("99999999999999999999")]
    public void Unreadable_revenue_is_rejected(string value)
    {
        var issue = Rejected(With(r => { r.Revenue = value; r.Currency = "RUB"; }), ChatIssueCodes.InvalidRevenue);
        Assert.Equal(ChatField.Revenue, issue.Field);
        Assert.Contains("decimal separator", issue.Fix);
    }

    [Fact]
    public void Non_finite_double_revenue_is_rejected()
    {
        Rejected(With(r => { r.Revenue = double.NaN; r.Currency = "RUB"; }), ChatIssueCodes.InvalidRevenue);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-0,01")]
    public void Negative_revenue_is_rejected(string value)
    {
        Rejected(With(r => { r.Revenue = value; r.Currency = "RUB"; }), ChatIssueCodes.NegativeRevenue);
    }

    [Theory]
    [InlineData("rub", "RUB")]
    [InlineData(" Usd ", "USD")]
    [InlineData("EUR", "EUR")]
    [InlineData("kzt", "KZT")]
    [InlineData("BYN", "BYN")]
    public void Currency_codes_are_upper_cased(string input, string expected)
    {
        Assert.Equal(expected, Ok(With(r => { r.Revenue = "1"; r.Currency = input; })).Currency);
    }

    [Theory]
    [InlineData("RUR")]
    [InlineData("руб")]
    [InlineData("US")]
    [InlineData("DOLLAR")]
    [InlineData("XXX")]
    [InlineData("XTS")]
    public void Unknown_currency_codes_are_rejected(string value)
    {
        var issue = Rejected(With(r => { r.Revenue = "1"; r.Currency = value; }), ChatIssueCodes.InvalidCurrency);
        Assert.Equal(ChatField.Currency, issue.Field);
        Assert.Contains("ISO 4217", issue.Fix);
    }

    [Fact]
    public void The_iso_list_is_complete_enough_and_well_formed()
    {
        Assert.InRange(Iso4217.All.Count, 170, 190);
        Assert.All(Iso4217.All, c => Assert.Matches("^[A-Z]{3}$", c));
        Assert.Equal(Iso4217.All.Count, Iso4217.All.Distinct().Count());
        foreach (var code in new[] { "RUB", "USD", "EUR", "UAH", "BYN", "KZT", "TRY", "UZS", "GEL", "AMD", "CNY", "JPY", "GBP", "CHF", "AED", "VES", "ZWG", "SLE", "XCG" })
        {
            Assert.True(Iso4217.TryGetCanonical(code, out _), code);
        }

        foreach (var withdrawn in new[] { "RUR", "HRK", "CUC", "ZWL", "LTL", "EEK" })
        {
            Assert.False(Iso4217.TryGetCanonical(withdrawn, out _), withdrawn);
        }
    }

    [Fact]
    public void Revenue_without_currency_is_sent_with_a_warning()
    {
        var result = Normalizer.Normalize(With(r => r.Revenue = "100"));
        Assert.True(result.IsValid);
        Assert.Equal(ChatIssueCodes.RevenueWithoutCurrency, Assert.Single(result.Issues).Code);
        Assert.Null(result.Event!.Currency);
    }

    // ---------------- URLs ----------------

    [Theory]
    [InlineData("https://example.com/page?utm_source=x#top", "https://example.com/page?utm_source=x#top")]
    [InlineData("HTTP://Example.com", "HTTP://Example.com")]
    [InlineData("https://пример.рф/страница", "https://пример.рф/страница")]
    [InlineData("https://example.com:8443/a b", "https://example.com:8443/a%20b")]
    [InlineData("http://[::1]:8080/x", "http://[::1]:8080/x")]
    [InlineData("https://example.com.:8080/x", "https://example.com.:8080/x")]
    [InlineData("https://xn--e1afmkfd.xn--p1ai/?q=1", "https://xn--e1afmkfd.xn--p1ai/?q=1")]
    [InlineData("https://192.168.0.1/x", "https://192.168.0.1/x")]
    [InlineData("https://example.com:/x", "https://example.com:/x")]
    public void Absolute_http_urls_are_accepted(string input, string expected)
    {
        var e = Ok(With(r => { r.Url = input; r.TrackerUrl = input; }));
        Assert.Equal(expected, e.Url);
        Assert.Equal(expected, e.TrackerUrl);
    }

    [Theory]
    [InlineData("example.com/page")]
    [InlineData("/page")]
    [InlineData("ftp://example.com/file")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://")]
    [InlineData("https:///path")]
    [InlineData("https://exa mple.com/")]
    [InlineData("https://example.com/\u3000x")]
    [InlineData("https://tracker.example.-net/c/1")]
    [InlineData("https://a-.example.com/")]
    [InlineData("https://a..b/")]
    [InlineData("https://.example.com/")]
    [InlineData("https://user:pw@example.com/")]
    [InlineData("http://[zz]/")]
    [InlineData("http://[1.2.3.4]/")]
    [InlineData("https://ex_ample.com/")]
    [InlineData("https://example.com:99999/")]
    [InlineData("https://example.com:8a/")]
    [InlineData("https://example.com\\path")]
    [InlineData("https://example.com/a\\b")]
    public void Other_urls_are_rejected(string value)
    {
        Assert.Equal(ChatField.Url, Rejected(With(r => r.Url = value), ChatIssueCodes.InvalidUrl).Field);
        Assert.Equal(ChatField.TrackerUrl, Rejected(With(r => r.TrackerUrl = value), ChatIssueCodes.InvalidUrl).Field);
    }

    [Fact]
    public void Every_url_the_normaliser_accepts_is_an_absolute_http_uri_for_System_Uri()
    {
        // The sandbox (and most servers) judge URLs with System.Uri; accepting less is fine, more is not.
        var random = new Random(20261121);
        const string alphabet = "ab0-_.:[]@é%/?#Z9 ";
        for (var k = 0; k < 20_000; k++)
        {
            var chars = new char[random.Next(1, 14)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            var url = (random.Next(2) == 0 ? "https://" : "http://") + new string(chars);
            var result = Normalizer.Normalize(With(r => r.Url = url));
            if (result.IsValid)
            {
                Assert.True(Uri.TryCreate(result.Event!.Url, UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https"), url);
            }
        }
    }

    [Fact]
    public void Overlong_urls_are_rejected()
    {
        var url = "https://example.com/?q=" + new string('a', ChatTextLimits.Url);
        Rejected(With(r => r.Url = url), ChatIssueCodes.ValueTooLong);
    }

    // ---------------- cleaning and hostile input ----------------

    [Fact]
    public void Text_is_trimmed_and_control_characters_are_removed()
    {
        var e = Ok(With(r =>
        {
            r.ChatUsername = "  iv\u0000an\u0007 ";
            r.Tag = "line one\r\nline two\tend\u200b";
            r.UserId = "\ufeffu1";
            r.PurchaseId = "a\u0085b\u009fc";
        }));
        Assert.Equal("ivan", e.ChatUsername);
        Assert.Equal("line one line two end", e.Tag);
        Assert.Equal("u1", e.UserId);
        Assert.Equal("a bc", e.PurchaseId);
    }

    [Fact]
    public void Clean_text_returns_the_same_instance_when_nothing_changes_and_null_when_nothing_is_left()
    {
        var s = "hello, \"world\" 😀";
        Assert.Same(s, ChatEventNormalizer.CleanText(s));
        Assert.Null(ChatEventNormalizer.CleanText("\u0001\r\n \t"));
        Assert.Null(ChatEventNormalizer.CleanText(""));
        Assert.Null(ChatEventNormalizer.CleanText(null));
    }

    [Fact]
    public void Quotes_commas_newlines_and_unicode_are_kept_as_data()
    {
        var e = Ok(With(r =>
        {
            r.ChatUsername = "O'Brien, \"Jr\"";
            r.Tag = "Привет, мир 👋 «цитата»";
            r.PurchaseId = "a;b|c";
        }));
        Assert.Equal("O'Brien, \"Jr\"", e.ChatUsername);
        Assert.Equal("Привет, мир 👋 «цитата»", e.Tag);
        Assert.Equal("a;b|c", e.PurchaseId);
    }

    [Fact]
    public void An_empty_row_is_one_EmptyRow_error()
    {
        var issue = Rejected(new ChatRecord { RowNumber = 3, ChatUsername = "  ", Tag = "\r\n" }, ChatIssueCodes.EmptyRow);
        Assert.Null(issue.Field);
        Assert.Equal(3, issue.RowNumber);
    }

    [Fact]
    public void Duplicate_rows_are_each_normalised_to_equal_events()
    {
        var a = Ok(FixedClock.Valid());
        var b = Ok(FixedClock.Valid());
        Assert.NotSame(a, b);
        Assert.Equal(a.UnixTime, b.UnixTime);
        Assert.Equal(a.ChatUsername, b.ChatUsername);
        Assert.Equal(a.ClientId, b.ClientId);
    }

    // ---------------- the one-error rule ----------------

    [Fact]
    public void A_row_with_many_problems_gets_exactly_one_error_naming_the_first_field_and_the_others()
    {
        var r = new ChatRecord
        {
            RowNumber = 12,
            DateTime = "soon",
            ChatPlatform = "icq",
            PhoneNumber = "abc",
            ClientId = "x",
            Currency = "RUR",
            Url = "nowhere",
        };
        var issue = Rejected(r, ChatIssueCodes.InvalidDateTime);
        Assert.Equal(ChatField.DateTime, issue.Field);
        Assert.Equal("soon", issue.Value);
        Assert.Contains("ChatPlatform (InvalidChatPlatform)", issue.Message);
        Assert.Contains("PhoneNumber (InvalidPhoneNumber)", issue.Message);
        Assert.Contains("ClientId (InvalidClientId)", issue.Message);
        Assert.Contains("Currency (InvalidCurrency)", issue.Message);
        Assert.Contains("Url (InvalidUrl)", issue.Message);
        Assert.StartsWith("Row 12, field DateTime, value 'soon':", issue.ToString());
        Assert.Contains("Fix: ", issue.ToString());
    }

    [Fact]
    public void The_first_failing_field_follows_column_order()
    {
        var r = With(x => { x.Url = "bad"; x.Tag = new string('t', 200); x.Answered = "perhaps"; });
        Assert.Equal(ChatField.Answered, Rejected(r, ChatIssueCodes.InvalidAnswered).Field);
    }

    [Fact]
    public void Messages_escape_control_characters_in_values()
    {
        var issue = Rejected(With(r => r.DateTime = new DateTime(2040, 1, 1, 0, 0, 0, DateTimeKind.Utc)), ChatIssueCodes.FutureDateTime);
        Assert.Equal("2040-01-01T00:00:00.0000000Z", issue.Value);

        var cc = Rejected(With(r => r.ChatPlatform = "ic\u0001q"), ChatIssueCodes.InvalidChatPlatform);
        Assert.DoesNotContain('\u0001', cc.Message);
    }

    [Fact]
    public void A_warning_free_valid_result_shares_the_empty_issue_list()
    {
        var a = Normalizer.Normalize(FixedClock.Valid());
        var b = Normalizer.Normalize(FixedClock.Valid());
        Assert.Same(a.Issues, b.Issues);
        Assert.NotEqual(a, b);
        Assert.Equal(a, a);
    }
}
