using System;
using System.Threading;
using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Advice;

/// <summary>
/// Counts accepted rows by age at the start of an import, against the two windows in which
/// Metrica joins an offline chat to the visit before it: 16 hours (the default) and 21 days (the
/// calls extended window). Thread-safe; pass <see cref="Observe(ChatEvent)"/> as
/// <see cref="ChatNormalizerOptions.Accepted"/> so every row the normaliser accepts is counted.
/// </summary>
public sealed class RowAgeTally
{
    /// <summary>The default window: session data can change for 16 hours after the session ends.</summary>
    public static readonly TimeSpan SessionWindow = TimeSpan.FromHours(16);

    /// <summary>The calls extended window, when it is on and fully grown: 21 days.</summary>
    public static readonly TimeSpan ExtendedWindow = TimeSpan.FromDays(21);

    private readonly DateTimeOffset _now;
    private long _rows;
    private long _olderThanSessionWindow;
    private long _olderThanExtendedWindow;
    private long _oldestTicks = long.MaxValue;

    /// <summary>Ages are measured from <paramref name="now"/> (the start of the import).</summary>
    public RowAgeTally(DateTimeOffset now)
    {
        _now = now;
    }

    /// <summary>The moment ages are measured from.</summary>
    public DateTimeOffset Now => _now;

    /// <summary>Rows counted.</summary>
    public long Rows => Interlocked.Read(ref _rows);

    /// <summary>Rows older than 16 hours but not older than 21 days: they join their visits only through the extended window.</summary>
    public long OlderThanSessionWindow => Interlocked.Read(ref _olderThanSessionWindow);

    /// <summary>Rows older than 21 days: no window reaches them.</summary>
    public long OlderThanExtendedWindow => Interlocked.Read(ref _olderThanExtendedWindow);

    /// <summary>The oldest row's time, or null before any row.</summary>
    public DateTimeOffset? Oldest
    {
        get
        {
            var ticks = Interlocked.Read(ref _oldestTicks);
            return ticks == long.MaxValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Counts one accepted row.</summary>
    public void Observe(ChatEvent chatEvent)
    {
        if (chatEvent is null)
        {
            throw new ArgumentNullException(nameof(chatEvent));
        }

        Observe(chatEvent.DateTime);
    }

    /// <summary>Counts one row of this time.</summary>
    public void Observe(DateTimeOffset time)
    {
        Interlocked.Increment(ref _rows);
        var age = _now - time;
        if (age > ExtendedWindow)
        {
            Interlocked.Increment(ref _olderThanExtendedWindow);
        }
        else if (age > SessionWindow)
        {
            Interlocked.Increment(ref _olderThanSessionWindow);
        }

        var ticks = time.UtcTicks;
        long seen;
        while (ticks < (seen = Interlocked.Read(ref _oldestTicks)))
        {
            if (Interlocked.CompareExchange(ref _oldestTicks, ticks, seen) == seen)
            {
                break;
            }
        }
    }
}
