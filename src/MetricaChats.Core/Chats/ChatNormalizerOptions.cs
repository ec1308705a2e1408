using System;

namespace MetricaChats.Core.Chats;

/// <summary>Settings of <see cref="ChatEventNormalizer"/>, read when the normaliser is created.</summary>
public sealed class ChatNormalizerOptions
{
    /// <summary>The default join window: Metrica's extended window for calls and chats.</summary>
    public static readonly TimeSpan DefaultJoinWindow = TimeSpan.FromDays(21);

    /// <summary>The default allowed clock skew for "not in the future".</summary>
    public static readonly TimeSpan DefaultAllowedClockSkew = TimeSpan.FromMinutes(5);

    private TimeZoneInfo? _timeZone;

    /// <summary>The clock "now" is read from (tests pass a fixed one). Default: the system clock.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>How far in the future an event time may lie before it is rejected. Default 5 minutes.</summary>
    public TimeSpan AllowedClockSkew { get; set; } = DefaultAllowedClockSkew;

    /// <summary>
    /// The time zone of times that carry no offset (an ISO string without <c>Z</c> or
    /// <c>+hh:mm</c>, a <c>dd.MM.yyyy HH:mm</c> time, a <see cref="DateTime"/> of kind Unspecified).
    /// Default: the machine's time zone; when that is UTC, the first such time gets a
    /// <see cref="ChatIssueCodes.TimesReadAsUtc"/> notice. Unix times and times with an offset are
    /// unaffected. <see cref="ChatTimeZones.TryFind"/> finds a zone by IANA or Windows id.
    /// </summary>
    public TimeZoneInfo LocalTimeZone
    {
        get => _timeZone ?? MachineTimeZone;
        set => _timeZone = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>True when <see cref="LocalTimeZone"/> was set (the machine's zone is not in use).</summary>
    public bool IsTimeZoneGiven => _timeZone is not null;

    /// <summary>
    /// The country (ISO 3166 code, e.g. <c>RU</c>) of phone numbers written without a country code
    /// (<c>8 (912) 000-00-00</c>). Default null: none, so such numbers are rejected with a message
    /// naming this setting; nothing is guessed. <see cref="PhoneRegions.TryParse"/> checks a code.
    /// </summary>
    public string? DefaultRegion { get; set; }

    /// <summary>Events older than this (before now minus the window) are sent with an <see cref="ChatIssueCodes.OutsideJoinWindow"/> warning. Default 21 days.</summary>
    public TimeSpan JoinWindow { get; set; } = DefaultJoinWindow;

    /// <summary>How the front end in use spells the settings that messages name. Default: <see cref="ChatOptionNames.Neutral"/>.</summary>
    public ChatOptionNames OptionNames { get; set; } = ChatOptionNames.Neutral;

    /// <summary>The machine's zone (tests stand in another, e.g. UTC).</summary>
    internal TimeZoneInfo MachineTimeZone { get; set; } = TimeZoneInfo.Local;

    /// <summary>
    /// Called with every event the normaliser accepts (for a tally such as
    /// <see cref="Advice.RowAgeTally.Observe(ChatEvent)"/>). Must be thread-safe when the
    /// normaliser is shared. Default null.
    /// </summary>
    public Action<ChatEvent>? Accepted { get; set; }
}
