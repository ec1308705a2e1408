using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Identity.Client.Extensions.Msal;

namespace MetricaChats.Core.Auth;

/// <summary>
/// The operating system's protected store, through Microsoft.Identity.Client.Extensions.Msal's
/// <see cref="Storage"/>: a DPAPI-encrypted file (current user) on Windows, the login Keychain
/// on macOS, the Secret Service keyring through libsecret on Linux. See docs/security.md.
/// </summary>
/// <remarks>
/// Availability is probed once per instance with the library's write, read back and clear of a
/// dummy secret (never a token), because on Linux a write to a missing keyring does not fail
/// by itself. Writes of real tokens are read back and compared by <see cref="MetricaProfileStore"/>.
/// </remarks>
public sealed class OsProtectedTokenStore : ITokenSecretStore
{
    /// <summary>macOS Keychain service name (the account is the profile key).</summary>
    public const string KeychainService = "MetricaChats";

    /// <summary>libsecret schema name (attributes: application=MetricaChats, profile=&lt;key&gt;).</summary>
    public const string KeyringSchema = "com.metricachats.token";

    private const string FileSuffix = ".token";
    private const string ProbeKey = "availability-probe";

    private static readonly TraceSource Silent = new("MetricaChats.Auth.OsProtectedTokenStore", SourceLevels.Off);

    private readonly Lazy<StoreAvailability> _availability;

    /// <summary>Creates the store. <paramref name="directory"/> holds the DPAPI files on Windows and
    /// the library's empty marker files elsewhere (no secret outside Windows' encrypted files).</summary>
    public OsProtectedTokenStore(string directory)
    {
        Directory = Path.GetFullPath(directory);
        Kind = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? TokenStorageKind.WindowsDpapi
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? TokenStorageKind.MacKeychain
            : TokenStorageKind.LinuxSecretService;
        _availability = new Lazy<StoreAvailability>(Probe);
    }

    /// <summary>The directory for the library's files.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public TokenStorageKind Kind { get; }

    /// <inheritdoc />
    public bool IsProtected => true;

    /// <inheritdoc />
    public StoreAvailability CheckAvailability() => _availability.Value;

    /// <inheritdoc />
    public string DescribeLocation(string profileKey) => Kind switch
    {
        TokenStorageKind.WindowsDpapi => Path.Combine(Directory, profileKey + FileSuffix) + " (encrypted with DPAPI for the current user)",
        TokenStorageKind.MacKeychain => $"macOS Keychain, service '{KeychainService}', account '{profileKey}'",
        _ => $"Secret Service keyring (libsecret), schema '{KeyringSchema}', profile '{profileKey}'",
    };

    /// <inheritdoc />
    public void Write(string profileKey, byte[] secret)
    {
        if (secret is null)
        {
            throw new ArgumentNullException(nameof(secret));
        }

        UnixFiles.EnsureOwnerOnlyDirectory(Directory);
        Open(profileKey).WriteData(secret);
    }

    /// <inheritdoc />
    public byte[]? Read(string profileKey)
    {
        var data = Open(profileKey).ReadData();
        return data.Length == 0 ? null : data;
    }

    /// <inheritdoc />
    public void Delete(string profileKey) => Open(profileKey).Clear(ignoreExceptions: false);

    private Storage Open(string profileKey)
    {
        var properties = new StorageCreationPropertiesBuilder(profileKey + FileSuffix, Directory)
            .WithMacKeyChain(KeychainService, profileKey)
            .WithLinuxKeyring(
                KeyringSchema,
                MsalCacheHelper.LinuxKeyRingDefaultCollection,
                "MetricaChats token for profile " + profileKey,
                new KeyValuePair<string, string>("application", "MetricaChats"),
                new KeyValuePair<string, string>("profile", profileKey))
            .Build();
        return Storage.Create(properties, Silent);
    }

    private StoreAvailability Probe()
    {
        var what = Kind switch
        {
            TokenStorageKind.WindowsDpapi => "DPAPI",
            TokenStorageKind.MacKeychain => "the macOS Keychain",
            _ => "the Secret Service keyring (libsecret over D-Bus)",
        };

        try
        {
            UnixFiles.EnsureOwnerOnlyDirectory(Directory);
            Open(ProbeKey).VerifyPersistence();
            return StoreAvailability.Available;
        }
#pragma warning disable CA1031 // Any failure of the probe means "not available here"; the reason is reported.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return StoreAvailability.Unavailable($"{what} is not usable here: {Describe(ex)}");
        }
    }

    private string Describe(Exception ex)
    {
        // The library wraps the cause (e.g. "Unable to load shared library 'libsecret-1.so.0'",
        // or a D-Bus error); show the innermost message's first line. The probe writes a dummy
        // value, never a token, so nothing secret can be in it.
        var inner = ex;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        if (inner is DllNotFoundException && Kind == TokenStorageKind.LinuxSecretService)
        {
            return "the library libsecret-1.so.0 is not installed (Debian/Ubuntu package libsecret-1-0), "
                + "and a Secret Service such as gnome-keyring must also run, unlocked, in the user's D-Bus session";
        }

        var message = inner.Message;
        var end = message.IndexOfAny(new[] { '\n', '\r' });
        if (end >= 0)
        {
            message = message.Substring(0, end).TrimEnd();
        }

        return message.Length > 300 ? message.Substring(0, 300) + "..." : message;
    }
}
