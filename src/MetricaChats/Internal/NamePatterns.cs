using System.Collections.Generic;
using System.Management.Automation;

namespace MetricaChats.Internal;

/// <summary>Case-insensitive wildcard filters for -Name / -Profile style parameters.</summary>
internal static class NamePatterns
{
    /// <summary>Patterns for <paramref name="names"/>; an empty list matches everything.</summary>
    public static IReadOnlyList<WildcardPattern> Create(IEnumerable<string>? names)
    {
        var list = new List<WildcardPattern>();
        if (names is not null)
        {
            foreach (var name in names)
            {
                list.Add(WildcardPattern.Get(name, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant));
            }
        }

        return list;
    }

    /// <summary>True when <paramref name="value"/> matches any pattern (or there are none); marks the patterns that matched.</summary>
    public static bool Match(IReadOnlyList<WildcardPattern> patterns, string? value, bool[]? matched = null)
    {
        if (patterns.Count == 0)
        {
            return true;
        }

        var any = false;
        for (var i = 0; i < patterns.Count; i++)
        {
            if (patterns[i].IsMatch(value ?? string.Empty))
            {
                any = true;
                if (matched is not null)
                {
                    matched[i] = true;
                }
            }
        }

        return any;
    }
}
