using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using MetricaChats.Core.Auth;

namespace MetricaChats.Completion;

/// <summary>Tab completion for -Profile: the saved profile names (metadata only, never a store).</summary>
public sealed class ProfileNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        IReadOnlyList<MetricaProfile> profiles;
        try
        {
            profiles = MetricaProfileStore.OpenDefault().List();
        }
#pragma warning disable CA1031 // Tab completion must never fail the user's typing.
        catch (Exception)
#pragma warning restore CA1031
        {
            yield break;
        }

        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        foreach (var profile in profiles)
        {
            if (profile.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                yield return new CompletionResult(profile.Name, profile.Name, CompletionResultType.ParameterValue, profile.Endpoint.AbsoluteUri);
            }
        }
    }
}
