using System;
using System.Collections.Generic;

namespace MetricaChats.Core.Linking;

/// <summary>
/// A lookup from the names a field goes by to the field, through a normalising key (case,
/// separators): the one mechanism behind <see cref="SiteVisitFieldAliases"/> and
/// <see cref="TrackedChatFieldAliases"/>, which differ only in their names and their key.
/// </summary>
internal sealed class FieldNameTable<TField>
    where TField : struct
{
    private readonly Dictionary<string, TField> _map = new(StringComparer.Ordinal);
    private readonly Func<string, string> _key;

    public FieldNameTable(IReadOnlyDictionary<TField, string[]> names, Func<string, string> key)
    {
        _key = key;
        foreach (var pair in names)
        {
            foreach (var name in pair.Value)
            {
                _map[key(name)] = pair.Key;
            }
        }
    }

    /// <summary>The field <paramref name="name"/> stands for, or null when it is none of them.</summary>
    public TField? Resolve(string? name) =>
        name is not null && _map.TryGetValue(_key(name), out var field) ? field : null;
}
