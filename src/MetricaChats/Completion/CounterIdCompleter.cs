using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MetricaChats.Completion;

/// <summary>
/// Tab completion for -CounterId: the counters the connected token can see, from
/// <see cref="CompletionSource.Counters"/> (fetched at most every few minutes, within a few
/// seconds, never prompting; after a failed fetch nothing is offered, at once, for a minute).
/// Nothing is offered when the session is not connected.
/// </summary>
public sealed class CounterIdCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var counters = CompletionSource.Counters();
        if (counters is null)
        {
            return Array.Empty<CompletionResult>();
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
