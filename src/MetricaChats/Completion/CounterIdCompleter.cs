using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using MetricaChats.Core.Api;

namespace MetricaChats.Completion;

/// <summary>
/// Tab completion for -CounterId: the counters the connected token can see, from
/// <see cref="CounterCompletionCache"/> (fetched at most every few minutes, within a few
/// seconds, never prompting; after a failed fetch nothing is offered, at once, for a minute).
/// Nothing is offered when the session is not connected.
/// </summary>
public sealed class CounterIdCompleter : IArgumentCompleter
{
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var connection = MetricaSession.Current;
        if (connection is null)
        {
            return Array.Empty<CompletionResult>();
        }

        var counters = CounterCompletionCache.Shared.TryGet(connection.Endpoint, DateTimeOffset.UtcNow);
        if (counters is null && CounterCompletionCache.Shared.FailedRecently(connection.Endpoint, DateTimeOffset.UtcNow))
        {
            return Array.Empty<CompletionResult>();
        }

        if (counters is null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(FetchTimeout);
                counters = connection.Client.ListCountersAsync(timeout.Token).GetAwaiter().GetResult();
                CounterCompletionCache.Shared.Store(connection.Endpoint, counters, DateTimeOffset.UtcNow);
            }
#pragma warning disable CA1031 // Tab completion must never fail the user's typing; no counters are offered instead.
            catch (Exception)
#pragma warning restore CA1031
            {
                CounterCompletionCache.Shared.StoreFailure(connection.Endpoint, DateTimeOffset.UtcNow);
                return Array.Empty<CompletionResult>();
            }
        }

        var results = new List<CompletionResult>();
        foreach (var counter in CounterCompletionCache.Match(counters, wordToComplete))
        {
            var id = counter.Id.ToString(CultureInfo.InvariantCulture);
            results.Add(new CompletionResult(id, id + " " + counter.Name, CompletionResultType.ParameterValue, CounterCompletionCache.Tooltip(counter)));
        }

        return results;
    }
}
