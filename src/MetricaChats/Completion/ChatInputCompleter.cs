using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using MetricaChats.Core.Chats;

namespace MetricaChats.Completion;

/// <summary>Tab completion for -Encoding, -DefaultRegion and -TimeZone: the values users pick most.</summary>
public sealed class ChatInputCompleter : IArgumentCompleter
{
    private static readonly string[] Regions = { "RU", "KZ", "BY", "UZ", "AM", "GE", "KG", "AZ", "TJ", "TM", "MD", "UA", "TR", "AE", "DE", "GB", "US", "CN", "IL", "RS" };

    private static readonly string[] Zones =
    {
        "Europe/Moscow", "Europe/Kaliningrad", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk", "Asia/Novosibirsk",
        "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok", "Asia/Magadan", "Asia/Kamchatka",
        "Asia/Almaty", "Asia/Tashkent", "Europe/Minsk", "Asia/Yerevan", "Asia/Tbilisi", "Asia/Bishkek", "Asia/Baku", "UTC",
    };

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        IEnumerable<string> values = parameterName switch
        {
            "Encoding" => ChatTextEncodings.CommonNames,
            "DefaultRegion" => Regions,
            "TimeZone" => Zones,
            _ => Array.Empty<string>(),
        };
        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        foreach (var value in values)
        {
            if (value.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                yield return new CompletionResult(value.IndexOf('/') >= 0 ? "'" + value + "'" : value, value, CompletionResultType.ParameterValue, value);
            }
        }
    }
}
