using System;
using System.Collections.Generic;
using System.Globalization;
using MetricaChats.Core.Chats.Values;

namespace MetricaChats.Core.Chats;

/// <summary>The row rules, in column order. docs/chat-fields.md describes each.</summary>
public sealed partial class ChatEventNormalizer
{
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ChatIssue[] NoWarnings = Array.Empty<ChatIssue>();

    private static readonly Dictionary<string, ChatPlatform> PlatformNames = BuildPlatformNames();

    private static readonly Dictionary<string, bool> BooleanNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["true"] = true, ["false"] = false, ["yes"] = true, ["no"] = false, ["y"] = true, ["n"] = false,
        ["1"] = true, ["0"] = false, ["on"] = true, ["off"] = false, ["да"] = true, ["нет"] = false,
        ["answered"] = true, ["unanswered"] = false, ["отвечен"] = true, ["не отвечен"] = false,
    };

    /// <summary>Every spelling <see cref="TryParseChatPlatform"/> accepts, per messenger.</summary>
    public static IReadOnlyDictionary<string, ChatPlatform> ChatPlatformSpellings => PlatformNames;

    /// <summary>
    /// Reads a messenger name in any known spelling, ignoring case and surrounding white
    /// space: <c>WhatsApp</c>, <c>wa</c>, <c>Ватсап</c>, <c>Telegram</c>, <c>tg</c>, <c>Телеграм</c>, <c>Viber</c>, <c>Вайбер</c>, ...
    /// </summary>
    /// <param name="value">The name.</param>
    /// <param name="platform">The messenger.</param>
    /// <returns>True when the name is known.</returns>
    public static bool TryParseChatPlatform(string? value, out ChatPlatform platform)
    {
        platform = default;
        var cleaned = CleanText(value);
        return cleaned is not null && PlatformNames.TryGetValue(cleaned, out platform);
    }

    /// <summary>
    /// Trims a text value and removes control characters (line breaks and tabs become one
    /// space; other controls, zero-width spaces and stray BOMs are dropped). Returns null when
    /// nothing is left. Returns the same instance when nothing needed changing.
    /// </summary>
    /// <param name="value">The raw text.</param>
    /// <returns>The cleaned text, or null.</returns>
    public static string? CleanText(string? value) => ChatText.Clean(value);

    private ChatNormalizeResult NormalizeCore(ChatRecord r)
    {
        if (r.ReadError is { } readError)
        {
            return Reject(readError);
        }

        var row = r.RowNumber;
        RowErrors? errors = null;
        var now = Options.Clock.GetUtcNow();

        var time = CheckTime(ref errors, r, now, out var inZone);
        var platform = CheckPlatform(ref errors, row, r.ChatPlatform);
        var username = CheckId(ref errors, row, ChatField.ChatUsername, r.ChatUsername);
        var chatUserId = CheckId(ref errors, row, ChatField.ChatUserId, r.ChatUserId);
        var phone = CheckPhone(ref errors, row, r.PhoneNumber, out var phoneGiven);
        if (username is null && chatUserId is null && !phoneGiven && (errors is null || !errors.HasPartnerError))
        {
            Fail(ref errors, row, null, null, ChatIssueCodes.MissingChatPartner,
                "The row names no chat partner: ChatUsername, ChatUserId and PhoneNumber are all empty.",
                "Give at least one of them (the messenger username, the messenger user id, or the phone).");
        }

        var clientId = CheckNumericId(ref errors, row, ChatField.ClientId, r.ClientId, ChatIssueCodes.InvalidClientId,
            "the _ym_uid cookie value or the visitor id from Metrica's JavaScript API, digits only");
        var userId = CheckId(ref errors, row, ChatField.UserId, r.UserId);
        var yclid = CheckNumericId(ref errors, row, ChatField.Yclid, r.Yclid, ChatIssueCodes.InvalidYclid,
            "the yclid parameter of the ad click's landing URL, digits only");
        var purchaseId = CheckId(ref errors, row, ChatField.PurchaseId, r.PurchaseId);
        var answered = CheckAnswered(ref errors, row, r.Answered);
        var tag = CheckTag(ref errors, row, r.Tag);
        var revenue = CheckRevenue(ref errors, row, r.Revenue);
        var currency = CheckCurrency(ref errors, row, r.Currency);
        var url = CheckUrl(ref errors, row, ChatField.Url, r.Url);
        var trackerUrl = CheckUrl(ref errors, row, ChatField.TrackerUrl, r.TrackerUrl);

        if (errors is not null)
        {
            // An empty row fails several rules; say what it really is (checked only here, off the hot path).
            return Reject(IsEmptyRecord(r)
                ? new ChatIssue(
                    row, null, null, ChatIssueCodes.EmptyRow,
                    "The row is empty: every field is blank.",
                    "Remove the empty row, or fill in at least DateTime, ChatPlatform and one of ChatUsername, ChatUserId, PhoneNumber.")
                : errors.ToIssue());
        }

        var chatEvent = new ChatEvent
        {
            RowNumber = row,
            DateTime = time.Offset == TimeSpan.Zero ? time : time.ToUniversalTime(),
            ChatPlatform = platform,
            ChatUsername = username,
            ChatUserId = chatUserId,
            PhoneNumber = phone,
            ClientId = clientId,
            UserId = userId,
            Yclid = yclid,
            PurchaseId = purchaseId,
            Answered = answered,
            Tag = tag,
            Revenue = revenue,
            Currency = currency,
            Url = url,
            TrackerUrl = trackerUrl,
        };

        return new ChatNormalizeResult(chatEvent, Warnings(chatEvent, now, inZone ? r.DateTime : null));
    }

    private DateTimeOffset CheckTime(ref RowErrors? errors, ChatRecord r, DateTimeOffset now, out bool inZone)
    {
        var row = r.RowNumber;
        switch (_times.Parse(r.DateTime, out var time, out inZone))
        {
            case ChatTimeParse.Missing:
                Fail(ref errors, row, ChatField.DateTime, null, ChatIssueCodes.MissingDateTime,
                    "DateTime is missing.",
                    "Give the time of the chat: ISO 8601 (2026-11-21T14:30:00+03:00), dd.MM.yyyy HH:mm, Unix seconds or milliseconds.");
                break;
            case ChatTimeParse.Invalid:
                Fail(ref errors, row, ChatField.DateTime, ChatText.Show(r.DateTime), ChatIssueCodes.InvalidDateTime,
                    $"DateTime '{ChatText.Display(r.DateTime)}' is not a time this tool can read.",
                    $"Use ISO 8601 (2026-11-21T14:30:00+03:00, or without offset for a time in {ZoneName}), dd.MM.yyyy HH:mm[:ss], or Unix seconds or milliseconds.");
                break;
            case ChatTimeParse.DateOnly:
                Fail(ref errors, row, ChatField.DateTime, ChatText.Show(r.DateTime), ChatIssueCodes.InvalidDateTime,
                    $"DateTime '{ChatText.Display(r.DateTime)}' has a date but no time of day, so the chat cannot be placed after the visit that led to it.",
                    "Export the full time of the chat (date and time, ideally with its UTC offset).");
                break;
            default:
                if (time > now + Options.AllowedClockSkew)
                {
                    Fail(ref errors, row, ChatField.DateTime, ChatText.Show(r.DateTime), ChatIssueCodes.FutureDateTime,
                        $"DateTime '{ChatText.Display(r.DateTime)}' ({FormatUtc(time)}) is in the future; now is {FormatUtc(now)}.",
                        inZone
                            ? $"Check the export's time zone: times without an offset are read in {ZoneName}. Name the zone the export was made in with {Options.OptionNames.TimeZone("Europe/Moscow")}, or add the offset (e.g. +03:00)."
                            : "The time carries its own offset (or is a Unix time): check the clock of the system that exported it.");
                }
                else if (time < Earliest)
                {
                    Fail(ref errors, row, ChatField.DateTime, ChatText.Show(r.DateTime), ChatIssueCodes.DateTimeTooOld,
                        $"DateTime '{ChatText.Display(r.DateTime)}' ({FormatUtc(time)}) is before 2000; it is most likely an empty or zero value.",
                        "Give the real time of the chat.");
                }

                break;
        }

        return time;
    }

    private string ZoneName => ChatTimeZones.DisplayName(_times.Zone) + (Options.IsTimeZoneGiven ? string.Empty : ", this machine's zone");

    private static ChatPlatform CheckPlatform(ref RowErrors? errors, long row, string? raw)
    {
        var text = CleanText(raw);
        ChatPlatform platform = default;
        if (text is null)
        {
            Fail(ref errors, row, ChatField.ChatPlatform, null, ChatIssueCodes.MissingChatPlatform,
                "ChatPlatform is missing.",
                "Give the messenger: whatsapp, telegram or viber.");
        }
        else if (!PlatformNames.TryGetValue(text, out platform))
        {
            Fail(ref errors, row, ChatField.ChatPlatform, ChatText.Show(text), ChatIssueCodes.InvalidChatPlatform,
                $"ChatPlatform '{ChatText.Display(text)}' is not a messenger Metrica's chat import accepts.",
                "Use whatsapp, telegram or viber (wa, tg, vb and the Russian spellings are understood too); rows from other messengers cannot be imported as chats.");
        }

        return platform;
    }

    private string? CheckPhone(ref RowErrors? errors, long row, string? raw, out bool given)
    {
        var text = CleanText(raw);
        given = text is not null;
        if (text is null)
        {
            return null;
        }

        var result = _phones.Parse(text);
        if (result.Number is null)
        {
            Fail(ref errors, row, ChatField.PhoneNumber, ChatText.Show(text), ChatIssueCodes.InvalidPhoneNumber,
                $"PhoneNumber '{ChatText.Display(text)}' is not a valid phone number: {PhoneMessages.Reason(result)}.",
                PhoneMessages.Fix(result, _phones.DefaultRegion, Options.OptionNames));
        }

        return result.Number;
    }

    private static bool? CheckAnswered(ref RowErrors? errors, long row, object? raw)
    {
        if (!TryGetBoolean(raw, out var answered))
        {
            Fail(ref errors, row, ChatField.Answered, ChatText.Show(raw), ChatIssueCodes.InvalidAnswered,
                $"Answered '{ChatText.Display(raw)}' is not a yes/no value.",
                "Use true/false, yes/no, да/нет or 1/0, or leave it empty when unknown.");
        }

        return answered;
    }

    private static string? CheckTag(ref RowErrors? errors, long row, string? raw)
    {
        var tag = CleanText(raw);
        if (tag is not null && ChatText.CodePoints(tag) > ChatTextLimits.Tag)
        {
            Fail(ref errors, row, ChatField.Tag, ChatText.Show(tag), ChatIssueCodes.TagTooLong,
                $"Tag '{ChatText.Display(tag)}' has {ChatText.CodePoints(tag)} characters; Metrica allows at most {ChatTextLimits.Tag}.",
                $"Shorten the tag to {ChatTextLimits.Tag} characters.");
        }

        return tag;
    }

    private static decimal? CheckRevenue(ref RowErrors? errors, long row, object? raw)
    {
        switch (MoneyParser.TryGet(raw, out var amount))
        {
            case null:
                return null;
            case false:
                Fail(ref errors, row, ChatField.Revenue, ChatText.Show(raw), ChatIssueCodes.InvalidRevenue,
                    $"Revenue '{ChatText.Display(raw)}' is not a number.",
                    "Use digits with one . or , as the decimal separator (1500.50 or 1500,50); spaces may group thousands (12 000,00); no currency signs.");
                return null;
            default:
                if (amount >= 0)
                {
                    return amount;
                }

                Fail(ref errors, row, ChatField.Revenue, ChatText.Show(raw), ChatIssueCodes.NegativeRevenue,
                    $"Revenue '{ChatText.Display(raw)}' is negative.",
                    "Give a revenue of zero or more; leave it empty for refunds or chats without revenue.");
                return null;
        }
    }

    private static string? CheckCurrency(ref RowErrors? errors, long row, string? raw)
    {
        var text = CleanText(raw);
        if (text is null)
        {
            return null;
        }

        if (Iso4217.TryGetCanonical(text, out var code))
        {
            return code;
        }

        Fail(ref errors, row, ChatField.Currency, ChatText.Show(text), ChatIssueCodes.InvalidCurrency,
            $"Currency '{ChatText.Display(text)}' is not an ISO 4217 currency code (Metrica would drop the revenue silently).",
            "Use the three-letter ISO 4217 code, e.g. RUB, USD, EUR, KZT.");
        return null;
    }

    private IReadOnlyList<ChatIssue> Warnings(ChatEvent e, DateTimeOffset now, object? timeReadInZone)
    {
        List<ChatIssue>? warnings = null;
        if (e.DateTime < now - Options.JoinWindow)
        {
            Add(ref warnings, new ChatIssue(
                e.RowNumber, ChatField.DateTime, FormatUtc(e.DateTime), ChatIssueCodes.OutsideJoinWindow,
                $"DateTime {FormatUtc(e.DateTime)} is more than {Options.JoinWindow.TotalDays:0.#} days before now: the chat is imported, but Metrica cannot join it to a visit.",
                "Nothing to do for this row: no setting lets Metrica join a chat to a visit more than 21 days before it (the extended window reaches 21 days at most). Import chats sooner, e.g. every night, to have them attributed.",
                ChatIssueSeverity.Warning));
        }

        if (!e.IsAttributed)
        {
            Add(ref warnings, new ChatIssue(
                e.RowNumber, null, null, ChatIssueCodes.Unattributed,
                "The row has no ClientId, UserId, Yclid or PurchaseId: the chat is imported, but cannot be joined to a visit or an ad click.",
                "Add the visitor's ClientId (the _ym_uid cookie), UserId, Yclid or PurchaseId where you have one; otherwise nothing to do.",
                ChatIssueSeverity.Warning));
        }

        if (e.Revenue.HasValue && e.Currency is null)
        {
            Add(ref warnings, new ChatIssue(
                e.RowNumber, ChatField.Currency, null, ChatIssueCodes.RevenueWithoutCurrency,
                "Revenue is given without a Currency: Metrica counts it in the counter's currency.",
                "Add the ISO 4217 code (e.g. RUB) when the amount is in another currency.",
                ChatIssueSeverity.Warning));
        }

        if (timeReadInZone is not null && TakeUtcNotice())
        {
            Add(ref warnings, new ChatIssue(
                e.RowNumber, ChatField.DateTime, ChatText.Show(timeReadInZone), ChatIssueCodes.TimesReadAsUtc,
                $"DateTime '{ChatText.Display(timeReadInZone)}' has no UTC offset, so it was read in this machine's time zone, which is UTC; so are all such times in this run (said once).",
                $"If the export was made in another zone, name it with {Options.OptionNames.TimeZone("Europe/Moscow")}; times with an offset (+03:00) and Unix times are not affected.",
                ChatIssueSeverity.Warning));
        }

        return warnings is null ? NoWarnings : warnings;
    }

    private static void Add(ref List<ChatIssue>? list, ChatIssue issue) => (list ??= new List<ChatIssue>(2)).Add(issue);

    private static ChatNormalizeResult Reject(ChatIssue error) => new(null, new[] { error });

    private static bool IsEmptyRecord(ChatRecord r) =>
        ChatText.IsBlank(r.DateTime) && ChatText.IsBlank(r.ChatPlatform) && ChatText.IsBlank(r.ChatUsername) && ChatText.IsBlank(r.ChatUserId) &&
        ChatText.IsBlank(r.PhoneNumber) && ChatText.IsBlank(r.ClientId) && ChatText.IsBlank(r.UserId) && ChatText.IsBlank(r.Yclid) && ChatText.IsBlank(r.PurchaseId) &&
        ChatText.IsBlank(r.Answered) && ChatText.IsBlank(r.Tag) && ChatText.IsBlank(r.Revenue) && ChatText.IsBlank(r.Currency) && ChatText.IsBlank(r.Url) && ChatText.IsBlank(r.TrackerUrl);

    private static string? CheckId(ref RowErrors? errors, long row, ChatField field, string? raw)
    {
        var value = CleanText(raw);
        if (value is not null && value.Length > ChatTextLimits.Id)
        {
            Fail(ref errors, row, field, ChatText.Show(value), ChatIssueCodes.ValueTooLong,
                $"{field} '{ChatText.Display(value)}' is {value.Length} characters long; the limit is {ChatTextLimits.Id}.",
                $"Check that the column holds {field} and not another text; shorten it to {ChatTextLimits.Id} characters.");
            return null;
        }

        return value;
    }

    private static string? CheckNumericId(ref RowErrors? errors, long row, ChatField field, string? raw, string code, string what)
    {
        var value = CleanText(raw);
        if (value is null)
        {
            return null;
        }

        var digitsOnly = value.Length <= ChatTextLimits.NumericId;
        for (var i = 0; digitsOnly && i < value.Length; i++)
        {
            digitsOnly = value[i] >= '0' && value[i] <= '9';
        }

        if (digitsOnly && ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            return value;
        }

        Fail(ref errors, row, field, ChatText.Show(value), code,
            $"{field} '{ChatText.Display(value)}' is not a positive whole number of at most {ChatTextLimits.NumericId} digits.",
            $"Give {what}; leave it empty when unknown.");
        return null;
    }

    private static string? CheckUrl(ref RowErrors? errors, long row, ChatField field, string? raw)
    {
        var value = CleanText(raw);
        if (value is null)
        {
            return null;
        }

        if (value.Length > ChatTextLimits.Url)
        {
            Fail(ref errors, row, field, ChatText.Show(value), ChatIssueCodes.ValueTooLong,
                $"{field} '{ChatText.Display(value)}' is {value.Length} characters long; the limit is {ChatTextLimits.Url}.",
                "Shorten the URL (drop long tracking parameters).");
            return null;
        }

        var normalized = HttpUrlParser.Normalize(value);
        if (normalized is null)
        {
            Fail(ref errors, row, field, ChatText.Show(value), ChatIssueCodes.InvalidUrl,
                $"{field} '{ChatText.Display(value)}' is not an absolute http or https URL.",
                "Give the full address including the scheme and host, e.g. https://example.com/page.");
        }

        return normalized;
    }

    private static bool TryGetBoolean(object? value, out bool? result)
    {
        result = null;
        switch (value)
        {
            case null:
                return true;
            case bool b:
                result = b;
                return true;
            case string s:
                var cleaned = CleanText(s);
                if (cleaned is null)
                {
                    return true;
                }

                if (BooleanNames.TryGetValue(cleaned, out var parsed))
                {
                    result = parsed;
                    return true;
                }

                return false;
            case int or long or short or byte or sbyte or uint or ulong or ushort or decimal or double or float:
                var d = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                if (d == 0 || d == 1)
                {
                    result = d == 1;
                    return true;
                }

                return false;
            default:
                return TryGetBoolean(Convert.ToString(value, CultureInfo.InvariantCulture), out result);
        }
    }

    private static string FormatUtc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static void Fail(ref RowErrors? errors, long row, ChatField? field, string? value, string code, string message, string fix)
    {
        if (errors is null)
        {
            errors = new RowErrors(new ChatIssue(row, field, value, code, message, fix));
        }
        else
        {
            errors.AddOther(field, code);
        }

        if (field is ChatField.ChatUsername or ChatField.ChatUserId or ChatField.PhoneNumber)
        {
            errors.HasPartnerError = true;
        }
    }

    private static Dictionary<string, ChatPlatform> BuildPlatformNames()
    {
        var names = new Dictionary<string, ChatPlatform>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in new[] { "whatsapp", "whats app", "whats-app", "whats_app", "wa", "wapp", "whatsapp business", "whatsappbusiness", "whatsapp_business", "ватсап", "вотсап", "воцап", "вацап", "ватсапп", "вотсапп", "вацапп", "уатсап" })
        {
            names.Add(name, ChatPlatform.WhatsApp);
        }

        foreach (var name in new[] { "telegram", "tg", "tlg", "tgram", "telegramm", "telegram bot", "telegram_bot", "телеграм", "телеграмм", "телега", "тг", "телеграм-бот", "телеграм бот" })
        {
            names.Add(name, ChatPlatform.Telegram);
        }

        foreach (var name in new[] { "viber", "vb", "vbr", "rakuten viber", "viber bot", "viber_bot", "вайбер", "вибер", "вайбер-бот", "вайбер бот" })
        {
            names.Add(name, ChatPlatform.Viber);
        }

        return names;
    }

    private sealed class RowErrors
    {
        private readonly ChatIssue _first;
        private List<string>? _others;

        public RowErrors(ChatIssue first) => _first = first;

        public bool HasPartnerError { get; set; }

        public void AddOther(ChatField? field, string code) =>
            (_others ??= new List<string>()).Add((field?.ToString() ?? "row") + " (" + code + ")");

        public ChatIssue ToIssue() =>
            _others is null
                ? _first
                : new ChatIssue(_first.RowNumber, _first.Field, _first.Value, _first.Code,
                    _first.Message + " Other problems in this row: " + string.Join(", ", _others) + ".", _first.Fix);
    }
}
