using System;
using System.Globalization;
using System.Threading;

namespace MetricaChats.Core.Api;

/// <summary>
/// A budget of time for waiting out transient failures (429, 5xx, dropped connections,
/// timeouts): every pause before a retry is taken from it, however many attempts that makes,
/// and once it is spent the next transient failure is reported instead of retried. One budget
/// is shared by every request of an import run; a single call outside a run gets its own.
/// Thread-safe.
/// </summary>
public sealed class RetryBudget
{
    private long _remainingTicks;

    /// <summary>Creates a budget of <paramref name="total"/>.</summary>
    public RetryBudget(TimeSpan total)
    {
        if (total < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(total), total, "A retry budget cannot be negative.");
        }

        Total = total;
        _remainingTicks = total.Ticks;
    }

    /// <summary>The whole budget.</summary>
    public TimeSpan Total { get; }

    /// <summary>What is left.</summary>
    public TimeSpan Remaining => TimeSpan.FromTicks(Math.Max(0, Interlocked.Read(ref _remainingTicks)));

    /// <summary>True once nothing is left.</summary>
    public bool IsSpent => Interlocked.Read(ref _remainingTicks) <= 0;

    /// <summary>Time spent waiting so far.</summary>
    public TimeSpan Spent => Total - Remaining;

    /// <summary>Takes up to <paramref name="wanted"/> from the budget and returns what was granted (less when little is left; zero when spent).</summary>
    public TimeSpan Take(TimeSpan wanted)
    {
        if (wanted <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        while (true)
        {
            var left = Interlocked.Read(ref _remainingTicks);
            if (left <= 0)
            {
                return TimeSpan.Zero;
            }

            var granted = Math.Min(left, wanted.Ticks);
            if (Interlocked.CompareExchange(ref _remainingTicks, left - granted, left) == left)
            {
                return TimeSpan.FromTicks(granted);
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0:0.#} s of {1:0.#} s left", Remaining.TotalSeconds, Total.TotalSeconds);
}
