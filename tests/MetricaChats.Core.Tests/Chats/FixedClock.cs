using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Tests.Chats;

/// <summary>A clock that always says the same time.</summary>
public sealed class FixedClock : TimeProvider
{
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private readonly DateTimeOffset _now;

    public FixedClock(DateTimeOffset? now = null) => _now = now ?? DefaultNow;

    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>A fixed UTC+03:00 zone without daylight saving (like Moscow), independent of the machine.</summary>
    public static readonly TimeZoneInfo Plus3 = TimeZoneInfo.CreateCustomTimeZone("Test+03", TimeSpan.FromHours(3), "Test+03", "Test+03");

    public static ChatEventNormalizer Normalizer(DateTimeOffset? now = null) =>
        new(new ChatNormalizerOptions { Clock = new FixedClock(now), LocalTimeZone = Plus3 });

    /// <summary>A valid, attributed record; tests change one field at a time.</summary>
    public static ChatRecord Valid() => new()
    {
        RowNumber = 7,
        DateTime = "2026-11-20T10:00:00Z",
        ChatPlatform = "telegram",
        ChatUsername = "ivan",
        ClientId = "1700000000123456789",
    };
}
