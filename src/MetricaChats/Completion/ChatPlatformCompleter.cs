using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using MetricaChats.Core.Chats;

namespace MetricaChats.Completion;

/// <summary>Tab completion for -ChatPlatform: the messengers Metrica accepts, in their wire spelling.</summary>
public sealed class ChatPlatformCompleter : IArgumentCompleter
{
    /// <summary>The values offered, lower case (the wire spelling).</summary>
    internal static IReadOnlyList<string> Values { get; } = BuildValues();

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        foreach (var value in Matching(wordToComplete))
        {
            yield return new CompletionResult(value, value, CompletionResultType.ParameterValue, value);
        }
    }

    /// <summary>The values starting with <paramref name="wordToComplete"/> (ignoring case and quotes).</summary>
    internal static IEnumerable<string> Matching(string? wordToComplete)
    {
        var word = (wordToComplete ?? string.Empty).Trim().Trim('\'', '"');
        foreach (var value in Values)
        {
            if (value.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                yield return value;
            }
        }
    }

    private static string[] BuildValues()
    {
        var names = Enum.GetNames(typeof(ChatPlatform));
        var values = new string[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
#pragma warning disable CA1308 // Metrica's wire spelling of the messengers is lower case.
            values[i] = names[i].ToLowerInvariant();
#pragma warning restore CA1308
        }

        return values;
    }
}
