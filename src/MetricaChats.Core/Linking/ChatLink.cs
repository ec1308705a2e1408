using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Linking;

/// <summary>One messenger link carrying a tracking id, as made by <see cref="ChatLinkBuilder"/>.</summary>
public sealed class ChatLink
{
    /// <summary>The kind of link.</summary>
    public ChatLinkKind Messenger { get; init; }

    /// <summary>The messenger, as Metrica names it (the <c>ChatPlatform</c> of the chat this link starts).</summary>
    public ChatPlatform ChatPlatform { get; init; }

    /// <summary>The target as normalised: bot or user name without <c>@</c>, phone digits, bot URI or shared URL.</summary>
    public string Target { get; init; } = string.Empty;

    /// <summary>The tracking id, upper case.</summary>
    public string TrackingId { get; init; } = string.Empty;

    /// <summary>The tag that carries the id in the pre-filled text, e.g. <c>[#ref K7M2Q9XH4TPA]</c>.</summary>
    public string Tag { get; init; } = string.Empty;

    /// <summary>The pre-filled first message (with the tag), or null for a Telegram bot link, which has none.</summary>
    public string? Text { get; init; }

    /// <summary>The link, escaped and ready for an <c>href</c>.</summary>
    public string Url { get; init; } = string.Empty;

    /// <inheritdoc />
    public override string ToString() => Url;
}
