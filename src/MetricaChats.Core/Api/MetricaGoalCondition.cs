namespace MetricaChats.Core.Api;

/// <summary>One condition of a goal (for a page-view goal, e.g. <c>contain</c> and a URL part).</summary>
public sealed class MetricaGoalCondition
{
    /// <summary>Condition type (<c>regexp</c>, <c>contain</c>, <c>start</c>, <c>exact</c>, <c>action</c>, ...), or null.</summary>
    public string? Type { get; init; }

    /// <summary>The condition's value (a URL, an event name, an e-mail, ...), or null.</summary>
    public string? Url { get; init; }

    /// <inheritdoc />
    public override string ToString() => (Type ?? "-") + " " + (Url ?? string.Empty);
}
