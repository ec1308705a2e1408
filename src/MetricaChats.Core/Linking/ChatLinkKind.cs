namespace MetricaChats.Core.Linking;

/// <summary>The kinds of messenger link <see cref="ChatLinkBuilder"/> makes.</summary>
public enum ChatLinkKind
{
    /// <summary>
    /// A Telegram bot deep link, <c>https://t.me/&lt;bot&gt;?start=&lt;id&gt;</c>. The user does not see
    /// the id; the bot receives <c>/start &lt;id&gt;</c>. Target: the bot's username.
    /// </summary>
    TelegramBot = 1,

    /// <summary>
    /// A chat with a Telegram user account and a pre-filled first message,
    /// <c>https://t.me/&lt;username&gt;?text=...</c> or, for a phone number, <c>https://t.me/+&lt;digits&gt;?text=...</c>.
    /// Target: a username or a phone number.
    /// </summary>
    TelegramUser,

    /// <summary>
    /// Telegram's share dialog, <c>https://t.me/share/url?url=...&amp;text=...</c>: the user picks the chat.
    /// Target: the absolute URL to share (usually the page the visitor is on).
    /// </summary>
    TelegramShare,

    /// <summary>
    /// WhatsApp click to chat, <c>https://wa.me/&lt;digits&gt;?text=...</c>. Target: the phone number in
    /// international format.
    /// </summary>
    WhatsApp,

    /// <summary>
    /// A Viber bot (public account) deep link, <c>viber://pa?chatURI=&lt;uri&gt;&amp;context=&lt;id&gt;&amp;text=...</c>:
    /// the bot receives the id as <c>context</c> in its <c>conversation_started</c> callback. Target: the bot's URI.
    /// </summary>
    ViberBot,

    /// <summary>
    /// A chat with a Viber phone number, <c>viber://chat?number=%2B&lt;digits&gt;&amp;text=...</c>. The
    /// <c>text</c> parameter is not in Viber's own documentation (see docs/linking.md). Target: the phone number.
    /// </summary>
    Viber,
}
