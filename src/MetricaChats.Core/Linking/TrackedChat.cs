using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Linking;

/// <summary>
/// A chat on its way into the join: the chat record and whatever carries its tracking id, the id
/// itself (when a bot already extracted it), a Telegram start parameter or Viber context, or the
/// first message. The joiner looks in that order.
/// </summary>
public sealed class TrackedChat
{
    /// <summary>Creates a tracked chat.</summary>
    public TrackedChat(ChatRecord record, string? trackingId = null, string? firstMessage = null, string? startParameter = null)
    {
        Record = record ?? throw new System.ArgumentNullException(nameof(record));
        TrackingId = trackingId;
        FirstMessage = firstMessage;
        StartParameter = startParameter;
    }

    /// <summary>The chat.</summary>
    public ChatRecord Record { get; }

    /// <summary>The tracking id when already known, or null.</summary>
    public string? TrackingId { get; }

    /// <summary>The chat's first message, searched for the tag, or null.</summary>
    public string? FirstMessage { get; }

    /// <summary>The Telegram start parameter or Viber context, or null.</summary>
    public string? StartParameter { get; }
}
