using MetricaChats.Core.Auth;
using Xunit;

namespace MetricaChats.Core.Tests.Auth;

/// <summary>The profile logic over a fake protected store (runs the same on every OS).</summary>
public sealed class ProfileStoreTests : IDisposable
{
    private static readonly Uri Prod = new("https://api-metrika.yandex.net/");
    private static readonly Uri Sandbox = new("http://127.0.0.1:5099/");

    private readonly TestDirectory _dir = new();
    private readonly FakeProtectedStore _keyring = new();
    private readonly UnprotectedFileTokenStore _plain;
    private readonly MetricaProfileStore _store;

    public ProfileStoreTests()
    {
        _plain = new UnprotectedFileTokenStore(Path.Combine(_dir.Path, "tokens"));
        _store = new MetricaProfileStore(_dir.Path, _keyring, _plain);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Save_then_load_round_trips_through_the_protected_store()
    {
        using (var token = MetricaToken.FromString(TestTokens.A))
        {
            _store.Save("default", Prod, token);
        }

        using var loaded = _store.LoadToken("default");
        Assert.Equal(TestTokens.A, loaded.Reveal());
        Assert.Equal(TestTokens.A, _keyring.Peek("default"));
    }

    [Fact]
    public void The_metadata_file_holds_no_secret_and_lists_what_Get_MetricaAccount_shows()
    {
        using (var a = MetricaToken.FromString(TestTokens.A))
        using (var b = MetricaToken.FromString(TestTokens.B))
        {
            _store.Save("default", Prod, a);
            _store.Save("Client-B", Sandbox, b);
        }

        var text = File.ReadAllText(_store.MetadataPath);
        Assert.Contains("\"Client-B\"", text);
        Assert.Contains("MacKeychain", text);
        LeakScanner.AssertNone(LeakScanner.ScanDirectory(TestTokens.A, _dir.Path));
        LeakScanner.AssertNone(LeakScanner.ScanDirectory(TestTokens.B, _dir.Path));

        var list = _store.List();
        Assert.Equal(new[] { "Client-B", "default" }, list.Select(p => p.Name));
        var b2 = list[0];
        Assert.Equal(Sandbox, b2.Endpoint);
        Assert.Equal(TokenStorageKind.MacKeychain, b2.StorageKind);
        Assert.Equal("fake keyring entry 'client-b'", b2.Location);
        Assert.True(b2.IsProtected);
        foreach (var p in list)
        {
            LeakScanner.AssertNone(LeakScanner.ScanObject(TestTokens.A, p, "profile"));
            LeakScanner.AssertNone(LeakScanner.ScanObject(TestTokens.B, p, "profile"));
        }
    }

    [Fact]
    public void Names_match_case_insensitively_and_saving_again_replaces()
    {
        using (var a = MetricaToken.FromString(TestTokens.A))
        using (var b = MetricaToken.FromString(TestTokens.B))
        {
            _store.Save("Work", Prod, a);
            _store.Save("work", Sandbox, b);
        }

        var only = Assert.Single(_store.List());
        Assert.Equal("work", only.Name);
        Assert.Equal(Sandbox, only.Endpoint);
        using var loaded = _store.LoadToken("WORK");
        Assert.Equal(TestTokens.B, loaded.Reveal());
        Assert.Equal(new[] { "work" }, _keyring.Keys);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../etc")]
    [InlineData(".hidden")]
    [InlineData("a b")]
    [InlineData("name/with/slash")]
    public void Unusable_names_are_refused_with_the_rule(string name)
    {
        using var token = MetricaToken.FromString(TestTokens.A);

        var ex = Assert.Throws<MetricaAuthException>(() => _store.Save(name, Prod, token));

        Assert.Equal(AuthErrorIds.InvalidProfileName, ex.ErrorId);
        Assert.Contains("letters, digits", ex.Message);
        Assert.Equal(0, _keyring.Writes);
    }

    [Theory]
    [InlineData("http://api-metrika.yandex.net/")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("https://user:pw@api-metrika.yandex.net/")]
    [InlineData("https://api-metrika.yandex.net/?oauth_token=x")]
    public void Endpoints_that_would_expose_the_token_are_refused(string endpoint)
    {
        using var token = MetricaToken.FromString(TestTokens.A);

        var ex = Assert.Throws<MetricaAuthException>(() => _store.Save("default", new Uri(endpoint), token));

        Assert.Equal(AuthErrorIds.InvalidEndpoint, ex.ErrorId);
        Assert.DoesNotContain("pw@", ex.Message);
        Assert.Equal(0, _keyring.Writes);
    }

    [Fact]
    public void Refuses_to_persist_when_no_protected_store_exists_and_names_the_alternatives()
    {
        _keyring.Available = false;
        using var token = MetricaToken.FromString(TestTokens.A);

        var ex = Assert.Throws<MetricaAuthException>(() => _store.Save("default", Prod, token));

        Assert.Equal(AuthErrorIds.ProtectedStoreUnavailable, ex.ErrorId);
        Assert.Contains("no protected store is available", ex.Message);
        Assert.Contains("no D-Bus session", ex.Message);
        Assert.Contains("METRICA_TOKEN", ex.Message);
        Assert.Contains("secret vault", ex.Message);
        Assert.Contains("without saving", ex.Message);
        Assert.Contains("opt-in for an unprotected file", ex.Message);
        Assert.DoesNotContain("-AllowUnprotectedStore", ex.Message); // the front end names its own switch
        Assert.DoesNotContain("Connect-MetricaAccount", ex.Message);
        Assert.Contains("Nothing was written", ex.Message);
        LeakScanner.AssertNone(LeakScanner.ScanException(TestTokens.A, ex));
        Assert.Equal(0, _keyring.Writes);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path));
    }

    [Fact]
    public void With_the_opt_in_it_writes_an_owner_only_plain_file_flagged_unprotected()
    {
        _keyring.Available = false;
        using (var token = MetricaToken.FromString(TestTokens.A))
        {
            _store.Save("runbook", Prod, token, allowUnprotectedFile: true);
        }

        var profile = Assert.Single(_store.List());
        Assert.Equal(TokenStorageKind.UnprotectedFile, profile.StorageKind);
        Assert.False(profile.IsProtected);
        Assert.Contains("NOT encrypted", profile.Location);
        var file = _plain.PathFor("runbook");
        Assert.StartsWith(file, profile.Location);
        Assert.Equal(TestTokens.A, File.ReadAllText(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        LeakScanner.AssertNone(LeakScanner.ScanFile(TestTokens.A, _store.MetadataPath));
        using var loaded = _store.LoadToken("runbook");
        Assert.Equal(TestTokens.A, loaded.Reveal());
        Assert.Contains("UNPROTECTED", TokenSource.Profile(profile).Description);
    }

    [Fact]
    public void The_opt_in_does_not_bypass_an_available_protected_store()
    {
        using (var token = MetricaToken.FromString(TestTokens.A))
        {
            _store.Save("default", Prod, token, allowUnprotectedFile: true);
        }

        Assert.Equal(TokenStorageKind.MacKeychain, Assert.Single(_store.List()).StorageKind);
        Assert.False(File.Exists(_plain.PathFor("default")));
    }

    [Fact]
    public void Moving_a_profile_to_the_protected_store_deletes_its_plain_file()
    {
        _keyring.Available = false;
        using var token = MetricaToken.FromString(TestTokens.A);
        _store.Save("default", Prod, token, allowUnprotectedFile: true);
        Assert.True(File.Exists(_plain.PathFor("default")));

        _keyring.Available = true;
        _store.Save("default", Prod, token);

        Assert.False(File.Exists(_plain.PathFor("default")));
        Assert.True(Assert.Single(_store.List()).IsProtected);
        LeakScanner.AssertNone(LeakScanner.ScanDirectory(TestTokens.A, _dir.Path));
    }

    [Fact]
    public void A_write_that_cannot_be_read_back_is_not_recorded()
    {
        _keyring.DropWrites = true; // what libsecret does when no keyring answers
        using var token = MetricaToken.FromString(TestTokens.A);

        var ex = Assert.Throws<MetricaAuthException>(() => _store.Save("default", Prod, token));

        Assert.Equal(AuthErrorIds.TokenStoreFailed, ex.ErrorId);
        Assert.Contains("could not be read back", ex.Message);
        Assert.Empty(_store.List());
        LeakScanner.AssertNone(LeakScanner.ScanException(TestTokens.A, ex));
    }

    [Fact]
    public void A_store_that_fails_to_write_gives_a_clear_error_and_no_profile()
    {
        _keyring.FailWrites = true;
        using var token = MetricaToken.FromString(TestTokens.A);

        var ex = Assert.Throws<MetricaAuthException>(() => _store.Save("default", Prod, token));

        Assert.Equal(AuthErrorIds.TokenStoreFailed, ex.ErrorId);
        Assert.Contains("fake keyring entry 'default'", ex.Message);
        Assert.Contains("the fake keyring is locked", ex.Message);
        Assert.Empty(_store.List());
        LeakScanner.AssertNone(LeakScanner.ScanException(TestTokens.A, ex));
    }

    [Fact]
    public void Remove_still_forgets_the_profile_when_the_store_refuses_and_says_where_the_token_remains()
    {
        using (var token = MetricaToken.FromString(TestTokens.A))
        {
            _store.Save("default", Prod, token);
        }

        _keyring.FailDeletes = true;
        var removal = _store.Remove("default");

        Assert.True(removal.Existed);
        Assert.Contains("fake keyring entry 'default'", removal.Warning);
        Assert.Contains("delete it there by hand", removal.Warning);
        Assert.Empty(_store.List());
    }

    [Fact]
    public void Remove_deletes_the_secret_and_the_metadata()
    {
        using (var token = MetricaToken.FromString(TestTokens.A))
        {
            _store.Save("default", Prod, token);
            _store.Save("other", Prod, token);
        }

        var removal = _store.Remove("DEFAULT");

        Assert.True(removal.Existed);
        Assert.Null(removal.Warning);
        Assert.Equal(new[] { "other" }, _keyring.Keys);
        Assert.Equal("other", Assert.Single(_store.List()).Name);
        Assert.False(_store.Remove("default").Existed);
    }

    [Fact]
    public void Remove_of_a_plain_file_profile_deletes_the_file()
    {
        _keyring.Available = false;
        using (var token = MetricaToken.FromString(TestTokens.A))
        {
            _store.Save("runbook", Prod, token, allowUnprotectedFile: true);
        }

        _store.Remove("runbook");

        Assert.False(File.Exists(_plain.PathFor("runbook")));
        LeakScanner.AssertNone(LeakScanner.ScanDirectory(TestTokens.A, _dir.Path));
    }

    [Fact]
    public void A_SecretManagement_profile_records_only_the_secret_name()
    {
        var saved = _store.SaveSecretReference("vaulted", Prod, "MetricaToken", "CorpVault");

        Assert.Equal(TokenStorageKind.SecretManagement, saved.StorageKind);
        Assert.Equal("SecretManagement secret 'MetricaToken' in vault 'CorpVault'", saved.Location);
        Assert.Equal(0, _keyring.Writes);
        var ex = Assert.Throws<MetricaAuthException>(() => _store.LoadToken("vaulted"));
        Assert.Equal(AuthErrorIds.SecretManagementRequired, ex.ErrorId);

        var removal = _store.Remove("vaulted");
        Assert.Contains("Remove-Secret", removal.Warning);
    }

    [Fact]
    public void SavedAt_comes_from_the_clock()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 21, 12, 30, 0, TimeSpan.Zero));
        var store = new MetricaProfileStore(_dir.Path, _keyring, _plain, clock);
        using (var token = MetricaToken.FromString(TestTokens.A))
        {
            store.Save("default", Prod, token);
        }

        Assert.Equal(clock.GetUtcNow(), Assert.Single(store.List()).SavedAt);
    }

    [Fact]
    public void Unknown_profiles_and_vanished_secrets_get_clear_errors()
    {
        var missing = Assert.Throws<MetricaAuthException>(() => _store.LoadToken("nope"));
        Assert.Equal(AuthErrorIds.ProfileNotFound, missing.ErrorId);
        Assert.Contains("'nope'", missing.Message);

        using (var token = MetricaToken.FromString(TestTokens.A))
        {
            _store.Save("default", Prod, token);
        }

        _keyring.Delete("default");
        var gone = Assert.Throws<MetricaAuthException>(() => _store.LoadToken("default"));
        Assert.Equal(AuthErrorIds.StoredTokenMissing, gone.ErrorId);
        Assert.Contains("fake keyring entry 'default'", gone.Message);
    }

    [Fact]
    public void A_damaged_metadata_file_is_reported_with_its_path()
    {
        File.WriteAllText(_store.MetadataPath, "{ \"version\": 1, \"profiles\": [ { \"name\": \"x\" ");

        var ex = Assert.Throws<MetricaAuthException>(() => _store.List());

        Assert.Equal(AuthErrorIds.ProfileFileInvalid, ex.ErrorId);
        Assert.Contains(_store.MetadataPath, ex.Message);
        Assert.Contains("holds no tokens", ex.Message);
    }

    [Fact]
    public void An_unknown_storage_kind_in_the_file_is_reported()
    {
        File.WriteAllText(_store.MetadataPath, "{ \"version\": 1, \"profiles\": [ { \"name\": \"x\", \"endpoint\": \"https://a.example/\", \"storage\": \"Floppy\" } ] }");

        var ex = Assert.Throws<MetricaAuthException>(() => _store.List());

        Assert.Contains("Floppy", ex.Message);
    }

    /// <summary>
    /// The library reports a keyring it cannot reach (no D-Bus session bus) with its own internal
    /// <c>Microsoft.Identity.Extensions.InteropException</c>, outside the
    /// <c>Microsoft.Identity.Client</c> namespace: made here by reflection, as the library makes it.
    /// </summary>
    private static Exception LibraryInteropException() =>
        (Exception)Activator.CreateInstance(
            typeof(Microsoft.Identity.Client.Extensions.Msal.Storage).Assembly.GetType("Microsoft.Identity.Extensions.InteropException", throwOnError: true)!,
            "An error was encountered while reading secret from keyring in the MsalClientID domain:'g-dbus-error-quark' code:'0' message:'Cannot autolaunch D-Bus without X11 $DISPLAY'",
            0)!;

    [Fact]
    public void A_profile_read_the_keyring_library_cannot_do_fails_with_the_reason_and_what_to_do()
    {
        using (var token = MetricaToken.FromString(TestTokens.A))
        {
            _store.Save("nightly", Prod, token);
        }

        _keyring.Available = false;
        _keyring.FailWith = LibraryInteropException;

        var ex = Assert.Throws<MetricaAuthException>(() => _store.LoadToken("nightly"));

        Assert.Equal(AuthErrorIds.TokenStoreFailed, ex.ErrorId);
        Assert.Contains("profile 'nightly'", ex.Message);
        Assert.Contains("the fake keyring is switched off (no D-Bus session)", ex.Message);
        Assert.Contains("METRICA_TOKEN", ex.Message);
        Assert.DoesNotContain("InteropException", ex.Message);
        Assert.Equal("InteropException", ex.InnerException!.GetType().Name);
        LeakScanner.AssertNone(LeakScanner.ScanException(TestTokens.A, ex));
    }

    [Fact]
    public void A_keyring_that_fails_while_it_looks_available_is_described_by_its_first_line()
    {
        using (var token = MetricaToken.FromString(TestTokens.A))
        {
            _store.Save("nightly", Prod, token);
        }

        _keyring.FailWith = LibraryInteropException;

        var ex = Assert.Throws<MetricaAuthException>(() => _store.LoadToken("nightly"));

        Assert.Equal(AuthErrorIds.TokenStoreFailed, ex.ErrorId);
        Assert.Contains("Cannot autolaunch D-Bus without X11 $DISPLAY", ex.Message);
        Assert.DoesNotContain("InteropException", ex.Message);
    }

    [Fact]
    public void Saving_and_removing_through_a_failing_keyring_library_are_reported_not_thrown_raw()
    {
        using var token = MetricaToken.FromString(TestTokens.A);
        _store.Save("nightly", Prod, token);
        _keyring.FailWith = LibraryInteropException;

        var save = Assert.Throws<MetricaAuthException>(() => _store.Save("other", Prod, token));
        var removal = _store.Remove("nightly");

        Assert.Equal(AuthErrorIds.TokenStoreFailed, save.ErrorId);
        Assert.Contains("Cannot autolaunch D-Bus", save.Message);
        Assert.NotNull(removal.Warning);
        Assert.Contains("Cannot autolaunch D-Bus", removal.Warning);
        Assert.DoesNotContain("InteropException", removal.Warning);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
