using System;
using System.Collections.Generic;

namespace MetricaChats.Core.Chats;

/// <summary>
/// Watches the property names of input objects through one run (PowerShell rows from Import-Csv,
/// ConvertFrom-Json, hashtables) and says, once per name, which names the import does not use, and,
/// for an object none of whose names is a chat field, why (<see cref="ChatColumnDiagnosis"/>): the
/// object-input twin of the CSV reader's header check. Not thread-safe; one per run.
/// </summary>
public sealed class ChatColumnTracker
{
    private readonly ChatOptionNames _names;
    private readonly Func<string, bool>? _isUsed;
    private readonly HashSet<string> _reported = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _unused = new();
    private bool _lastRecognised;
    private string[]? _lastNames;

    /// <summary>Creates a tracker.</summary>
    /// <param name="optionNames">How the front end spells the settings that fix a cause; null for the engine's names.</param>
    /// <param name="isUsed">Names the front end uses beyond the chat fields (a row number, tracking columns); null for none.</param>
    public ChatColumnTracker(ChatOptionNames? optionNames = null, Func<string, bool>? isUsed = null)
    {
        _names = optionNames ?? ChatOptionNames.Neutral;
        _isUsed = isUsed;
    }

    /// <summary>True once an object with at least one chat field name was seen.</summary>
    public bool AnyRecognised { get; private set; }

    /// <summary>
    /// Looks at one object's property names. Returns a <see cref="ChatIssueCodes.NoKnownColumns"/>
    /// error (with the likely cause) when the object has names and none is a chat field; an
    /// <see cref="ChatIssueCodes.UnknownColumns"/> warning the first time names go unused; else null.
    /// Cheap for a run of objects with the same names (Import-Csv rows): they are checked once.
    /// </summary>
    /// <param name="names">The object's property names, in order.</param>
    /// <param name="rowNumber">The object's row, for the issue.</param>
    public ChatIssue? Observe(IReadOnlyList<string> names, long rowNumber)
    {
        if (names is null)
        {
            throw new ArgumentNullException(nameof(names));
        }

        if (SameAsLast(names))
        {
            return _lastRecognised || names.Count == 0 ? null : ChatColumnDiagnosis.NoKnownColumnsIssue(names, rowNumber, _names);
        }

        _lastNames = Copy(names);
        _unused.Clear();
        var recognised = false;
        foreach (var name in names)
        {
            if (ChatFieldAliases.TryResolve(name, out _))
            {
                recognised = true;
            }
            else if (!(_isUsed?.Invoke(name) ?? false) && _reported.Add(name))
            {
                _unused.Add(name);
            }
        }

        _lastRecognised = recognised;
        if (!recognised)
        {
            return names.Count == 0 ? null : ChatColumnDiagnosis.NoKnownColumnsIssue(names, rowNumber, _names);
        }

        AnyRecognised = true;
        return ChatColumnDiagnosis.UnusedColumnsIssue(_unused.ToArray(), rowNumber);
    }

    private bool SameAsLast(IReadOnlyList<string> names)
    {
        var last = _lastNames;
        if (last is null || last.Length != names.Count)
        {
            return false;
        }

        for (var i = 0; i < last.Length; i++)
        {
            if (!string.Equals(last[i], names[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string[] Copy(IReadOnlyList<string> names)
    {
        var copy = new string[names.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = names[i];
        }

        return copy;
    }
}
