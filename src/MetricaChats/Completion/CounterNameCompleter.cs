using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MetricaChats.Completion;

/// <summary>
/// Tab completion for Get-MetricaCounter -Name: the names of the counters the connected token
/// can see (<see cref="CompletionSource.Counters"/>), matching what was typed as a name prefix
/// or wildcard pattern, quoted as PowerShell needs and with wildcard characters escaped (-Name
/// takes wildcards).
/// </summary>
public sealed class CounterNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var counters = CompletionSource.Counters();
        if (counters is null)
        {
            return Array.Empty<CompletionResult>();
        }

        var pattern = CompletionText.Pattern(wordToComplete);
        var results = new List<CompletionResult>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var counter in counters)
        {
            if (string.IsNullOrEmpty(counter.Name) || !pattern.IsMatch(counter.Name) || !seen.Add(counter.Name))
            {
                continue;
            }

            var tooltip = "counter " + counter.Id.ToString(CultureInfo.InvariantCulture) + (string.IsNullOrEmpty(counter.Site) ? string.Empty : ", " + counter.Site);
            results.Add(new CompletionResult(CompletionText.Quote(WildcardPattern.Escape(counter.Name)), counter.Name, CompletionResultType.ParameterValue, tooltip));
        }

        results.Sort((a, b) => string.Compare(a.ListItemText, b.ListItemText, StringComparison.OrdinalIgnoreCase));
        return results;
    }
}
