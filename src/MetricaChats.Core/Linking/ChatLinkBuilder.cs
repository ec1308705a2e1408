using System;
using System.Globalization;
using System.Text;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Chats.Values;

namespace MetricaChats.Core.Linking;

/// <summary>
/// Builds messenger links that carry a tracking id: in a Telegram bot's start parameter, a Viber
/// bot's context, and in a recognisable tag (<c>[#ref &lt;id&gt;]</c>) inside the pre-filled first
/// message for personal accounts. Every value is percent-encoded (UTF-8, space as <c>%20</c>).
/// </summary>
/// <remarks>Link forms and how far each is confirmed are listed in <c>docs/linking.md</c>.</remarks>
public sealed class ChatLinkBuilder
{
    /// <summary>What a message template writes where the tag goes.</summary>
    public const string TagPlaceholder = "{tag}";

    /// <summary>The first message used when none is given; the tag is appended to it.</summary>
    public const string DefaultMessage = "Hello!";

    private readonly PhoneNumberParser _phones;
    private readonly ChatOptionNames _names;

    /// <summary>Creates a builder whose tags use <paramref name="tagKeyword"/> (default <c>ref</c>).</summary>
    public ChatLinkBuilder(string tagKeyword = TrackingTag.DefaultKeyword)
        : this(tagKeyword, null)
    {
    }

    /// <summary>
    /// Creates a builder whose tags use <paramref name="tagKeyword"/> and whose phone numbers are
    /// validated as the import validates them (libphonenumber): numbers written without a country code
    /// are read as numbers of <paramref name="defaultRegion"/>, and refused when it is null.
    /// </summary>
    /// <param name="tagKeyword">The tag keyword.</param>
    /// <param name="defaultRegion">ISO 3166 code of the country of national numbers (RU), or null.</param>
    /// <param name="optionNames">How the front end spells its settings, for messages; null for the engine's names.</param>
    /// <exception cref="ArgumentException">The keyword or the region is not valid.</exception>
    public ChatLinkBuilder(string tagKeyword, string? defaultRegion, ChatOptionNames? optionNames = null)
    {
        Tag = new TrackingTag(tagKeyword);
        if (!PhoneRegions.TryParse(defaultRegion, out var region, out var problem))
        {
            throw new ArgumentException(problem, nameof(defaultRegion));
        }

        _phones = new PhoneNumberParser(region);
        _names = optionNames ?? ChatOptionNames.Neutral;
    }

    /// <summary>The country of phone numbers written without a country code, or null.</summary>
    public string? DefaultRegion => _phones.DefaultRegion;

    /// <summary>The tag format.</summary>
    public TrackingTag Tag { get; }

    /// <summary>
    /// The first message for <paramref name="trackingId"/>: <paramref name="message"/> (or <see cref="DefaultMessage"/>)
    /// with <see cref="TagPlaceholder"/> replaced by the tag, or the tag appended after a space when
    /// the message has no placeholder.
    /// </summary>
    public string ComposeText(string trackingId, string? message)
    {
        var tag = Tag.Format(trackingId);
        if (string.IsNullOrWhiteSpace(message))
        {
            message = DefaultMessage;
        }

        var at = message!.IndexOf(TagPlaceholder, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return message.TrimEnd() + " " + tag;
        }

        var sb = new StringBuilder(message.Length + tag.Length);
        var from = 0;
        while (at >= 0)
        {
            sb.Append(message, from, at - from).Append(tag);
            from = at + TagPlaceholder.Length;
            at = message.IndexOf(TagPlaceholder, from, StringComparison.OrdinalIgnoreCase);
        }

        return sb.Append(message, from, message.Length - from).ToString();
    }

    /// <summary>Builds one link.</summary>
    /// <param name="kind">The messenger and link form.</param>
    /// <param name="target">Bot or user name, phone number, Viber bot URI, or (for <see cref="ChatLinkKind.TelegramShare"/>) the URL to share.</param>
    /// <param name="trackingId">The id: 1 to 64 of <c>A-Z a-z 0-9 _ -</c> (a Telegram start parameter).</param>
    /// <param name="message">First message template for personal accounts; must be null for <see cref="ChatLinkKind.TelegramBot"/>.</param>
    /// <exception cref="ArgumentException">A value is not valid for this kind of link; the message says which and how to fix it.</exception>
    public ChatLink Build(ChatLinkKind kind, string target, string trackingId, string? message = null)
    {
        var id = (trackingId ?? string.Empty).Trim();
        if (!TrackingIdFormat.IsValidStartParameter(id))
        {
            throw new ArgumentException(
                string.Format(CultureInfo.InvariantCulture, "Tracking id '{0}' is not valid: use 1 to 64 of the characters A-Z, a-z, 0-9, '_' and '-' (Telegram's start parameter rule), e.g. a newly made tracking id.", trackingId),
                nameof(trackingId));
        }

        if (string.IsNullOrWhiteSpace(target))
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "The target is empty. {0}", TargetHint(kind)), nameof(target));
        }

        target = target.Trim();
        var tag = Tag.Format(id);
        switch (kind)
        {
            case ChatLinkKind.TelegramBot:
            {
                if (message is not null)
                {
                    throw new ArgumentException("A Telegram bot link has no pre-filled message: the bot receives '/start <id>' instead. Leave the message out, or use TelegramUser for a personal account.", nameof(message));
                }

                var bot = TelegramUsername(target, kind);
                if (!bot.EndsWith("bot", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException(
                        string.Format(CultureInfo.InvariantCulture, "'{0}' is not a bot username: Telegram bot usernames end in 'bot'. Give the bot's username (e.g. ShopHelpBot), or use TelegramUser for a personal account.", target),
                        nameof(target));
                }

                return Link(kind, ChatPlatform.Telegram, bot, id, tag, null, "https://t.me/" + bot + "?start=" + id);
            }

            case ChatLinkKind.TelegramUser:
            {
                var text = ComposeText(id, message);
                var encoded = UrlText.Encode(text, nameof(message));
                if (LooksLikePhone(target))
                {
                    var digits = PhoneDigits(target);
                    return Link(kind, ChatPlatform.Telegram, "+" + digits, id, tag, text, "https://t.me/+" + digits + "?text=" + encoded);
                }

                var user = TelegramUsername(target, kind);
                return Link(kind, ChatPlatform.Telegram, user, id, tag, text, "https://t.me/" + user + "?text=" + encoded);
            }

            case ChatLinkKind.TelegramShare:
            {
                if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) ||
                    (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    throw new ArgumentException(
                        string.Format(CultureInfo.InvariantCulture, "'{0}' is not an absolute http(s) URL. {1}", target, TargetHint(kind)),
                        nameof(target));
                }

                var text = ComposeText(id, message);
                return Link(kind, ChatPlatform.Telegram, target, id, tag, text,
                    "https://t.me/share/url?url=" + UrlText.Encode(target, nameof(target)) + "&text=" + UrlText.Encode(text, nameof(message)));
            }

            case ChatLinkKind.WhatsApp:
            {
                var digits = PhoneDigits(target);
                var text = ComposeText(id, message);
                return Link(kind, ChatPlatform.WhatsApp, digits, id, tag, text, "https://wa.me/" + digits + "?text=" + UrlText.Encode(text, nameof(message)));
            }

            case ChatLinkKind.ViberBot:
            {
                foreach (var c in target)
                {
                    if (!(TrackingIdFormat.IsStartParameterChar(c) || c == '.'))
                    {
                        throw new ArgumentException(
                            string.Format(CultureInfo.InvariantCulture, "'{0}' is not a Viber bot URI: it has the character '{1}'. {2}", target, c, TargetHint(kind)),
                            nameof(target));
                    }
                }

                var text = ComposeText(id, message);
                return Link(kind, ChatPlatform.Viber, target, id, tag, text,
                    "viber://pa?chatURI=" + UrlText.Encode(target, nameof(target)) + "&context=" + id + "&text=" + UrlText.Encode(text, nameof(message)));
            }

            case ChatLinkKind.Viber:
            {
                var digits = PhoneDigits(target);
                var text = ComposeText(id, message);
                return Link(kind, ChatPlatform.Viber, "+" + digits, id, tag, text, "viber://chat?number=%2B" + digits + "&text=" + UrlText.Encode(text, nameof(message)));
            }

            default:
                throw new ArgumentException(
                    string.Format(CultureInfo.InvariantCulture, "Unknown link kind '{0}'. Use one of: {1}.", kind, string.Join(", ", Enum.GetNames(typeof(ChatLinkKind)))),
                    nameof(kind));
        }
    }

    /// <summary>What a target looks like for <paramref name="kind"/>, for error messages and help.</summary>
    public static string TargetHint(ChatLinkKind kind) => kind switch
    {
        ChatLinkKind.TelegramBot => "Give the bot's username, e.g. ShopHelpBot or @ShopHelpBot.",
        ChatLinkKind.TelegramUser => "Give a Telegram username (e.g. @shop_manager) or a phone number in international format (e.g. +7 900 123-45-67).",
        ChatLinkKind.TelegramShare => "Give the absolute URL to share, e.g. https://shop.example/catalog.",
        ChatLinkKind.WhatsApp => "Give the phone number with its country code, e.g. +7 900 123-45-67 (or a national number with the default region set).",
        ChatLinkKind.ViberBot => "Give the bot's URI from its admin panel (letters, digits, '.', '_' and '-'), e.g. shophelp.",
        ChatLinkKind.Viber => "Give the phone number with its country code, e.g. +375 29 123-45-67 (or a national number with the default region set).",
        _ => "Give the bot, user name or phone number the link should open.",
    };

    private static ChatLink Link(ChatLinkKind kind, ChatPlatform platform, string target, string id, string tag, string? text, string url) =>
        new() { Messenger = kind, ChatPlatform = platform, Target = target, TrackingId = id, Tag = tag, Text = text, Url = url };

    private static bool LooksLikePhone(string target)
    {
        var c = target[0];
        return c == '+' || c == '(' || (c >= '0' && c <= '9');
    }

    private static string TelegramUsername(string target, ChatLinkKind kind)
    {
        var name = target;
        foreach (var prefix in new[] { "https://t.me/", "http://t.me/", "t.me/", "https://telegram.me/", "telegram.me/" })
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                name = name.Substring(prefix.Length).TrimEnd('/');
                break;
            }
        }

        name = name.TrimStart('@');
        var ok = name.Length >= 4 && name.Length <= 32 && ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z'));
        for (var i = 0; ok && i < name.Length; i++)
        {
            var c = name[i];
            ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        }

        if (!ok)
        {
            throw new ArgumentException(
                string.Format(CultureInfo.InvariantCulture, "'{0}' is not a Telegram username: it must start with a letter and hold 4 to 32 letters, digits or '_'. {1}", target, TargetHint(kind)),
                "target");
        }

        return name;
    }

    /// <summary>The number's digits after the <c>+</c>, validated as the import validates phones.</summary>
    private string PhoneDigits(string target)
    {
        var result = _phones.Parse(target);
        if (result.Number is null)
        {
            throw new ArgumentException(
                string.Format(CultureInfo.InvariantCulture, "'{0}' is not a valid phone number: {1}. {2}", target, PhoneMessages.Reason(result), PhoneMessages.Fix(result, _phones.DefaultRegion, _names)),
                "target");
        }

        return result.Number.Substring(1);
    }
}
