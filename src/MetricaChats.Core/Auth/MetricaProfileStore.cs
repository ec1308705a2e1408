using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MetricaChats.Core.Auth;

/// <summary>
/// Named, per-user profiles: the metadata file (<see cref="MetadataPath"/>, JSON, never a secret)
/// plus each profile's token in the OS-protected store, or, on explicit opt-in where no protected
/// store exists, in an owner-only plain file. Both front ends (Connect-/Disconnect-/Get-MetricaAccount
/// and the CLI) call this; it never writes to the console.
/// </summary>
public sealed class MetricaProfileStore
{
    /// <summary>Name of the metadata file inside <see cref="ConfigDirectory"/>.</summary>
    public const string MetadataFileName = "profiles.json";

    private const int FormatVersion = 1;
    private static readonly Regex NamePattern = new("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant);

    private readonly ITokenSecretStore _protected;
    private readonly ITokenSecretStore _unprotected;
    private readonly TimeProvider _time;

    /// <summary>Creates a store over explicit parts (tests pass a fake protected store).</summary>
    /// <param name="configDirectory">Directory of the metadata file.</param>
    /// <param name="protectedStore">The OS-protected store (normally <see cref="OsProtectedTokenStore"/>).</param>
    /// <param name="unprotectedStore">The opt-in plain-file store (normally <see cref="UnprotectedFileTokenStore"/>).</param>
    /// <param name="timeProvider">Clock for <see cref="MetricaProfile.SavedAt"/>; the system clock by default.</param>
    public MetricaProfileStore(string configDirectory, ITokenSecretStore protectedStore, ITokenSecretStore unprotectedStore, TimeProvider? timeProvider = null)
    {
        if (string.IsNullOrWhiteSpace(configDirectory))
        {
            throw new ArgumentException("A configuration directory is required.", nameof(configDirectory));
        }

        ConfigDirectory = Path.GetFullPath(configDirectory);
        _protected = protectedStore ?? throw new ArgumentNullException(nameof(protectedStore));
        _unprotected = unprotectedStore ?? throw new ArgumentNullException(nameof(unprotectedStore));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// The store for this user: <see cref="MetricaConfigDirectory.Resolve"/> (honours
    /// <c>METRICA_CONFIG_DIR</c>), the OS-protected store and the plain-file store in its
    /// <c>tokens</c> subdirectory.
    /// </summary>
    public static MetricaProfileStore OpenDefault(Func<string, string?>? getEnvironmentVariable = null)
    {
        var directory = MetricaConfigDirectory.Resolve(getEnvironmentVariable);
        var tokens = Path.Combine(directory, "tokens");
        return new MetricaProfileStore(directory, new OsProtectedTokenStore(tokens), new UnprotectedFileTokenStore(tokens));
    }

    /// <summary>The directory of the metadata file.</summary>
    public string ConfigDirectory { get; }

    /// <summary>Full path of the metadata file.</summary>
    public string MetadataPath => Path.Combine(ConfigDirectory, MetadataFileName);

    /// <summary>Whether the OS-protected store works on this machine, and if not, why (probes once).</summary>
    public StoreAvailability ProtectedStoreAvailability => _protected.CheckAvailability();

    /// <summary>
    /// Checks a profile name (1-64 letters, digits, '.', '_' or '-', starting with a letter or
    /// digit) and returns its store key (lower case; names match case-insensitively).
    /// </summary>
    /// <exception cref="MetricaAuthException">The name is not usable (<see cref="AuthErrorIds.InvalidProfileName"/>).</exception>
    public static string ValidateName(string? name)
    {
        if (name is null || !NamePattern.IsMatch(name))
        {
            throw new MetricaAuthException(
                AuthErrorIds.InvalidProfileName,
                $"The profile name '{name}' is not allowed. Use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (for example 'default' or 'client-a').");
        }

        return name.ToLowerInvariant();
    }

    /// <summary>All saved profiles, sorted by name. Reads only the metadata, never a store.</summary>
    public IReadOnlyList<MetricaProfile> List() => ReadEntries().Select(ToProfile).OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The saved profile called <paramref name="name"/> (case-insensitive), or null.</summary>
    public MetricaProfile? Find(string name)
    {
        var key = ValidateName(name);
        var entry = ReadEntries().FirstOrDefault(e => e.Key == key);
        return entry is null ? null : ToProfile(entry);
    }

    /// <summary>
    /// Saves <paramref name="token"/> for profile <paramref name="name"/> in the OS-protected
    /// store, then the metadata. The write is read back and compared before it counts.
    /// </summary>
    /// <param name="name">Profile name (see <see cref="ValidateName"/>).</param>
    /// <param name="endpoint">API base URL (see <see cref="MetricaConnection.ValidateEndpoint"/>).</param>
    /// <param name="token">The token; not disposed here.</param>
    /// <param name="allowUnprotectedFile">
    /// Explicit opt-in: when no protected store is available (and only then), keep the token in
    /// a plain owner-only (0600) file instead of refusing. Such profiles list as unprotected.
    /// </param>
    /// <returns>The saved profile.</returns>
    /// <exception cref="MetricaAuthException">
    /// <see cref="AuthErrorIds.ProtectedStoreUnavailable"/> (nothing was written; the message names the
    /// alternatives), <see cref="AuthErrorIds.TokenStoreFailed"/>, or a validation id.
    /// </exception>
    public MetricaProfile Save(string name, Uri endpoint, MetricaToken token, bool allowUnprotectedFile = false)
    {
        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        var key = ValidateName(name);
        MetricaConnection.ValidateEndpoint(endpoint);
        var entries = ReadEntries();
        var store = ChooseStore(name, allowUnprotectedFile);

        var secret = token.RevealUtf8();
        byte[]? readBack = null;
        try
        {
            try
            {
                store.Write(key, secret);
                readBack = store.Read(key);
            }
            catch (Exception ex) when (ex is not MetricaAuthException && IsStoreFailure(ex))
            {
                TryDelete(store, key); // the write may have landed before the read failed
                throw new MetricaAuthException(
                    AuthErrorIds.TokenStoreFailed,
                    $"Could not save the token for profile '{name}' in {store.DescribeLocation(key)}: {DescribeFailure(store, ex)}.",
                    ex);
            }

            if (readBack is null || !FixedTimeEquals(secret, readBack))
            {
                TryDelete(store, key);
                throw new MetricaAuthException(
                    AuthErrorIds.TokenStoreFailed,
                    $"The token for profile '{name}' was written to {store.DescribeLocation(key)} but could not be read back, so it was not saved. "
                    + "The store may be locked or not running (on Linux: is a Secret Service keyring unlocked in this D-Bus session?). "
                    + "Use the METRICA_TOKEN environment variable, or connect without saving.");
            }
        }
        finally
        {
            Array.Clear(secret, 0, secret.Length);
            if (readBack is not null)
            {
                Array.Clear(readBack, 0, readBack.Length);
            }
        }

        var previous = entries.FirstOrDefault(e => e.Key == key);
        if (previous is not null && previous.Kind != store.Kind && StoreFor(previous.Kind) is { } oldStore)
        {
            TryDelete(oldStore, key);
        }

        var entry = new Entry(name, key, endpoint, store.Kind, null, null, _time.GetUtcNow());
        WriteEntries(entries.Where(e => e.Key != key).Append(entry));
        return ToProfile(entry);
    }

    /// <summary>
    /// Saves a profile whose token stays in a PowerShell SecretManagement vault: only the
    /// secret's name and vault are recorded. A token this profile had in a store is removed.
    /// </summary>
    public MetricaProfile SaveSecretReference(string name, Uri endpoint, string secretName, string? vault = null)
    {
        var key = ValidateName(name);
        MetricaConnection.ValidateEndpoint(endpoint);
        if (string.IsNullOrWhiteSpace(secretName))
        {
            throw new ArgumentException("The SecretManagement secret name is empty; pass the name you gave Set-Secret.", nameof(secretName));
        }

        var entries = ReadEntries();
        var previous = entries.FirstOrDefault(e => e.Key == key);
        if (previous is not null && StoreFor(previous.Kind) is { } oldStore)
        {
            TryDelete(oldStore, key);
        }

        var entry = new Entry(name, key, endpoint, TokenStorageKind.SecretManagement, secretName, string.IsNullOrWhiteSpace(vault) ? null : vault, _time.GetUtcNow());
        WriteEntries(entries.Where(e => e.Key != key).Append(entry));
        return ToProfile(entry);
    }

    /// <summary>Reads the token of a saved profile from its store. The caller disposes it.</summary>
    /// <exception cref="MetricaAuthException">
    /// <see cref="AuthErrorIds.ProfileNotFound"/>, <see cref="AuthErrorIds.StoredTokenMissing"/>,
    /// <see cref="AuthErrorIds.SecretManagementRequired"/> (read it with Get-Secret instead), or
    /// <see cref="AuthErrorIds.TokenStoreFailed"/>.
    /// </exception>
    public MetricaToken LoadToken(string name)
    {
        var key = ValidateName(name);
        var entry = ReadEntries().FirstOrDefault(e => e.Key == key) ?? throw ProfileNotFound(name);
        if (entry.Kind == TokenStorageKind.SecretManagement)
        {
            throw new MetricaAuthException(
                AuthErrorIds.SecretManagementRequired,
                $"Profile '{entry.Name}' keeps its token in SecretManagement ({DescribeSecret(entry.SecretName, entry.Vault)}), which only PowerShell can read. "
                + "Use the PowerShell module, or pass the token another way (METRICA_TOKEN, --token-stdin).");
        }

        var store = StoreFor(entry.Kind) ?? throw new MetricaAuthException(
            AuthErrorIds.StoredTokenMissing,
            $"Profile '{entry.Name}' was saved with {entry.Kind}, which this system does not have (was the configuration directory copied from another machine?). Save the profile again here.");

        byte[]? secret;
        try
        {
            secret = store.Read(key);
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            throw new MetricaAuthException(
                AuthErrorIds.TokenStoreFailed,
                $"Could not read the token of profile '{entry.Name}' from {store.DescribeLocation(key)}: {DescribeFailure(store, ex)}. "
                + "If the keyring is locked or unavailable in this session, use the METRICA_TOKEN environment variable.",
                ex);
        }

        if (secret is null)
        {
            throw new MetricaAuthException(
                AuthErrorIds.StoredTokenMissing,
                $"Profile '{entry.Name}' is saved, but its token is no longer in {store.DescribeLocation(key)} (removed, or the store is locked). Save it again (connect with -Save), or remove the profile.");
        }

        try
        {
            return MetricaToken.FromUtf8(secret);
        }
        catch (ArgumentException ex)
        {
            throw new MetricaAuthException(
                AuthErrorIds.StoredTokenMissing,
                $"The token stored for profile '{entry.Name}' in {store.DescribeLocation(key)} is damaged ({ex.Message}). Save the profile again.",
                ex);
        }
        finally
        {
            Array.Clear(secret, 0, secret.Length);
        }
    }

    /// <summary>
    /// Removes profile <paramref name="name"/>: its token from its store, then its metadata.
    /// A SecretManagement secret is left in its vault (MetricaChats does not own it).
    /// </summary>
    public ProfileRemoval Remove(string name)
    {
        var key = ValidateName(name);
        var entries = ReadEntries();
        var entry = entries.FirstOrDefault(e => e.Key == key);
        if (entry is null)
        {
            return new ProfileRemoval(name, false, null);
        }

        string? warning = null;
        if (entry.Kind == TokenStorageKind.SecretManagement)
        {
            warning = $"The token itself stays in SecretManagement ({DescribeSecret(entry.SecretName, entry.Vault)}); remove it with Remove-Secret if it is no longer needed.";
        }
        else if (StoreFor(entry.Kind) is { } store)
        {
            try
            {
                store.Delete(key);
            }
            catch (Exception ex) when (IsStoreFailure(ex))
            {
                warning = $"The profile was removed, but its token could not be deleted from {store.DescribeLocation(key)} ({DescribeFailure(store, ex)}); delete it there by hand.";
            }
        }
        else
        {
            warning = $"The profile was removed; its token was saved with {entry.Kind}, which this system does not have, so it may remain on the machine that saved it.";
        }

        WriteEntries(entries.Where(e => e.Key != key));
        return new ProfileRemoval(entry.Name, true, warning);
    }

    internal static MetricaAuthException ProfileNotFound(string name) => new(
        AuthErrorIds.ProfileNotFound,
        $"No profile named '{name}' is saved. List the saved profiles, or save a token under this name.");

    private ITokenSecretStore ChooseStore(string name, bool allowUnprotectedFile)
    {
        var protectedState = _protected.CheckAvailability();
        if (protectedState.IsAvailable)
        {
            return _protected;
        }

        if (!allowUnprotectedFile)
        {
            throw new MetricaAuthException(
                AuthErrorIds.ProtectedStoreUnavailable,
                $"Cannot save the token for profile '{name}': no protected store is available on this machine ({protectedState.Reason}). Nothing was written. "
                + "Instead: set the METRICA_TOKEN environment variable for the process (for example from your scheduler's secret store); "
                + "keep the token in a secret vault; or give the token afresh, without saving, on each run. "
                + "If you accept a plain file that only your user can read (not encrypted), save again with the explicit opt-in for an unprotected file.");
        }

        var plainState = _unprotected.CheckAvailability();
        if (!plainState.IsAvailable)
        {
            throw new MetricaAuthException(
                AuthErrorIds.ProtectedStoreUnavailable,
                $"Cannot save the token for profile '{name}': no protected store is available ({protectedState.Reason}) and no unprotected file can be used ({plainState.Reason}). Nothing was written. "
                + "Use the METRICA_TOKEN environment variable, a secret vault, or give the token afresh on each run.");
        }

        return _unprotected;
    }

    private ITokenSecretStore? StoreFor(TokenStorageKind kind) =>
        kind == _protected.Kind ? _protected : kind == _unprotected.Kind ? _unprotected : null;

    private MetricaProfile ToProfile(Entry e)
    {
        var location = e.Kind == TokenStorageKind.SecretManagement
            ? "SecretManagement " + DescribeSecret(e.SecretName, e.Vault)
            : StoreFor(e.Kind)?.DescribeLocation(e.Key) ?? $"{e.Kind} (not available on this system)";
        return new MetricaProfile(e.Name, e.Endpoint, e.Kind, location) { SecretName = e.SecretName, Vault = e.Vault, SavedAt = e.SavedAt };
    }

    private static string DescribeSecret(string? secretName, string? vault) =>
        vault is null ? $"secret '{secretName}' in the default vault" : $"secret '{secretName}' in vault '{vault}'";

    private static bool IsStoreFailure(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or InvalidOperationException or PlatformNotSupportedException or FormatException
            or DllNotFoundException or EntryPointNotFoundException or System.Security.Cryptography.CryptographicException
            // The library reports native failures (Keychain, libsecret, D-Bus) through its own
            // exception types: the public ones under Microsoft.Identity.Client, and the internal
            // InteropException under Microsoft.Identity.Extensions (a keyring without a session
            // bus). Count anything from either namespace.
            || ex.GetType().Namespace is { } ns
                && (ns.StartsWith("Microsoft.Identity.Client", StringComparison.Ordinal) || ns.StartsWith("Microsoft.Identity.Extensions", StringComparison.Ordinal));

    /// <summary>
    /// Why a store failed, in words a user can act on: the store's own availability reason when
    /// it is not usable here (e.g. no D-Bus session), else the first line of the innermost
    /// message, never an exception type's name.
    /// </summary>
    private static string DescribeFailure(ITokenSecretStore store, Exception ex)
    {
        var availability = store.CheckAvailability();
        if (!availability.IsAvailable)
        {
            return availability.Reason;
        }

        var inner = ex;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        var message = inner.Message;
        var end = message.IndexOfAny(new[] { '\n', '\r' });
        if (end >= 0)
        {
            message = message.Substring(0, end);
        }

        message = message.Trim().TrimEnd('.');
        return message.Length > 300 ? message.Substring(0, 300) + "..." : message;
    }

    private static void TryDelete(ITokenSecretStore store, string key)
    {
        try
        {
            store.Delete(key);
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            // Best effort: the caller reports the primary problem.
        }
    }

    private static bool FixedTimeEquals(byte[] a, byte[] b)
    {
        var diff = a.Length ^ b.Length;
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            diff |= a[i] ^ b[i];
        }

        return diff == 0;
    }

    private List<Entry> ReadEntries()
    {
        var path = MetadataPath;
        if (!File.Exists(path))
        {
            return new List<Entry>();
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            var version = root.GetProperty("version").GetInt32();
            if (version != FormatVersion)
            {
                throw new FormatException($"format version {version} is not supported (this version reads {FormatVersion})");
            }

            var list = new List<Entry>();
            foreach (var p in root.GetProperty("profiles").EnumerateArray())
            {
                var name = p.GetProperty("name").GetString() ?? throw new FormatException("a profile has no name");
                var kindText = p.GetProperty("storage").GetString();
                if (!Enum.TryParse<TokenStorageKind>(kindText, ignoreCase: false, out var kind) || !Enum.IsDefined(typeof(TokenStorageKind), kind))
                {
                    throw new FormatException($"profile '{name}' has an unknown storage '{kindText}'");
                }

                var endpoint = new Uri(p.GetProperty("endpoint").GetString() ?? throw new FormatException($"profile '{name}' has no endpoint"), UriKind.Absolute);
                list.Add(new Entry(
                    name,
                    ValidateName(name),
                    endpoint,
                    kind,
                    OptionalString(p, "secretName"),
                    OptionalString(p, "vault"),
                    p.TryGetProperty("savedAt", out var saved) && saved.ValueKind == JsonValueKind.String
                        ? DateTimeOffset.Parse(saved.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                        : default));
            }

            return list;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or UriFormatException or MetricaAuthException)
        {
            throw new MetricaAuthException(
                AuthErrorIds.ProfileFileInvalid,
                $"The profile file '{path}' cannot be read ({ex.Message}). It holds no tokens: fix it, or delete it and save your profiles again.",
                ex);
        }
    }

    private static string? OptionalString(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private void WriteEntries(IEnumerable<Entry> entries)
    {
        Directory.CreateDirectory(ConfigDirectory);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", FormatVersion);
            w.WriteString("comment", "MetricaChats profiles. No tokens here: each lives in the store named by 'storage'.");
            w.WriteStartArray("profiles");
            foreach (var e in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("name", e.Name);
                w.WriteString("endpoint", e.Endpoint.AbsoluteUri);
                w.WriteString("storage", e.Kind.ToString());
                if (e.SecretName is not null)
                {
                    w.WriteString("secretName", e.SecretName);
                }

                if (e.Vault is not null)
                {
                    w.WriteString("vault", e.Vault);
                }

                w.WriteString("savedAt", e.SavedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        var temp = Path.Combine(ConfigDirectory, "." + MetadataFileName + "." + Guid.NewGuid().ToString("N") + ".tmp");
        File.WriteAllBytes(temp, buffer.ToArray());
        if (File.Exists(MetadataPath))
        {
            File.Replace(temp, MetadataPath, null);
        }
        else
        {
            File.Move(temp, MetadataPath);
        }
    }

    private sealed record Entry(string Name, string Key, Uri Endpoint, TokenStorageKind Kind, string? SecretName, string? Vault, DateTimeOffset SavedAt);
}
