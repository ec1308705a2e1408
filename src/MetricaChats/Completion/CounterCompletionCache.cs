using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MetricaChats.Core.Api;

namespace MetricaChats.Completion;

/// <summary>
/// The counters list behind tab completion of -CounterId, cached per endpoint for a few
/// minutes so pressing Tab does not call the API each time, and a failed lookup for a minute, so
/// Tab against an endpoint that does not answer does not block each time. Filled by completion and
/// by Get-MetricaCounter; cleared by Connect-/Disconnect-MetricaAccount.
/// </summary>
internal sealed class CounterCompletionCache
{
    /// <summary>How long a list is reused.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    /// <summary>How long a failed lookup is remembered: Tab offers nothing at once instead of waiting for the endpoint again.</summary>
    public static readonly TimeSpan FailureLifetime = TimeSpan.FromMinutes(1);

    private readonly object _gate = new();
    private readonly TimeSpan _lifetime;
    private Uri? _endpoint;
    private DateTimeOffset _storedAt;
    private IReadOnlyList<MetricaCounter>? _counters;
    private Uri? _failedEndpoint;
    private DateTimeOffset _failedAt;

    /// <summary>Creates a cache keeping lists for <paramref name="lifetime"/>.</summary>
    public CounterCompletionCache(TimeSpan lifetime)
    {
        _lifetime = lifetime;
    }

    /// <summary>The process-wide cache.</summary>
    public static CounterCompletionCache Shared { get; } = new(DefaultLifetime);

    /// <summary>Stores the list for <paramref name="endpoint"/>.</summary>
    public void Store(Uri endpoint, IReadOnlyList<MetricaCounter> counters, DateTimeOffset now)
    {
        lock (_gate)
        {
            _failedEndpoint = null;
            _endpoint = endpoint;
            _counters = counters;
            _storedAt = now;
        }
    }

    /// <summary>The cached list for <paramref name="endpoint"/> when still fresh at <paramref name="now"/>.</summary>
    public IReadOnlyList<MetricaCounter>? TryGet(Uri endpoint, DateTimeOffset now)
    {
        lock (_gate)
        {
            return _counters is not null && _endpoint == endpoint && now - _storedAt < _lifetime && now >= _storedAt ? _counters : null;
        }
    }

    /// <summary>Remembers that the lookup for <paramref name="endpoint"/> failed (no answer in time, refused, an error).</summary>
    public void StoreFailure(Uri endpoint, DateTimeOffset now)
    {
        lock (_gate)
        {
            _failedEndpoint = endpoint;
            _failedAt = now;
        }
    }

    /// <summary>True when a lookup for <paramref name="endpoint"/> failed less than <see cref="FailureLifetime"/> before <paramref name="now"/>.</summary>
    public bool FailedRecently(Uri endpoint, DateTimeOffset now)
    {
        lock (_gate)
        {
            return _failedEndpoint == endpoint && now >= _failedAt && now - _failedAt < FailureLifetime;
        }
    }

    /// <summary>Forgets the list and any failure.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _counters = null;
            _endpoint = null;
            _failedEndpoint = null;
        }
    }

    /// <summary>
    /// The counters matching what the user typed: an id starting with it, or a name or site
    /// containing it (ignoring case); id matches first, then by id.
    /// </summary>
    public static IEnumerable<MetricaCounter> Match(IEnumerable<MetricaCounter> counters, string? wordToComplete)
    {
        var word = (wordToComplete ?? string.Empty).Trim().Trim('\'', '"');
        return counters
            .Select(c => (Counter: c, Rank: Rank(c, word)))
            .Where(x => x.Rank > 0)
            .OrderBy(x => x.Rank)
            .ThenBy(x => x.Counter.Id)
            .Select(x => x.Counter);
    }

    /// <summary>
    /// The tooltip of a counter's completion: its name and site, else its id. Never empty:
    /// CompletionResult throws on an empty tooltip, and one unnamed counter without a site would
    /// then have ended the completion of every counter.
    /// </summary>
    public static string Tooltip(MetricaCounter counter)
    {
        var name = counter.Name ?? string.Empty;
        var site = counter.Site ?? string.Empty;
        if (name.Length == 0 && site.Length == 0)
        {
            return "counter " + counter.Id.ToString(CultureInfo.InvariantCulture);
        }

        return site.Length == 0 ? name : name.Length == 0 ? site : name + " (" + site + ")";
    }

    private static int Rank(MetricaCounter counter, string word)
    {
        if (word.Length == 0 || counter.Id.ToString(CultureInfo.InvariantCulture).StartsWith(word, StringComparison.Ordinal))
        {
            return 1;
        }

        return Contains(counter.Name, word) || Contains(counter.Site, word) ? 2 : 0;
    }

    private static bool Contains(string? text, string word) =>
        text is not null && text.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0;
}
