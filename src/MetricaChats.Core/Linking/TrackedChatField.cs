namespace MetricaChats.Core.Linking;

/// <summary>The columns of a chat export that carry a chat's tracking id into the join (see <see cref="TrackedChat"/>).</summary>
public enum TrackedChatField
{
    /// <summary>The tracking id itself, when a bot already extracted it.</summary>
    TrackingId = 1,

    /// <summary>The chat's first message, searched for the tag.</summary>
    FirstMessage,

    /// <summary>The Telegram start parameter or Viber <c>context</c>.</summary>
    StartParameter,
}
