using System;

namespace MetricaChats.Core.Api;

/// <summary>
/// The state of a counter's extended window for offline calls (and chats): while on, sessions
/// stay open for offline data for 21 days instead of 16 hours.
/// </summary>
public sealed class CallsExtendedWindowState
{
    /// <summary>Counter id.</summary>
    public int CounterId { get; init; }

    /// <summary>True when the extended window is on.</summary>
    public bool Enabled { get; init; }

    /// <summary>From which date uploads can be joined to visits (Metrica's <c>calls_visit_join_threshold</c>), or null when not reported.</summary>
    public DateTime? VisitJoinThresholdDate { get; init; }

    /// <summary>True when the last change request was acknowledged (<c>{"success": true}</c>); null for a plain read.</summary>
    public bool? ChangeAcknowledged { get; init; }

    /// <inheritdoc />
    public override string ToString() => "CallsExtendedWindowState(" + CounterId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", " + (Enabled ? "enabled" : "disabled") + ")";
}
