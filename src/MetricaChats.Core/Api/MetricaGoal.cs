using System;
using System.Collections.Generic;
using System.Globalization;

namespace MetricaChats.Core.Api;

/// <summary>A goal of a Metrica counter, as the goals list reports it.</summary>
public sealed class MetricaGoal
{
    /// <summary>The name Metrica gives the automatic goal its first chat upload creates (no hand-made goal may take it).</summary>
    public const string ChatGoalName = "Chat";

    /// <summary>The <c>goal_source</c> of goals Metrica made itself (the hand-made ones say <c>user</c>).</summary>
    public const string AutomaticSource = "auto";

    /// <summary>Goal id: what reports name it by (e.g. <c>ym:s:goal&lt;id&gt;reaches</c>).</summary>
    public long Id { get; init; }

    /// <summary>The counter it belongs to (from the request; Metrica's object does not carry it).</summary>
    public int CounterId { get; init; }

    /// <summary>Goal name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>
    /// Goal type as Metrica reports it (<c>url</c>, <c>action</c>, <c>messenger</c>, ...), or null.
    /// The chat goal's type string is not public, so nothing here depends on it.
    /// </summary>
    public string? Type { get; init; }

    /// <summary>How the goal was made: <c>auto</c> (by Metrica) or <c>user</c>, or null when not reported.</summary>
    public string? GoalSource { get; init; }

    /// <summary>The goal's conditions (type and value), possibly none.</summary>
    public IReadOnlyList<MetricaGoalCondition> Conditions { get; init; } = Array.Empty<MetricaGoalCondition>();

    /// <summary>True when Metrica made the goal itself (<see cref="GoalSource"/> is <c>auto</c>).</summary>
    public bool IsAutomatic => string.Equals(GoalSource?.Trim(), AutomaticSource, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True for the automatic Chat goal that the counter's first chat upload creates: named
    /// <c>Chat</c> and made by Metrica (<c>goal_source</c> <c>auto</c>). Its <see cref="Type"/> is not
    /// looked at: the reference does not publish it.
    /// </summary>
    public bool IsChatGoal => IsAutomatic && string.Equals(Name.Trim(), ChatGoalName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The automatic Chat goal among <paramref name="goals"/>, or null when the counter has none yet.</summary>
    public static MetricaGoal? FindChatGoal(IEnumerable<MetricaGoal> goals)
    {
        if (goals is null)
        {
            throw new ArgumentNullException(nameof(goals));
        }

        foreach (var goal in goals)
        {
            if (goal.IsChatGoal)
            {
                return goal;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() =>
        "MetricaGoal(" + Id.ToString(CultureInfo.InvariantCulture) + ", counter " + CounterId.ToString(CultureInfo.InvariantCulture) + ", " + Name + ", " + (GoalSource ?? "-") + ")";
}
