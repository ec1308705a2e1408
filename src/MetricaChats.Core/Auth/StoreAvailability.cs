namespace MetricaChats.Core.Auth;

/// <summary>Whether a token store can be used on this machine, and if not, why.</summary>
/// <param name="IsAvailable">True when the store can write and read back a secret here.</param>
/// <param name="Reason">Why it cannot (empty when available); shown to users.</param>
public sealed record StoreAvailability(bool IsAvailable, string Reason)
{
    /// <summary>The store works here.</summary>
    public static StoreAvailability Available { get; } = new(true, string.Empty);

    /// <summary>The store cannot be used, with the reason.</summary>
    public static StoreAvailability Unavailable(string reason) => new(false, reason);
}
