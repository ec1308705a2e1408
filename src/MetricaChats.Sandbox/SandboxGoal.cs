namespace MetricaChats.Sandbox;

/// <summary>One condition of a goal (a page-view goal's <c>contain</c> and URL part, ...).</summary>
/// <param name="Type">Condition type (<c>regexp</c>, <c>contain</c>, <c>start</c>, <c>exact</c>, <c>action</c>).</param>
/// <param name="Url">Its value.</param>
public sealed record SandboxGoalCondition(string Type, string Url);

/// <summary>A goal of a counter: made through <c>POST .../goals</c> (<c>goal_source</c> <c>user</c>), or the automatic Chat goal (<c>auto</c>).</summary>
/// <param name="Id">Goal id.</param>
/// <param name="CounterId">The counter.</param>
/// <param name="Name">Goal name.</param>
/// <param name="Type">Goal type.</param>
/// <param name="GoalSource"><c>user</c> or <c>auto</c>.</param>
/// <param name="Conditions">Its conditions (none for the Chat goal).</param>
/// <param name="CreatedAt">When it was made (sandbox clock).</param>
public sealed record SandboxGoal(long Id, int CounterId, string Name, string Type, string GoalSource, IReadOnlyList<SandboxGoalCondition> Conditions, DateTimeOffset CreatedAt)
{
    /// <summary>The name of the goal the first chat upload creates.</summary>
    public const string ChatGoalName = "Chat";

    /// <summary>The type of a goal a call upload makes with <c>new_goal_name</c> (the sandbox's choice: the reference does not show it).</summary>
    public const string CallGoalType = "call";

    /// <summary><c>goal_source</c> of goals Metrica made itself.</summary>
    public const string AutoSource = "auto";

    /// <summary><c>goal_source</c> of goals a user made.</summary>
    public const string UserSource = "user";

    /// <summary>True for the automatic Chat goal.</summary>
    public bool IsChatGoal => GoalSource == AutoSource && Name == ChatGoalName;
}
