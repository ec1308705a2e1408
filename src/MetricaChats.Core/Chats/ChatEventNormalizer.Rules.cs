using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MetricaChats.Core.Chats;

/// <summary>The rules, in column order. docs/chat-fields.md describes each.</summary>
public sealed partial class ChatEventNormalizer
{
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ChatIssue[] NoWarnings = Array.Empty<ChatIssue>();

    private static readonly Dictionary<string, ChatPlatform> PlatformNames = BuildPlatformNames();

    private static readonly Dictionary<string, bool> BooleanNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["true"] = true, ["false"] = false, ["yes"] = true, ["no"] = false, ["y"] = true, ["n"] = false,
        ["1"] = true, ["0"] = false, ["on"] = true, ["off"] = false, ["да"] = true, ["нет"] = false,
        ["answered"] = true, ["unanswered"] = false,
    };

    private enum TimeParse
    {
        Ok,
        Missing,
        Invalid,
        DateOnly,
    }

    /// <summary>
    /// Reads a messenger name in any known spelling, ignoring case and surrounding white
    /// space: <c>WhatsApp</c>, <c>wa</c>, <c>Telegram</c>, <c>tg</c>, <c>Viber</c>, <c>vb</c>, ...
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

    /// <summary>Every spelling <see cref="TryParseChatPlatform"/> accepts, per messenger.</summary>
    public static IReadOnlyDictionary<string, ChatPlatform> ChatPlatformSpellings => PlatformNames;

    /// <summary>
    /// Trims a text value and removes control characters (line breaks and tabs become one
    /// space; other controls, zero-width spaces and stray BOMs are dropped). Returns null when
    /// nothing is left. Returns the same instance when nothing needed changing.
    /// </summary>
    /// <param name="value">The raw text.</param>
    /// <returns>The cleaned text, or null.</returns>
    public static string? CleanText(string? value)
    {
        if (value is null || value.Length == 0)
        {
            return null;
        }

        var dirty = char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[value.Length - 1]);
        if (!dirty)
        {
            foreach (var c in value)
            {
                if (IsStripped(c))
                {
                    dirty = true;
                    break;
                }
            }
        }

        if (!dirty)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (IsBreakingControl(c))
            {
                if (sb.Length > 0 && sb[sb.Length - 1] != ' ')
                {
                    sb.Append(' ');
                }
            }
            else if (!IsStripped(c))
            {
                sb.Append(c);
            }
        }

        var cleaned = sb.ToString().Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    private static bool IsStripped(char c) =>
        c < ' ' || (c >= '\u007f' && c <= '\u009f') || c == '\u2028' || c == '\u2029' || c == '\ufeff' || c == '\u200b';

    private static bool IsBreakingControl(char c) =>
        c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '\u0085' || c == '\u2028' || c == '\u2029';

    private ChatNormalizeResult NormalizeCore(ChatRecord r)
    {
        var row = r.RowNumber;
        RowErrors? errors = null;
        var now = Options.Clock.GetUtcNow();

        // DateTime
        var timeParse = TryGetTime(r.DateTime, out var time);
        switch (timeParse)
        {
            case TimeParse.Missing:
                Fail(ref errors, row, ChatField.DateTime, null, ChatIssueCodes.MissingDateTime,
                    "DateTime is missing.",
                    "Give the time of the chat: ISO 8601 (2026-11-21T14:30:00+03:00), Unix seconds or milliseconds.");
                break;
            case TimeParse.Invalid:
                Fail(ref errors, row, ChatField.DateTime, Show(r.DateTime), ChatIssueCodes.InvalidDateTime,
                    $"DateTime '{Display(r.DateTime)}' is not a time this tool can read.",
                    "Use ISO 8601 (2026-11-21T14:30:00+03:00, or without offset for local time), dd.MM.yyyy HH:mm[:ss], or Unix seconds or milliseconds.");
                break;
            case TimeParse.DateOnly:
                Fail(ref errors, row, ChatField.DateTime, Show(r.DateTime), ChatIssueCodes.InvalidDateTime,
                    $"DateTime '{Display(r.DateTime)}' has a date but no time of day, so the chat cannot be placed after the visit that led to it.",
                    "Export the full time of the chat (date and time, ideally with its UTC offset).");
                break;
            default:
                if (time > now + Options.AllowedClockSkew)
                {
                    Fail(ref errors, row, ChatField.DateTime, Show(r.DateTime), ChatIssueCodes.FutureDateTime,
                        $"DateTime '{Display(r.DateTime)}' ({FormatUtc(time)}) is in the future; now is {FormatUtc(now)}.",
                        $"Check the export's time zone: times without an offset are read as local time ({Options.LocalTimeZone.Id}). Add the offset (e.g. +03:00) or use Unix seconds.");
                }
                else if (time < Earliest)
                {
                    Fail(ref errors, row, ChatField.DateTime, Show(r.DateTime), ChatIssueCodes.DateTimeTooOld,
                        $"DateTime '{Display(r.DateTime)}' ({FormatUtc(time)}) is before 2000; it is most likely an empty or zero value.",
                        "Give the real time of the chat.");
                }

                break;
        }

        // ChatPlatform
        var platformText = CleanText(r.ChatPlatform);
        ChatPlatform platform = default;
        if (platformText is null)
        {
            Fail(ref errors, row, ChatField.ChatPlatform, null, ChatIssueCodes.MissingChatPlatform,
                "ChatPlatform is missing.",
                "Give the messenger: whatsapp, telegram or viber.");
        }
        else if (!PlatformNames.TryGetValue(platformText, out platform))
        {
            Fail(ref errors, row, ChatField.ChatPlatform, Show(platformText), ChatIssueCodes.InvalidChatPlatform,
                $"ChatPlatform '{Display(platformText)}' is not a messenger Metrica's chat import accepts.",
                "Use whatsapp, telegram or viber (wa, tg and vb are understood too); rows from other messengers cannot be imported as chats.");
        }

        // Chat partner
        var username = CheckId(ref errors, row, ChatField.ChatUsername, r.ChatUsername);
        var chatUserId = CheckId(ref errors, row, ChatField.ChatUserId, r.ChatUserId);
        var phoneText = CleanText(r.PhoneNumber);
        string? phone = null;
        if (phoneText is not null)
        {
            phone = NormalizePhone(phoneText, out var phoneProblem);
            if (phone is null)
            {
                Fail(ref errors, row, ChatField.PhoneNumber, Show(phoneText), ChatIssueCodes.InvalidPhoneNumber,
                    $"PhoneNumber '{Display(phoneText)}' is not a valid international number: {phoneProblem}.",
                    "Write it with its country code, e.g. +79161234567 (spaces, dashes and brackets are fine; 00 before the country code works too).");
            }
        }

        if (username is null && chatUserId is null && phoneText is null && (errors is null || !errors.HasPartnerError))
        {
            Fail(ref errors, row, null, null, ChatIssueCodes.MissingChatPartner,
                "The row names no chat partner: ChatUsername, ChatUserId and PhoneNumber are all empty.",
                "Give at least one of them (the messenger username, the messenger user id, or the phone).");
        }

        // Metrica ids
        var clientId = CheckNumericId(ref errors, row, ChatField.ClientId, r.ClientId, ChatIssueCodes.InvalidClientId,
            "the _ym_uid cookie value or the visitor id from Metrica's JavaScript API, digits only");
        var userId = CheckId(ref errors, row, ChatField.UserId, r.UserId);
        var yclid = CheckNumericId(ref errors, row, ChatField.Yclid, r.Yclid, ChatIssueCodes.InvalidYclid,
            "the yclid parameter of the ad click's landing URL, digits only");
        var purchaseId = CheckId(ref errors, row, ChatField.PurchaseId, r.PurchaseId);

        // Answered
        bool? answered = null;
        if (!TryGetBoolean(r.Answered, out answered))
        {
            Fail(ref errors, row, ChatField.Answered, Show(r.Answered), ChatIssueCodes.InvalidAnswered,
                $"Answered '{Display(r.Answered)}' is not a yes/no value.",
                "Use true/false, yes/no or 1/0, or leave it empty when unknown.");
        }

        // Tag
        var tag = CleanText(r.Tag);
        if (tag is not null && CodePoints(tag) > ChatTextLimits.Tag)
        {
            Fail(ref errors, row, ChatField.Tag, Show(tag), ChatIssueCodes.TagTooLong,
                $"Tag '{Display(tag)}' has {CodePoints(tag)} characters; Metrica allows at most {ChatTextLimits.Tag}.",
                $"Shorten the tag to {ChatTextLimits.Tag} characters.");
        }

        // Revenue
        decimal? revenue = null;
        switch (TryGetDecimal(r.Revenue, out var amount))
        {
            case null:
                break;
            case false:
                Fail(ref errors, row, ChatField.Revenue, Show(r.Revenue), ChatIssueCodes.InvalidRevenue,
                    $"Revenue '{Display(r.Revenue)}' is not a number.",
                    "Use digits with one . or , as the decimal separator (1500.50 or 1500,50); no currency signs and no thousands separators other than spaces.");
                break;
            default:
                if (amount < 0)
                {
                    Fail(ref errors, row, ChatField.Revenue, Show(r.Revenue), ChatIssueCodes.NegativeRevenue,
                        $"Revenue '{Display(r.Revenue)}' is negative.",
                        "Give a revenue of zero or more; leave it empty for refunds or chats without revenue.");
                }
                else
                {
                    revenue = amount;
                }

                break;
        }

        // Currency
        var currencyText = CleanText(r.Currency);
        string? currency = null;
        if (currencyText is not null)
        {
            if (Iso4217.TryGetCanonical(currencyText, out var code))
            {
                currency = code;
            }
            else
            {
                Fail(ref errors, row, ChatField.Currency, Show(currencyText), ChatIssueCodes.InvalidCurrency,
                    $"Currency '{Display(currencyText)}' is not an ISO 4217 currency code (Metrica would drop the revenue silently).",
                    "Use the three-letter ISO 4217 code, e.g. RUB, USD, EUR, KZT.");
            }
        }

        // URLs
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

        return new ChatNormalizeResult(chatEvent, Warnings(chatEvent, now));
    }

    private IReadOnlyList<ChatIssue> Warnings(ChatEvent e, DateTimeOffset now)
    {
        ChatIssue? unattributed = null, old = null, noCurrency = null;
        var count = 0;
        if (e.DateTime < now - Options.JoinWindow)
        {
            old = new ChatIssue(
                e.RowNumber, ChatField.DateTime, FormatUtc(e.DateTime), ChatIssueCodes.OutsideJoinWindow,
                $"DateTime {FormatUtc(e.DateTime)} is more than {Options.JoinWindow.TotalDays:0.#} days before now: the chat is imported, but Metrica cannot join it to a visit.",
                "Nothing to do for this row: no setting lets Metrica join a chat to a visit more than 21 days before it (the extended window reaches 21 days at most). Import chats sooner, e.g. every night, to have them attributed.",
                ChatIssueSeverity.Warning);
            count++;
        }

        if (!e.IsAttributed)
        {
            unattributed = new ChatIssue(
                e.RowNumber, null, null, ChatIssueCodes.Unattributed,
                "The row has no ClientId, UserId, Yclid or PurchaseId: the chat is imported, but cannot be joined to a visit or an ad click.",
                "Add the visitor's ClientId (the _ym_uid cookie), UserId, Yclid or PurchaseId where you have one; otherwise nothing to do.",
                ChatIssueSeverity.Warning);
            count++;
        }

        if (e.Revenue.HasValue && e.Currency is null)
        {
            noCurrency = new ChatIssue(
                e.RowNumber, ChatField.Currency, null, ChatIssueCodes.RevenueWithoutCurrency,
                "Revenue is given without a Currency: Metrica counts it in the counter's currency.",
                "Add the ISO 4217 code (e.g. RUB) when the amount is in another currency.",
                ChatIssueSeverity.Warning);
            count++;
        }

        if (count == 0)
        {
            return NoWarnings;
        }

        var warnings = new ChatIssue[count];
        var i = 0;
        if (old is not null)
        {
            warnings[i++] = old;
        }

        if (unattributed is not null)
        {
            warnings[i++] = unattributed;
        }

        if (noCurrency is not null)
        {
            warnings[i] = noCurrency;
        }

        return warnings;
    }

    private static ChatNormalizeResult Reject(ChatIssue error) => new(null, new[] { error });

    private static bool IsEmptyRecord(ChatRecord r) =>
        IsBlank(r.DateTime) && IsBlank(r.ChatPlatform) && IsBlank(r.ChatUsername) && IsBlank(r.ChatUserId) &&
        IsBlank(r.PhoneNumber) && IsBlank(r.ClientId) && IsBlank(r.UserId) && IsBlank(r.Yclid) && IsBlank(r.PurchaseId) &&
        IsBlank(r.Answered) && IsBlank(r.Tag) && IsBlank(r.Revenue) && IsBlank(r.Currency) && IsBlank(r.Url) && IsBlank(r.TrackerUrl);

    private static bool IsBlank(object? value) => value is null || (value is string s && CleanText(s) is null);

    private static string? CheckId(ref RowErrors? errors, long row, ChatField field, string? raw)
    {
        var value = CleanText(raw);
        if (value is not null && value.Length > ChatTextLimits.Id)
        {
            Fail(ref errors, row, field, Show(value), ChatIssueCodes.ValueTooLong,
                $"{field} '{Display(value)}' is {value.Length} characters long; the limit is {ChatTextLimits.Id}.",
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

        Fail(ref errors, row, field, Show(value), code,
            $"{field} '{Display(value)}' is not a positive whole number of at most {ChatTextLimits.NumericId} digits.",
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
            Fail(ref errors, row, field, Show(value), ChatIssueCodes.ValueTooLong,
                $"{field} '{Display(value)}' is {value.Length} characters long; the limit is {ChatTextLimits.Url}.",
                "Shorten the URL (drop long tracking parameters).");
            return null;
        }

        var normalized = NormalizeHttpUrl(value);
        if (normalized is null)
        {
            Fail(ref errors, row, field, Show(value), ChatIssueCodes.InvalidUrl,
                $"{field} '{Display(value)}' is not an absolute http or https URL.",
                "Give the full address including the scheme and host, e.g. https://example.com/page.");
        }

        return normalized;
    }

    /// <summary>
    /// An absolute http(s) URL with a well-formed host (DNS labels of letters, digits,
    /// hyphens, not starting or ending with a hyphen; or a bracketed IPv6
    /// address), an optional port, no user:password@, and no white space or backslash except
    /// spaces after the host, which become %20.
    /// Null when not one.
    /// </summary>
    internal static string? NormalizeHttpUrl(string value)
    {
        int hostStart;
        if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            hostStart = 8;
        }
        else if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            hostStart = 7;
        }
        else
        {
            return null;
        }

        var authorityEnd = hostStart;
        while (authorityEnd < value.Length && value[authorityEnd] != '/' && value[authorityEnd] != '?' && value[authorityEnd] != '#')
        {
            if (char.IsWhiteSpace(value[authorityEnd]) || value[authorityEnd] == '\\')
            {
                return null;
            }

            authorityEnd++;
        }

        // No user:password@ part: credentials have no business in a chat's page link.
        if (value.IndexOf('@', hostStart, authorityEnd - hostStart) >= 0)
        {
            return null;
        }

        if (!IsHostAndPort(value, hostStart, authorityEnd))
        {
            return null;
        }

        var hasSpace = false;
        for (var i = authorityEnd; i < value.Length; i++)
        {
            if (value[i] == ' ')
            {
                hasSpace = true;
            }
            else if (char.IsWhiteSpace(value[i]) || value[i] == '\\')
            {
                return null;
            }
        }

        return hasSpace ? value.Replace(" ", "%20") : value;
    }

    private static bool IsHostAndPort(string s, int start, int end)
    {
        if (start >= end)
        {
            return false;
        }

        int hostEnd;
        if (s[start] == '[')
        {
            hostEnd = s.IndexOf(']', start, end - start);
            if (hostEnd < 0 || hostEnd == start + 1)
            {
                return false;
            }

            if (!IPAddress.TryParse(s.Substring(start + 1, hostEnd - start - 1), out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            hostEnd++;
        }
        else
        {
            hostEnd = start;
            while (hostEnd < end && s[hostEnd] != ':')
            {
                hostEnd++;
            }

            if (!IsDnsName(s, start, hostEnd))
            {
                return false;
            }
        }

        if (hostEnd == end)
        {
            return true;
        }

        // :port, 1 to 5 digits up to 65535 (an empty port after ':' is allowed by RFC 3986).
        if (s[hostEnd] != ':')
        {
            return false;
        }

        var port = 0;
        for (var i = hostEnd + 1; i < end; i++)
        {
            if (s[i] < '0' || s[i] > '9' || i - hostEnd > 5)
            {
                return false;
            }

            port = (port * 10) + (s[i] - '0');
        }

        return port <= 65535;
    }

    private static bool IsDnsName(string s, int start, int end)
    {
        if (start >= end)
        {
            return false;
        }

        var labelStart = start;
        for (var i = start; i <= end; i++)
        {
            if (i < end && s[i] != '.')
            {
                var c = s[i];
                if (!(char.IsLetterOrDigit(c) || c == '-') || (c < '\u0080' && !IsAsciiLetterOrDigit(c) && c != '-'))
                {
                    return false;
                }

                continue;
            }

            var length = i - labelStart;
            if (length == 0)
            {
                // "a..b" or ".a"; a single trailing dot ("example.com.") is a valid absolute name.
                if (!(i == end && i > start && s[i - 1] == '.' && i - 1 > start))
                {
                    return false;
                }
            }
            else if (length > 63 || s[labelStart] == '-' || s[i - 1] == '-')
            {
                return false;
            }

            labelStart = i + 1;
        }

        return true;
    }

    private static bool IsAsciiLetterOrDigit(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

    /// <summary>"+" and digits, or null with the reason.</summary>
    internal static string? NormalizePhone(string value, out string problem)
    {
        problem = string.Empty;
        var start = 0;
        if (value.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            start = 4;
        }

        // Fast path: already "+digits".
        if (start == 0 && value.Length >= 2 && value[0] == '+')
        {
            var canonical = value.Length - 1 <= ChatTextLimits.PhoneMaxDigits && value.Length - 1 >= ChatTextLimits.PhoneMinDigits && value[1] != '0';
            for (var i = 1; canonical && i < value.Length; i++)
            {
                canonical = value[i] >= '0' && value[i] <= '9';
            }

            if (canonical)
            {
                return value;
            }
        }

        var digits = new char[ChatTextLimits.PhoneMaxDigits + 3];
        var count = 0;
        var plus = false;
        var seenDigit = false;
        for (var i = start; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= '0' && c <= '9')
            {
                if (count == digits.Length)
                {
                    problem = $"it has more than {ChatTextLimits.PhoneMaxDigits} digits";
                    return null;
                }

                digits[count++] = c;
                seenDigit = true;
            }
            else if (c == '+' && !seenDigit && !plus)
            {
                plus = true;
            }
            else if (c == ' ' || c == '\u00a0' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || (c >= '\u2010' && c <= '\u2015'))
            {
                // formatting
            }
            else
            {
                problem = $"'{c}' is not a digit or a separator";
                return null;
            }
        }

        var first = 0;
        if (!plus && count >= 2 && digits[0] == '0' && digits[1] == '0')
        {
            first = 2;
            plus = true;
        }

        var n = count - first;
        if (n < ChatTextLimits.PhoneMinDigits || n > ChatTextLimits.PhoneMaxDigits)
        {
            problem = $"it has {n} digits, expected {ChatTextLimits.PhoneMinDigits} to {ChatTextLimits.PhoneMaxDigits} including the country code";
            return null;
        }

        if (digits[first] == '0')
        {
            problem = "it starts with 0, a national prefix, so the country code is missing";
            return null;
        }

        if (!plus && n == 11 && digits[first] == '8' && digits[first + 1] == '9')
        {
            problem = "8 9.. is the Russian national form (no country code starts with 89); write +7 9..";
            return null;
        }

        var result = new char[n + 1];
        result[0] = '+';
        Array.Copy(digits, first, result, 1, n);
        return new string(result);
    }

    private static int CodePoints(string s)
    {
        var n = s.Length;
        for (var i = 1; i < s.Length; i++)
        {
            if (char.IsLowSurrogate(s[i]) && char.IsHighSurrogate(s[i - 1]))
            {
                n--;
            }
        }

        return n;
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

    /// <summary>null: no value; false: not a number; true: a number in <paramref name="amount"/>.</summary>
    private static bool? TryGetDecimal(object? value, out decimal amount)
    {
        amount = 0;
        switch (value)
        {
            case null:
                return null;
            case decimal m:
                amount = m;
                return true;
            case int or long or short or byte or sbyte or uint or ulong or ushort:
                amount = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                return true;
            case double or float:
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) > 7.9e27)
                {
                    return false;
                }

                amount = (decimal)d;
                return true;
            case string s:
                return ParseDecimal(s, out amount);
            default:
                return ParseDecimal(Convert.ToString(value, CultureInfo.InvariantCulture), out amount);
        }
    }

    /// <summary>Digits with one optional '.' or ',' decimal separator; spaces inside are grouping and ignored.</summary>
    internal static bool? ParseDecimal(string? s, out decimal amount)
    {
        amount = 0;
        if (s is null)
        {
            return null;
        }

        var i = 0;
        var end = s.Length;
        while (i < end && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        while (end > i && char.IsWhiteSpace(s[end - 1]))
        {
            end--;
        }

        if (i == end)
        {
            return null;
        }

        var negative = false;
        if (s[i] == '-' || s[i] == '+')
        {
            negative = s[i] == '-';
            i++;
        }

        ulong mantissa = 0;
        var digits = 0;
        var scale = 0;
        var separator = false;
        var lastWasDigit = false;
        for (; i < end; i++)
        {
            var c = s[i];
            if (c >= '0' && c <= '9')
            {
                if (digits == 0 && c == '0' && !separator)
                {
                    lastWasDigit = true;
                    continue; // leading zero
                }

                if (digits >= 19)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + (ulong)(c - '0');
                digits++;
                if (separator)
                {
                    scale++;
                }

                lastWasDigit = true;
            }
            else if ((c == '.' || c == ',') && !separator)
            {
                separator = true;
                lastWasDigit = false;
            }
            else if ((c == ' ' || c == '\u00a0' || c == '\u202f') && lastWasDigit && !separator)
            {
                // thousands grouping: "1 500,50"
            }
            else
            {
                return false;
            }
        }

        if (!lastWasDigit)
        {
            return false; // "", "-", "12." or "1 "
        }

        amount = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative && mantissa != 0, (byte)scale);
        return true;
    }

    private TimeParse TryGetTime(object? value, out DateTimeOffset time)
    {
        time = default;
        switch (value)
        {
            case null:
                return TimeParse.Missing;
            case DateTimeOffset dto:
                time = dto;
                return TimeParse.Ok;
            case DateTime dt:
                if (dt.Kind == DateTimeKind.Utc)
                {
                    time = new DateTimeOffset(dt, TimeSpan.Zero);
                    return TimeParse.Ok;
                }

                if (dt.Kind == DateTimeKind.Local)
                {
                    time = new DateTimeOffset(dt.ToUniversalTime(), TimeSpan.Zero);
                    return TimeParse.Ok;
                }

                return FromLocal(dt, out time);
            case string s:
                return ParseTime(s, out time);
            case long or int or short or uint or ushort or byte or sbyte:
                return FromUnix(Convert.ToInt64(value, CultureInfo.InvariantCulture), out time);
            case ulong u:
                return u > long.MaxValue ? TimeParse.Invalid : FromUnix((long)u, out time);
            case double or float or decimal:
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) >= 1e14)
                {
                    return TimeParse.Invalid;
                }

                return FromUnix((long)Math.Floor(d), out time);
            default:
                var text = Convert.ToString(value, CultureInfo.InvariantCulture);
                return text is null ? TimeParse.Missing : ParseTime(text, out time);
        }
    }

    /// <summary>Unix seconds, or milliseconds when the magnitude says so (10^11 seconds is the year 5138).</summary>
    private static TimeParse FromUnix(long value, out DateTimeOffset time)
    {
        time = default;
        var magnitude = value < 0 ? -(double)value : value;
        if (magnitude < 1e11)
        {
            time = DateTimeOffset.FromUnixTimeSeconds(value);
            return TimeParse.Ok;
        }

        if (magnitude < 1e14)
        {
            time = DateTimeOffset.FromUnixTimeMilliseconds(value);
            return TimeParse.Ok;
        }

        return TimeParse.Invalid;
    }

    private TimeParse FromLocal(DateTime unspecified, out DateTimeOffset time)
    {
        time = default;
        try
        {
            var offset = Options.LocalTimeZone.GetUtcOffset(DateTime.SpecifyKind(unspecified, DateTimeKind.Unspecified));
            time = new DateTimeOffset(DateTime.SpecifyKind(unspecified, DateTimeKind.Unspecified), offset);
            return TimeParse.Ok;
        }
        catch (ArgumentException)
        {
            return TimeParse.Invalid;
        }
    }

    private TimeParse ParseTime(string s, out DateTimeOffset time)
    {
        time = default;
        var start = 0;
        var end = s.Length;
        while (start < end && (char.IsWhiteSpace(s[start]) || IsStripped(s[start])))
        {
            start++;
        }

        while (end > start && (char.IsWhiteSpace(s[end - 1]) || IsStripped(s[end - 1])))
        {
            end--;
        }

        if (start == end)
        {
            return TimeParse.Missing;
        }

        // Unix seconds or milliseconds, optionally with a fraction.
        if (TryParseUnixText(s, start, end, out var unix))
        {
            return FromUnix(unix, out time);
        }

        var parse = TryParseIso(s, start, end, out var local, out var offset, out var hasOffset);
        if (parse == TimeParse.Invalid)
        {
            parse = TryParseDotted(s, start, end, out local);
            hasOffset = false;
        }

        if (parse == TimeParse.Ok)
        {
            if (hasOffset)
            {
                try
                {
                    time = new DateTimeOffset(local, offset);
                    return TimeParse.Ok;
                }
                catch (ArgumentException)
                {
                    return TimeParse.Invalid;
                }
            }

            return FromLocal(local, out time);
        }

        if (parse == TimeParse.DateOnly)
        {
            return parse;
        }

        // RFC 1123 ("Sat, 21 Nov 2026 10:00:00 GMT"), as some HTTP-minded logs write it.
        var trimmed = start == 0 && end == s.Length ? s : s.Substring(start, end - start);
        if (DateTimeOffset.TryParseExact(trimmed, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time))
        {
            return TimeParse.Ok;
        }

        return TimeParse.Invalid;
    }

    private static bool TryParseUnixText(string s, int start, int end, out long value)
    {
        value = 0;
        var i = start;
        var negative = false;
        if (s[i] == '-')
        {
            negative = true;
            i++;
        }

        var digits = 0;
        for (; i < end && s[i] >= '0' && s[i] <= '9'; i++)
        {
            if (++digits > 15)
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < end && s[i] == '.')
        {
            i++;
            var fraction = 0;
            for (; i < end && s[i] >= '0' && s[i] <= '9'; i++)
            {
                fraction++;
            }

            if (fraction == 0)
            {
                return false;
            }
        }

        if (i != end)
        {
            return false;
        }

        if (negative)
        {
            value = -value;
        }

        return true;
    }

    /// <summary>yyyy-MM-dd[(T| )HH:mm[:ss[(.|,)f+]]][ ][Z|UTC|GMT|(+|-)HH[[:]mm]].</summary>
    private static TimeParse TryParseIso(string s, int i, int end, out DateTime local, out TimeSpan offset, out bool hasOffset)
    {
        local = default;
        offset = default;
        hasOffset = false;
        if (end - i < 10 || !Digits(s, i, 4, out var year) || s[i + 4] != '-' || !Digits(s, i + 5, 2, out var month) || s[i + 7] != '-' || !Digits(s, i + 8, 2, out var day))
        {
            return TimeParse.Invalid;
        }

        if (month < 1 || month > 12 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return TimeParse.Invalid;
        }

        i += 10;
        if (i == end)
        {
            return TimeParse.DateOnly;
        }

        if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
        {
            return TimeParse.Invalid;
        }

        i++;
        if (!ParseClock(s, ref i, end, out var ticks))
        {
            return TimeParse.Invalid;
        }

        if (!ParseOffset(s, ref i, end, out offset, out hasOffset) || i != end)
        {
            return TimeParse.Invalid;
        }

        local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).AddTicks(ticks);
        return TimeParse.Ok;
    }

    /// <summary>d.M.yyyy[(,| |, )H:mm[:ss]], the Russian export format. No offset.</summary>
    private static TimeParse TryParseDotted(string s, int i, int end, out DateTime local)
    {
        local = default;
        if (!Number(s, ref i, end, 1, 2, out var day) || i >= end || s[i++] != '.' ||
            !Number(s, ref i, end, 1, 2, out var month) || i >= end || s[i++] != '.' ||
            !Number(s, ref i, end, 4, 4, out var year))
        {
            return TimeParse.Invalid;
        }

        if (month < 1 || month > 12 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return TimeParse.Invalid;
        }

        if (i == end)
        {
            return TimeParse.DateOnly;
        }

        if (s[i] == ',')
        {
            i++;
        }

        var separated = false;
        while (i < end && s[i] == ' ')
        {
            i++;
            separated = true;
        }

        if (!separated && s[i - 1] != ',')
        {
            return TimeParse.Invalid;
        }

        if (!ParseClock(s, ref i, end, out var ticks) || i != end)
        {
            return TimeParse.Invalid;
        }

        local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).AddTicks(ticks);
        return TimeParse.Ok;
    }

    private static bool ParseClock(string s, ref int i, int end, out long ticks)
    {
        ticks = 0;
        if (!Number(s, ref i, end, 1, 2, out var hour) || i >= end || s[i++] != ':' || !Number(s, ref i, end, 2, 2, out var minute))
        {
            return false;
        }

        var second = 0;
        long fractionTicks = 0;
        if (i < end && s[i] == ':')
        {
            i++;
            if (!Number(s, ref i, end, 2, 2, out second))
            {
                return false;
            }

            if (i < end && (s[i] == '.' || s[i] == ','))
            {
                i++;
                var digits = 0;
                long scale = TimeSpan.TicksPerSecond;
                for (; i < end && s[i] >= '0' && s[i] <= '9'; i++, digits++)
                {
                    if (digits < 7)
                    {
                        scale /= 10;
                        fractionTicks += (s[i] - '0') * scale;
                    }
                }

                if (digits == 0)
                {
                    return false;
                }
            }
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        ticks = (((hour * 60L) + minute) * 60L + second) * TimeSpan.TicksPerSecond + fractionTicks;
        return true;
    }

    private static bool ParseOffset(string s, ref int i, int end, out TimeSpan offset, out bool hasOffset)
    {
        offset = default;
        hasOffset = false;
        if (i < end && s[i] == ' ')
        {
            i++;
        }

        if (i == end)
        {
            return s[i - 1] != ' ';
        }

        var rest = end - i;
        if (rest == 1 && (s[i] == 'Z' || s[i] == 'z'))
        {
            i++;
            hasOffset = true;
            return true;
        }

        if (rest == 3 && (string.Compare(s, i, "UTC", 0, 3, StringComparison.OrdinalIgnoreCase) == 0 || string.Compare(s, i, "GMT", 0, 3, StringComparison.OrdinalIgnoreCase) == 0))
        {
            i += 3;
            hasOffset = true;
            return true;
        }

        if (s[i] != '+' && s[i] != '-')
        {
            return false;
        }

        var sign = s[i] == '-' ? -1 : 1;
        i++;
        if (!Digits(s, i, 2, out var hours))
        {
            return false;
        }

        i += 2;
        var minutes = 0;
        if (i < end)
        {
            if (s[i] == ':')
            {
                i++;
            }

            if (!Digits(s, i, 2, out minutes))
            {
                return false;
            }

            i += 2;
        }

        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = TimeSpan.FromMinutes(sign * ((hours * 60) + minutes));
        hasOffset = true;
        return true;
    }

    private static bool Digits(string s, int i, int count, out int value)
    {
        value = 0;
        if (i + count > s.Length)
        {
            return false;
        }

        for (var k = 0; k < count; k++)
        {
            var c = s[i + k];
            if (c < '0' || c > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static bool Number(string s, ref int i, int end, int min, int max, out int value)
    {
        value = 0;
        var count = 0;
        while (i < end && count < max && s[i] >= '0' && s[i] <= '9')
        {
            value = (value * 10) + (s[i] - '0');
            i++;
            count++;
        }

        return count >= min;
    }

    private static string FormatUtc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The value as text for <see cref="ChatIssue.Value"/>: shortened, controls kept out.</summary>
    private static string? Show(object? value)
    {
        var text = value switch
        {
            null => null,
            string s => s,
            DateTime dt => dt.ToString("o", CultureInfo.InvariantCulture),
            DateTimeOffset dto => dto.ToString("o", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };

        return text is null ? null : Shorten(text);
    }

    /// <summary>Shown value inside a message (never null).</summary>
    private static string Display(object? value) => Show(value) ?? string.Empty;

    internal static string Shorten(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, ChatTextLimits.ShownValue) + 8);
        foreach (var c in text)
        {
            if (sb.Length >= ChatTextLimits.ShownValue - 1)
            {
                sb.Append('…');
                break;
            }

            switch (c)
            {
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    if (c < ' ' || (c >= '\u007f' && c <= '\u009f'))
                    {
                        sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

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
        foreach (var name in new[] { "whatsapp", "whats app", "whats-app", "whats_app", "wa", "wapp", "whatsapp business", "whatsappbusiness", "whatsapp_business", "ватсап", "вотсап", "воцап" })
        {
            names.Add(name, ChatPlatform.WhatsApp);
        }

        foreach (var name in new[] { "telegram", "tg", "tlg", "tgram", "telegramm", "telegram bot", "telegram_bot", "телеграм", "телеграмм" })
        {
            names.Add(name, ChatPlatform.Telegram);
        }

        foreach (var name in new[] { "viber", "vb", "vbr", "rakuten viber", "viber bot", "viber_bot", "вайбер", "вибер" })
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
