using System.IO;
using System.Runtime.InteropServices;

namespace MetricaChats.Core.Auth;

/// <summary>
/// The explicit opt-in fallback: the token in a plain file readable only by its owner (0600, in
/// a 0700 directory). NOT protected: anyone who can act as this user, or as root, or who gets
/// the disk, can read it. Offered on Linux and macOS only (Windows always has DPAPI).
/// </summary>
public sealed class UnprotectedFileTokenStore : ITokenSecretStore
{
    private const string Suffix = ".unprotected-token";

    /// <summary>Creates the store over <paramref name="directory"/> (created on first write, 0700).</summary>
    public UnprotectedFileTokenStore(string directory)
    {
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The directory holding the token files.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public TokenStorageKind Kind => TokenStorageKind.UnprotectedFile;

    /// <inheritdoc />
    public bool IsProtected => false;

    /// <summary>Full path of the file for <paramref name="profileKey"/>.</summary>
    public string PathFor(string profileKey) => Path.Combine(Directory, profileKey + Suffix);

    /// <inheritdoc />
    public StoreAvailability CheckAvailability() =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            ? StoreAvailability.Unavailable("On Windows the token is always kept with DPAPI; MetricaChats writes no plain token files there.")
            : UnixFiles.IsUnix
                ? StoreAvailability.Available
                : StoreAvailability.Unavailable("Owner-only files are supported on Linux and macOS only.");

    /// <inheritdoc />
    public string DescribeLocation(string profileKey) => PathFor(profileKey) + " (plain file, owner-only 0600, NOT encrypted)";

    /// <inheritdoc />
    public void Write(string profileKey, byte[] secret) => UnixFiles.WriteOwnerOnly(PathFor(profileKey), secret);

    /// <inheritdoc />
    public byte[]? Read(string profileKey)
    {
        var path = PathFor(profileKey);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <inheritdoc />
    public void Delete(string profileKey) => UnixFiles.Shred(PathFor(profileKey));
}
