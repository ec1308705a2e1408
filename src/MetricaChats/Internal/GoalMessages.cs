using System.Globalization;

namespace MetricaChats.Internal;

/// <summary>What Get-MetricaGoal tells the user, in one place.</summary>
internal static class GoalMessages
{
    /// <summary>The error when a counter has no Chat goal yet.</summary>
    public static string NoChatGoal(int counterId) => string.Format(
        CultureInfo.InvariantCulture,
        "Counter {0} has no Chat goal yet: the first chat upload creates it. Metrica makes the automatic goal Chat when it has processed the counter's first chat upload (up to 2 hours after it was sent).",
        counterId);

    /// <summary>What to do about it.</summary>
    public static string NoChatGoalAction(int counterId) => string.Format(
        CultureInfo.InvariantCulture,
        "Send chats with Send-MetricaChatImport -CounterId {0} -Wait, then run Get-MetricaGoal -CounterId {0} -Chat again.",
        counterId);
}
