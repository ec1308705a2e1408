using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MetricaChats.Completion;

/// <summary>Tab completion for -ChatPlatform: the messengers Metrica accepts, in their wire spelling.</summary>
public sealed class ChatPlatformCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        foreach (var value in PlatformValues.Matching(wordToComplete))
        {
            yield return new CompletionResult(value, value, CompletionResultType.ParameterValue, value);
        }
    }
}
