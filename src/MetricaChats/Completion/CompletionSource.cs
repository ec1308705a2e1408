using System;
using System.Collections.Generic;
using System.Threading;
using MetricaChats.Core.Api;

namespace MetricaChats.Completion;

/// <summary>
/// What the completers offer, read from the session's connection: the counters (through
/// <see cref="CounterCompletionCache"/>) and a counter's recent uploads. Never prompts, never
/// throws (tab completion must not fail the user's typing), gives up after a few seconds; null
/// when not connected or the API could not answer.
/// </summary>
internal static class CompletionSource
{
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The counters the connected token can see, cached for a few minutes.</summary>
    public static IReadOnlyList<MetricaCounter>? Counters()
    {
        var connection = MetricaSession.Current;
        if (connection is null)
        {
            return null;
        }

        var counters = CounterCompletionCache.Shared.TryGet(connection.Endpoint, DateTimeOffset.UtcNow);
        if (counters is not null)
        {
            return counters;
        }

        // A failed fetch is remembered for a minute: an endpoint that does not answer must not
        // block every Tab for the fetch timeout.
        if (CounterCompletionCache.Shared.FailedRecently(connection.Endpoint, DateTimeOffset.UtcNow))
        {
            return null;
        }

        try
        {
            using var timeout = new CancellationTokenSource(FetchTimeout);
            counters = connection.Client.ListCountersAsync(timeout.Token).GetAwaiter().GetResult();
            CounterCompletionCache.Shared.Store(connection.Endpoint, counters, DateTimeOffset.UtcNow);
            return counters;
        }
#pragma warning disable CA1031 // Tab completion must never fail the user's typing; nothing is offered instead.
        catch (Exception)
#pragma warning restore CA1031
        {
            CounterCompletionCache.Shared.StoreFailure(connection.Endpoint, DateTimeOffset.UtcNow);
            return null;
        }
    }

    /// <summary>The most recent uploads of <paramref name="counterId"/>, newest first as Metrica lists them.</summary>
    public static IReadOnlyList<MetricaUpload>? RecentUploads(int counterId, int limit)
    {
        var connection = MetricaSession.Current;
        if (connection is null || counterId <= 0)
        {
            return null;
        }

        try
        {
            using var timeout = new CancellationTokenSource(FetchTimeout);
            return connection.Client.ListUploadsAsync(counterId, limit, 0, timeout.Token).GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // Tab completion must never fail the user's typing; nothing is offered instead.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
