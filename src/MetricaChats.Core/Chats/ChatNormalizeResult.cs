using System;
using System.Collections.Generic;

namespace MetricaChats.Core.Chats;

/// <summary>
/// The outcome of normalising one <see cref="ChatRecord"/>: either an event (with zero or more
/// warnings) or exactly one error. A value type, so the common case allocates nothing beyond
/// the event itself.
/// </summary>
public readonly struct ChatNormalizeResult : IEquatable<ChatNormalizeResult>
{
    private static readonly ChatIssue[] NoIssues = Array.Empty<ChatIssue>();

    private readonly IReadOnlyList<ChatIssue>? _issues;

    /// <summary>Creates a result.</summary>
    /// <param name="chatEvent">The event, or null when the row is rejected.</param>
    /// <param name="issues">Warnings (valid row) or the single error (rejected row).</param>
    public ChatNormalizeResult(ChatEvent? chatEvent, IReadOnlyList<ChatIssue>? issues)
    {
        Event = chatEvent;
        _issues = issues;
    }

    /// <summary>The normalised event, or null when the row is rejected.</summary>
    public ChatEvent? Event { get; }

    /// <summary>The row's issues: warnings when valid; exactly one error when rejected.</summary>
    public IReadOnlyList<ChatIssue> Issues => _issues ?? NoIssues;

    /// <summary>True when the row produced an event (warnings allowed).</summary>
    public bool IsValid => Event is not null;

    /// <summary>The error of a rejected row, or null.</summary>
    public ChatIssue? Error
    {
        get
        {
            var issues = Issues;
            for (var i = 0; i < issues.Count; i++)
            {
                if (issues[i].Severity == ChatIssueSeverity.Error)
                {
                    return issues[i];
                }
            }

            return null;
        }
    }

    /// <summary>Equality by reference of the event and issue list.</summary>
    public static bool operator ==(ChatNormalizeResult left, ChatNormalizeResult right) => left.Equals(right);

    /// <summary>Inequality by reference of the event and issue list.</summary>
    public static bool operator !=(ChatNormalizeResult left, ChatNormalizeResult right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(ChatNormalizeResult other) => ReferenceEquals(Event, other.Event) && ReferenceEquals(Issues, other.Issues);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ChatNormalizeResult other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (Event?.GetHashCode() ?? 0) ^ Issues.GetHashCode();
}
