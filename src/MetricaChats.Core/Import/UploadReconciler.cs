using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Api;
using MetricaChats.Core.Api.Internal;

namespace MetricaChats.Core.Import;

/// <summary>
/// Finds batches in Metrica's uploads list by their markers, and settles batches whose upload
/// may have arrived: found, or proven absent once the grace period after the last moment their
/// request could have been alive has passed, or unknown when the list cannot be read.
/// </summary>
internal sealed class UploadReconciler
{
    private const int PageSize = 100;
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(15);

    private readonly MetricaClient _client;
    private readonly UploadKind _kind;
    private readonly int _counterId;
    private readonly RetryBudget _budget;
    private readonly TimeProvider _clock;

    public UploadReconciler(MetricaClient client, UploadKind kind, int counterId, RetryBudget budget, TimeProvider clock)
    {
        _client = client;
        _kind = kind;
        _counterId = counterId;
        _budget = budget;
        _clock = clock;
    }

    /// <summary>The grace period after which an upload not in the list counts as absent.</summary>
    public TimeSpan Grace => _client.ReconcileGrace;

    /// <summary>Every upload among the recent ones that carries one of <paramref name="markers"/>, by marker (a marker in more than one upload is a duplicate).</summary>
    public async Task<Dictionary<string, List<MetricaUpload>>> ScanAsync(IReadOnlyCollection<string> markers, bool stopWhenAllFound, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, List<MetricaUpload>>(StringComparer.OrdinalIgnoreCase);
        if (markers.Count == 0)
        {
            return found;
        }

        var seen = new HashSet<long>();
        for (var offset = 0; offset < _client.ReconcileScanLimit; offset += PageSize)
        {
            var page = await _client.ListUploadsPageAsync(_kind, _counterId, PageSize, offset, _budget, cancellationToken).ConfigureAwait(false);
            foreach (var upload in page)
            {
                if (!seen.Add(upload.Id))
                {
                    continue;
                }

                foreach (var marker in markers)
                {
                    if (UploadMarker.IsIn(upload.Comment, marker))
                    {
                        if (!found.TryGetValue(marker, out var list))
                        {
                            found[marker] = list = new List<MetricaUpload>();
                        }

                        list.Add(upload);
                    }
                }
            }

            if (page.Count < PageSize || (stopWhenAllFound && found.Count == markers.Count))
            {
                break;
            }
        }

        return found;
    }

    /// <summary>
    /// Settles batches whose requests may have reached Metrica. Each marker is found, or proven
    /// absent once <see cref="Grace"/> has passed since its <c>aliveUntil</c> (the last moment its
    /// request could have been alive), or left unknown when the list cannot be read or the retry
    /// budget runs out before then. Waits (polling the list) while a batch is within its grace.
    /// </summary>
    public async Task<Settlement> SettleAsync(IReadOnlyDictionary<string, DateTimeOffset> aliveUntil, Action<TimeSpan>? waiting, CancellationToken cancellationToken)
    {
        var result = new Settlement();
        var open = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in aliveUntil)
        {
            open[pair.Key] = pair.Value;
        }

        var pause = Grace < FirstPause ? TimeSpan.FromTicks(Math.Max(Grace.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks)) : FirstPause;
        var told = false;
        while (open.Count > 0)
        {
            Dictionary<string, List<MetricaUpload>> found;
            try
            {
                found = await ScanAsync(open.Keys.ToList(), stopWhenAllFound: true, cancellationToken).ConfigureAwait(false);
            }
            catch (MetricaApiException ex)
            {
                foreach (var marker in open.Keys)
                {
                    result.Unknown[marker] = ex;
                }

                return result;
            }

            var now = _clock.GetUtcNow();
            foreach (var marker in open.Keys.ToList())
            {
                if (found.TryGetValue(marker, out var uploads))
                {
                    result.Found[marker] = uploads;
                    open.Remove(marker);
                }
                else if (now >= open[marker] + Grace)
                {
                    result.Absent.Add(marker);
                    open.Remove(marker);
                }
            }

            if (open.Count == 0)
            {
                break;
            }

            var nextDeadline = open.Values.Min() + Grace;
            var wait = nextDeadline - now;
            if (wait > pause)
            {
                wait = pause;
            }

            if (!told)
            {
                told = true;
                waiting?.Invoke(nextDeadline - now);
            }

            var granted = _budget.Take(wait);
            if (granted < wait)
            {
                foreach (var marker in open.Keys)
                {
                    result.Unknown[marker] = null;
                }

                return result;
            }

            await _clock.Delay(granted, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }

        return result;
    }

    /// <summary>What a settlement found.</summary>
    internal sealed class Settlement
    {
        /// <summary>Markers found, with every upload that carries each (more than one is a duplicate).</summary>
        public Dictionary<string, List<MetricaUpload>> Found { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Markers proven absent.</summary>
        public HashSet<string> Absent { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Markers whose fate could not be settled, with the look-up failure when there was one (null: the retry budget ran out while waiting).</summary>
        public Dictionary<string, MetricaApiException?> Unknown { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}
