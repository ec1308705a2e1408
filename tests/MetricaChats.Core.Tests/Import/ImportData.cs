using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Tests.Import;

/// <summary>Generated input for import tests: lazily, so large inputs stream.</summary>
internal static class ImportData
{
    private static readonly DateTimeOffset Base = DateTimeOffset.UtcNow.AddDays(-2);

    /// <summary>Raw records; every <paramref name="badEvery"/>-th (if set) has an unknown messenger. Partner ids are "u{row}".</summary>
    public static IEnumerable<ChatRecord> Records(int count, int badEvery = 0, bool unattributedOdd = false)
    {
        for (var i = 1; i <= count; i++)
        {
            yield return new ChatRecord
            {
                RowNumber = i,
                DateTime = Base.AddSeconds(i).ToUnixTimeSeconds(),
                ChatPlatform = badEvery > 0 && i % badEvery == 0 ? "icq" : (i % 3 == 0 ? "WhatsApp" : "tg"),
                ChatUserId = "u" + i,
                ClientId = unattributedOdd && i % 2 == 1 ? null : (1_000_000_000L + i).ToString(),
            };
        }
    }

    /// <summary>Normalised events with partner ids "u{row}".</summary>
    public static IEnumerable<ChatEvent> Events(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            yield return new ChatEvent
            {
                RowNumber = i,
                DateTime = Base.AddSeconds(i % 100_000),
                ChatPlatform = (ChatPlatform)(1 + (i % 3)),
                ChatUserId = "u" + i,
                ClientId = (1_000_000_000L + i).ToString(),
            };
        }
    }

    public static async IAsyncEnumerable<ChatRecord> RecordsAsync(int count)
    {
        foreach (var r in Records(count))
        {
            if (r.RowNumber % 100 == 0)
            {
                await Task.Yield();
            }

            yield return r;
        }
    }
}
