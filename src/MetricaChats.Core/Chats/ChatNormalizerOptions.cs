using System;

namespace MetricaChats.Core.Chats;

/// <summary>Settings of <see cref="ChatEventNormalizer"/>.</summary>
public sealed class ChatNormalizerOptions
{
    /// <summary>The default join window: Metrica's extended window for calls and chats.</summary>
    public static readonly TimeSpan DefaultJoinWindow = TimeSpan.FromDays(21);

    /// <summary>The default allowed clock skew for "not in the future".</summary>
    public static readonly TimeSpan DefaultAllowedClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The clock "now" is read from (tests pass a fixed one). Default: the system clock.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>How far in the future an event time may lie before it is rejected. Default 5 minutes.</summary>
    public TimeSpan AllowedClockSkew { get; set; } = DefaultAllowedClockSkew;

    /// <summary>
    /// The time zone of times that carry no offset (an ISO string without <c>Z</c> or
    /// <c>+hh:mm</c>, a <see cref="DateTime"/> of kind Unspecified). Default: the machine's
    /// local time zone. Unix times and times with an offset are unaffected.
    /// </summary>
    public TimeZoneInfo LocalTimeZone { get; set; } = TimeZoneInfo.Local;

    /// <summary>Events older than this (before now minus the window) are sent with an <see cref="ChatIssueCodes.OutsideJoinWindow"/> warning. Default 21 days.</summary>
    public TimeSpan JoinWindow { get; set; } = DefaultJoinWindow;

    /// <summary>
    /// Called with every event the normaliser accepts (for a tally such as
    /// <see cref="Advice.RowAgeTally.Observe(ChatEvent)"/>). Must be thread-safe when the
    /// normaliser is shared. Default null.
    /// </summary>
    public Action<ChatEvent>? Accepted { get; set; }
}
