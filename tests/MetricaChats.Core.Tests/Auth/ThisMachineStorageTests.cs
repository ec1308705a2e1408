using System.Runtime.InteropServices;
using MetricaChats.Core.Auth;
using Xunit;

namespace MetricaChats.Core.Tests.Auth;

/// <summary>
/// What this machine's real stores do. On a host with a protected store (Windows, macOS, Linux
/// with an unlocked keyring: the CI matrix) the round trip runs; on a headless Linux host
/// without libsecret or D-Bus (this build machine) the refusal path runs.
/// </summary>
public sealed class ThisMachineStorageTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private MetricaProfileStore OpenStore() =>
        MetricaProfileStore.OpenDefault(name => name == MetricaConfigDirectory.OverrideVariable ? _dir.Path : null);

    [Fact]
    public void The_OS_store_round_trips_or_reports_why_it_cannot()
    {
        var store = new OsProtectedTokenStore(Path.Combine(_dir.Path, "tokens"));
        var availability = store.CheckAvailability();
        var key = "test-" + Guid.NewGuid().ToString("N").Substring(0, 12);

        if (availability.IsAvailable)
        {
            store.Write(key, System.Text.Encoding.ASCII.GetBytes(TestTokens.C));
            try
            {
                Assert.Equal(TestTokens.C, System.Text.Encoding.ASCII.GetString(store.Read(key)!));
            }
            finally
            {
                store.Delete(key);
            }

            Assert.Null(store.Read(key));
            if (store.Kind != TokenStorageKind.WindowsDpapi)
            {
                // Keychain and keyring: the files beside are markers, never the secret.
                LeakScanner.AssertNone(LeakScanner.ScanDirectory(TestTokens.C, _dir.Path));
            }
        }
        else
        {
            Assert.Equal(TokenStorageKind.LinuxSecretService, store.Kind);
            Assert.StartsWith("the Secret Service keyring (libsecret over D-Bus) is not usable here: ", availability.Reason);
            Assert.True(availability.Reason.Length > 75, "the reason should carry the cause: " + availability.Reason);
        }
    }

    [Fact]
    public void Saving_a_profile_persists_protected_or_refuses_without_writing_the_token()
    {
        var store = OpenStore();
        Assert.Equal(Path.Combine(_dir.Path, "profiles.json"), store.MetadataPath);
        using var token = MetricaToken.FromString(TestTokens.C);
        var name = "t" + Guid.NewGuid().ToString("N").Substring(0, 12);

        if (store.ProtectedStoreAvailability.IsAvailable)
        {
            var saved = store.Save(name, MetricaConnection.DefaultEndpoint, token);
            try
            {
                Assert.True(saved.IsProtected);
                using var loaded = store.LoadToken(name);
                Assert.True(loaded.SecretEquals(token));
                LeakScanner.AssertNone(LeakScanner.ScanFile(TestTokens.C, store.MetadataPath));
            }
            finally
            {
                Assert.Null(store.Remove(name).Warning);
            }
        }
        else
        {
            var ex = Assert.Throws<MetricaAuthException>(() => store.Save(name, MetricaConnection.DefaultEndpoint, token));

            Assert.Equal(AuthErrorIds.ProtectedStoreUnavailable, ex.ErrorId);
            Assert.Contains("libsecret", ex.Message);
            Assert.Contains("METRICA_TOKEN", ex.Message);
            Assert.Contains("secret vault", ex.Message);
            Assert.Contains("opt-in for an unprotected file", ex.Message);
            Assert.False(File.Exists(store.MetadataPath));
            Assert.Empty(store.List());
            LeakScanner.AssertNone(LeakScanner.ScanDirectory(TestTokens.C, _dir.Path));
            LeakScanner.AssertNone(LeakScanner.ScanException(TestTokens.C, ex));
        }
    }

    [Fact]
    public void Reading_a_keyring_profile_without_a_reachable_keyring_fails_with_a_clear_message()
    {
        // A profile saved where a keyring ran (or a configuration directory copied from such a
        // host), read on a host without a session bus: this build machine.
        var store = OpenStore();
        if (!OperatingSystem.IsLinux() || store.ProtectedStoreAvailability.IsAvailable)
        {
            return; // the keyring works here: the round trip above covers this host
        }

        File.WriteAllText(store.MetadataPath, """
            {"version":1,"profiles":[{"name":"nightly","endpoint":"https://api-metrika.yandex.net/","storage":"LinuxSecretService","savedAt":"2026-11-01T00:00:00Z"}]}
            """);

        var ex = Assert.Throws<MetricaAuthException>(() => store.LoadToken("nightly"));

        Assert.Equal(AuthErrorIds.TokenStoreFailed, ex.ErrorId);
        Assert.Contains("profile 'nightly'", ex.Message);
        Assert.Contains("Secret Service keyring", ex.Message);
        Assert.Contains("not usable here", ex.Message);
        Assert.Contains("METRICA_TOKEN", ex.Message);
        Assert.DoesNotContain("InteropException", ex.Message);
        Assert.DoesNotContain("-Save", ex.Message);
        Assert.DoesNotContain("--", ex.Message);
    }

    [Fact]
    public void The_opt_in_plain_file_is_0600_in_a_0700_directory_on_Unix()
    {
        var plain = new UnprotectedFileTokenStore(Path.Combine(_dir.Path, "tokens"));
        if (OperatingSystem.IsWindows())
        {
            Assert.False(plain.CheckAvailability().IsAvailable);
            return;
        }

        var path = plain.PathFor("runbook");
        Directory.CreateDirectory(plain.Directory);
        File.WriteAllText(path, "old, world-readable");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        plain.Write("runbook", System.Text.Encoding.ASCII.GetBytes(TestTokens.C));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(plain.Directory));
        Assert.Equal(TestTokens.C, File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(plain.Directory)); // no temporary file left behind

        plain.Delete("runbook");
        Assert.False(File.Exists(path));
        plain.Delete("runbook"); // absent: no error
    }

    [Fact]
    public void The_plain_file_is_0600_even_with_a_permissive_umask()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.False(new UnprotectedFileTokenStore(_dir.Path).CheckAvailability().IsAvailable);
            return;
        }

        var plain = new UnprotectedFileTokenStore(Path.Combine(_dir.Path, "tokens"));
        var previous = umask(0);
        try
        {
            plain.Write("wide-open", System.Text.Encoding.ASCII.GetBytes(TestTokens.C));
        }
        finally
        {
            umask(previous);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(plain.PathFor("wide-open")));
    }

    [Fact]
    public void With_the_opt_in_a_profile_is_saved_to_a_plain_file_where_no_protected_store_exists()
    {
        var store = OpenStore();
        using var token = MetricaToken.FromString(TestTokens.C);
        var saved = store.Save("runbook", MetricaConnection.DefaultEndpoint, token, allowUnprotectedFile: true);
        try
        {
            if (store.ProtectedStoreAvailability.IsAvailable)
            {
                Assert.True(saved.IsProtected); // the opt-in never downgrades
            }
            else if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(TokenStorageKind.UnprotectedFile, saved.StorageKind);
                Assert.False(Assert.Single(store.List()).IsProtected);
                var file = Path.Combine(_dir.Path, "tokens", "runbook.unprotected-token");
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                LeakScanner.AssertNone(LeakScanner.ScanFile(TestTokens.C, store.MetadataPath));
            }

            using var loaded = store.LoadToken("runbook");
            Assert.True(loaded.SecretEquals(token));
        }
        finally
        {
            store.Remove("runbook");
        }

        LeakScanner.AssertNone(LeakScanner.ScanDirectory(TestTokens.C, _dir.Path));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int umask(int mask);
}
