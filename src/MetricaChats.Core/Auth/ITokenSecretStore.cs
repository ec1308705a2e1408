namespace MetricaChats.Core.Auth;

/// <summary>
/// A place that keeps one secret per profile (the OS-protected store, the opt-in plain file, or
/// a test double). Secrets cross this interface as ASCII bytes; callers clear the arrays they
/// pass in and get back. Keys are lower-case profile names.
/// </summary>
public interface ITokenSecretStore
{
    /// <summary>What kind of store this is (recorded in the profile metadata).</summary>
    TokenStorageKind Kind { get; }

    /// <summary>True when the OS protects the secret at rest (false for the plain file).</summary>
    bool IsProtected { get; }

    /// <summary>Whether the store can be used on this machine; may probe it once and cache the answer.</summary>
    StoreAvailability CheckAvailability();

    /// <summary>Where the secret of <paramref name="profileKey"/> is (or would be) kept, for display.</summary>
    string DescribeLocation(string profileKey);

    /// <summary>Stores (or replaces) the secret of <paramref name="profileKey"/>.</summary>
    void Write(string profileKey, byte[] secret);

    /// <summary>The secret of <paramref name="profileKey"/>, or null when none is stored.</summary>
    byte[]? Read(string profileKey);

    /// <summary>Removes the secret of <paramref name="profileKey"/>; no error when there is none.</summary>
    void Delete(string profileKey);
}
