using System;
using System.Collections.Generic;

namespace MetricaChats.Core.Linking;

/// <summary>
/// The names chat exports and bot logs use for each <see cref="TrackedChatField"/> (CSV headers),
/// matched case-insensitively with <c>_</c>, <c>-</c> and spaces ignored. They include the aliases
/// the <c>Join-MetricaChatVisit</c> cmdlet binds. A name that is a chat field
/// (<see cref="Chats.ChatFieldAliases"/>) is read as that chat field first.
/// </summary>
public static class TrackedChatFieldAliases
{
    /// <summary>Every accepted name per field, canonical first, for help and error messages.</summary>
    public static IReadOnlyDictionary<TrackedChatField, string[]> Names { get; } = new Dictionary<TrackedChatField, string[]>
    {
        [TrackedChatField.TrackingId] = new[] { "TrackingId", "tracking_id", "ChatTrackingId", "Ref", "RefId" },
        [TrackedChatField.FirstMessage] = new[] { "FirstMessage", "first_message", "Message", "Text", "Body" },
        [TrackedChatField.StartParameter] = new[] { "StartParameter", "start_param", "StartParam", "Payload", "Context" },
    };

    private static readonly FieldNameTable<TrackedChatField> Table = new(Names, Key);

    /// <summary>The field <paramref name="name"/> stands for, or null when it is none of them.</summary>
    public static TrackedChatField? Resolve(string? name) => Table.Resolve(name);

    private static string Key(string name)
    {
        var chars = new List<char>(name.Length);
        foreach (var c in name.Trim().TrimStart('\uFEFF'))
        {
            if (c != '-' && c != ' ' && c != '_')
            {
                chars.Add(char.ToLowerInvariant(c));
            }
        }

        return new string(chars.ToArray());
    }
}
