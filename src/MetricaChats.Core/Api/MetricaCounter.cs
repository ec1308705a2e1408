namespace MetricaChats.Core.Api;

/// <summary>A Metrica counter (tag) the token can see.</summary>
public sealed class MetricaCounter
{
    /// <summary>Counter id.</summary>
    public int Id { get; init; }

    /// <summary>Counter name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The site's domain.</summary>
    public string Site { get; init; } = string.Empty;

    /// <summary>Counter status as Metrica reports it (e.g. <c>Active</c>), or null.</summary>
    public string? Status { get; init; }

    /// <summary>The token owner's permission on the counter (<c>own</c>, <c>edit</c>, <c>view</c>), or null.</summary>
    public string? Permission { get; init; }

    /// <summary>Owner's login, or null.</summary>
    public string? OwnerLogin { get; init; }

    /// <summary>Whether the extended window for offline calls (21 days) is on, or null when not reported.</summary>
    public bool? CallsExtendedWindow { get; init; }

    /// <summary>Whether the extended window for offline conversions is on, or null when not reported.</summary>
    public bool? ConversionsExtendedWindow { get; init; }

    /// <inheritdoc />
    public override string ToString() => "MetricaCounter(" + Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", " + Name + ", " + Site + ")";
}
