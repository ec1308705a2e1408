namespace MetricaChats.Core.Auth;

/// <summary>What <see cref="MetricaProfileStore.Remove"/> did.</summary>
/// <param name="Name">The profile name asked for.</param>
/// <param name="Existed">False when no such profile was saved (nothing changed).</param>
/// <param name="Warning">Set when the metadata was removed but the secret may remain somewhere
/// (the store failed, or a SecretManagement secret that MetricaChats does not own); says where.</param>
public sealed record ProfileRemoval(string Name, bool Existed, string? Warning);
