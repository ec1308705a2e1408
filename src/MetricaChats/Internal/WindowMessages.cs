using System.Globalization;

namespace MetricaChats.Internal;

/// <summary>What the calls extended window cmdlets tell the user, in one place.</summary>
internal static class WindowMessages
{
    /// <summary>The note on Enable-MetricaCallsExtendedWindow's output.</summary>
    public static string Enabled(int counterId) => string.Format(
        CultureInfo.InvariantCulture,
        "Extended window requested for counter {0}. It applies only to sessions that start from now on: offline calls and chats can join them for up to 21 days instead of 16 hours, and the window grows day by day from 1 to 21 days. Sessions before now keep the 16-hour window.",
        counterId);

    /// <summary>The note on Disable-MetricaCallsExtendedWindow's output.</summary>
    public static string Disabled(int counterId) => string.Format(
        CultureInfo.InvariantCulture,
        "Extended window switched off for counter {0}. Sessions from now on keep the default 16-hour window; enabling it again starts the growth from 1 day anew.",
        counterId);

    /// <summary>The ShouldProcess action of Enable-.</summary>
    public const string EnableAction = "Enable the extended calls and chats window (21 days, for sessions from now on)";

    /// <summary>The ShouldProcess action of Disable-.</summary>
    public const string DisableAction = "Disable the extended calls and chats window (back to 16 hours for sessions from now on)";
}
