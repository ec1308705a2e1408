using System;
using System.Collections.Generic;
using MetricaChats.Core.Chats;

namespace MetricaChats.Completion;

/// <summary>The -ChatPlatform values offered by tab completion (no PowerShell types, tested by xunit).</summary>
internal static class PlatformValues
{
    /// <summary>The messengers in Metrica's wire spelling (lower case), from <see cref="ChatPlatform"/>.</summary>
    public static IReadOnlyList<string> All { get; } = Build();

    /// <summary>The values starting with <paramref name="wordToComplete"/> (ignoring case and quotes).</summary>
    public static IEnumerable<string> Matching(string? wordToComplete)
    {
        var word = (wordToComplete ?? string.Empty).Trim().Trim('\'', '"');
        foreach (var value in All)
        {
            if (value.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                yield return value;
            }
        }
    }

    private static string[] Build()
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
