namespace MetricaChats.Sandbox;

/// <summary>The per-counter switches the sandbox keeps (visible in the counter's <c>offline_options</c>).</summary>
/// <param name="CounterId">The counter.</param>
/// <param name="CallsExtendedThreshold">Whether the calls (and chats) extended window is on.</param>
/// <param name="CallsExtendedSince">When it was last switched on, or null.</param>
/// <param name="ConversionExtendedThreshold">Whether the offline-conversion extended window is on.</param>
/// <param name="ConversionExtendedSince">When it was last switched on, or null.</param>
public sealed record SandboxCounterState(
    int CounterId,
    bool CallsExtendedThreshold,
    DateTimeOffset? CallsExtendedSince,
    bool ConversionExtendedThreshold,
    DateTimeOffset? ConversionExtendedSince);
