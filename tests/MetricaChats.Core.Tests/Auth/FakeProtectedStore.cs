using MetricaChats.Core.Auth;

namespace MetricaChats.Core.Tests.Auth;

/// <summary>
/// An in-memory stand-in for the OS-protected store, so the profile logic is tested on every
/// machine. It can be unavailable, or silently drop writes (as libsecret does without a keyring).
/// </summary>
internal sealed class FakeProtectedStore : ITokenSecretStore
{
    private readonly Dictionary<string, byte[]> _secrets = new(StringComparer.Ordinal);

    public bool Available { get; set; } = true;

    public bool DropWrites { get; set; }

    public bool FailWrites { get; set; }

    public bool FailDeletes { get; set; }

    /// <summary>When set, every read, write and delete throws what this makes (e.g. the library's own exception types).</summary>
    public Func<Exception>? FailWith { get; set; }

    public int Writes { get; private set; }

    public TokenStorageKind Kind { get; init; } = TokenStorageKind.MacKeychain;

    public bool IsProtected => true;

    public IReadOnlyCollection<string> Keys => _secrets.Keys;

    public StoreAvailability CheckAvailability() =>
        Available ? StoreAvailability.Available : StoreAvailability.Unavailable("the fake keyring is switched off (no D-Bus session)");

    public string DescribeLocation(string profileKey) => $"fake keyring entry '{profileKey}'";

    public void Write(string profileKey, byte[] secret)
    {
        Writes++;
        if (FailWith is { } fail)
        {
            throw fail();
        }

        if (FailWrites)
        {
            throw new IOException("the fake keyring is locked");
        }

        if (!DropWrites)
        {
            _secrets[profileKey] = (byte[])secret.Clone();
        }
    }

    public byte[]? Read(string profileKey) =>
        FailWith is { } fail ? throw fail() : _secrets.TryGetValue(profileKey, out var s) ? (byte[])s.Clone() : null;

    public void Delete(string profileKey)
    {
        if (FailWith is { } fail)
        {
            throw fail();
        }

        if (FailDeletes)
        {
            throw new UnauthorizedAccessException("the fake keyring refused the deletion");
        }

        _secrets.Remove(profileKey);
    }

    public string? Peek(string profileKey) => _secrets.TryGetValue(profileKey, out var s) ? System.Text.Encoding.ASCII.GetString(s) : null;
}
