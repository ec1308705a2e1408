namespace MetricaChats.Sandbox;

/// <summary>
/// What a call upload (<c>upload_calls</c>) carries beside the fields every upload has: the
/// static and dynamic call counts the API answers with, and the goal name it was sent with.
/// </summary>
/// <param name="StaticCallsQuantity">Accepted calls with <c>StaticCall</c> 1 (<c>static_calls_quantity</c>).</param>
/// <param name="DynamicCallsQuantity">Accepted calls with <c>StaticCall</c> 0, empty or absent (<c>dynamic_calls_quantity</c>).</param>
/// <param name="NewGoalName">The <c>new_goal_name</c> query parameter, or null when none was given.</param>
public sealed record SandboxCallDetails(int StaticCallsQuantity, int DynamicCallsQuantity, string? NewGoalName);

/// <summary>A goal a call upload's <c>new_goal_name</c> created (the first stored upload to name it).</summary>
/// <param name="CounterId">The counter.</param>
/// <param name="Name">The goal's name, as sent.</param>
/// <param name="UploadId">The call upload that created it.</param>
/// <param name="CreatedAt">When that upload was stored (sandbox clock).</param>
public sealed record SandboxCallGoal(int CounterId, string Name, long UploadId, DateTimeOffset CreatedAt);

/// <summary>The <c>type</c> strings of offline uploads.</summary>
public static class SandboxUploadType
{
    /// <summary>Chat uploads (<c>offline_conversions/upload?type=CHATS</c>).</summary>
    public const string Chats = "CHATS";

    /// <summary>Call uploads (<c>offline_conversions/upload_calls</c>).</summary>
    public const string Calls = "CALLS";

    /// <summary>Plain offline conversions (only seeded in the sandbox).</summary>
    public const string Basic = "BASIC";
}
