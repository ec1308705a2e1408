using MetricaChats.Core.Auth;
using Xunit;

namespace MetricaChats.Core.Tests.Auth;

/// <summary>The documented precedence: command (token, stdin) > named profile > METRICA_TOKEN > profile "default".</summary>
public sealed class TokenResolverTests : IDisposable
{
    private static readonly Uri Prod = MetricaConnection.DefaultEndpoint;
    private static readonly Uri Sandbox = new("http://127.0.0.1:5099/");
    private static readonly Uri Other = new("https://metrica-proxy.example/");

    private readonly TestDirectory _dir = new();
    private readonly FakeProtectedStore _keyring = new();
    private readonly MetricaProfileStore _store;
    private readonly Dictionary<string, string> _env = new();

    public TokenResolverTests()
    {
        _store = new MetricaProfileStore(_dir.Path, _keyring, new UnprotectedFileTokenStore(Path.Combine(_dir.Path, "tokens")));
    }

    public void Dispose() => _dir.Dispose();

    private TokenResolver Resolver() => new(_store, name => _env.TryGetValue(name, out var v) ? v : null);

    private void SaveProfile(string name, string token, Uri endpoint)
    {
        using var t = MetricaToken.FromString(token);
        _store.Save(name, endpoint, t);
    }

    private static void AssertNoTokenShown(MetricaConnection c)
    {
        foreach (var token in new[] { TestTokens.A, TestTokens.B, TestTokens.C })
        {
            LeakScanner.AssertNone(LeakScanner.ScanObject(token, c, "connection"));
            LeakScanner.AssertNone(LeakScanner.ScanObject(token, c.Source, "source"));
        }
    }

    [Fact]
    public void An_explicit_token_beats_everything_and_is_copied()
    {
        SaveProfile("default", TestTokens.B, Sandbox);
        _env["METRICA_TOKEN"] = TestTokens.C;
        var given = MetricaToken.FromString(TestTokens.A);

        using var c = Resolver().Resolve(new TokenRequest { Token = given, TokenSource = TokenSource.Explicit("the -Token parameter") });
        given.Dispose();

        Assert.Equal(TestTokens.A, c.Token.Reveal());
        Assert.Equal(TokenSourceKind.Explicit, c.Source.Kind);
        Assert.Equal("the -Token parameter", c.Source.Description);
        Assert.Equal("default", c.ProfileName);
        Assert.Equal(Sandbox, c.Endpoint); // the profile it is for still gives the endpoint
        AssertNoTokenShown(c);
    }

    [Fact]
    public void Standard_input_beats_the_environment_and_profiles()
    {
        SaveProfile("default", TestTokens.B, Prod);
        _env["METRICA_TOKEN"] = TestTokens.C;

        using var c = Resolver().Resolve(new TokenRequest { StandardInput = new StringReader(TestTokens.A + "\n") });

        Assert.Equal(TestTokens.A, c.Token.Reveal());
        Assert.Equal(TokenSourceKind.StandardInput, c.Source.Kind);
        Assert.Equal("standard input", c.Source.Description);
    }

    [Fact]
    public void Both_an_explicit_token_and_standard_input_is_an_error()
    {
        using var t = MetricaToken.FromString(TestTokens.A);
        Assert.Throws<ArgumentException>(() => Resolver().Resolve(new TokenRequest { Token = t, StandardInput = new StringReader(TestTokens.B) }));
    }

    [Fact]
    public void A_named_profile_beats_the_environment()
    {
        SaveProfile("client-b", TestTokens.B, Sandbox);
        _env["METRICA_TOKEN"] = TestTokens.C;

        using var c = Resolver().Resolve(new TokenRequest { ProfileName = "Client-B" });

        Assert.Equal(TestTokens.B, c.Token.Reveal());
        Assert.Equal(TokenSourceKind.Profile, c.Source.Kind);
        Assert.Equal("client-b", c.ProfileName);
        Assert.Equal(Sandbox, c.Endpoint);
        Assert.Equal("saved profile 'client-b' (fake keyring entry 'client-b')", c.Source.Description);
        AssertNoTokenShown(c);
    }

    [Fact]
    public void The_environment_beats_the_default_profile()
    {
        SaveProfile("default", TestTokens.B, Sandbox);
        _env["METRICA_TOKEN"] = TestTokens.C;

        using var c = Resolver().Resolve(new TokenRequest());

        Assert.Equal(TestTokens.C, c.Token.Reveal());
        Assert.Equal(TokenSourceKind.EnvironmentVariable, c.Source.Kind);
        Assert.Equal("the environment variable METRICA_TOKEN", c.Source.Description);
        Assert.Equal(Sandbox, c.Endpoint); // the connection is profile "default": its saved endpoint applies
        AssertNoTokenShown(c);
    }

    [Fact]
    public void The_default_profile_is_used_when_nothing_else_is_given()
    {
        SaveProfile("default", TestTokens.B, Sandbox);

        using var c = Resolver().Resolve(new TokenRequest());

        Assert.Equal(TestTokens.B, c.Token.Reveal());
        Assert.Equal(Sandbox, c.Endpoint);
        Assert.Equal("default", c.ProfileName);
    }

    [Fact]
    public void IgnoreEnvironment_skips_the_variable()
    {
        SaveProfile("default", TestTokens.B, Prod);
        _env["METRICA_TOKEN"] = TestTokens.C;

        using var c = Resolver().Resolve(new TokenRequest { IgnoreEnvironment = true });

        Assert.Equal(TestTokens.B, c.Token.Reveal());
    }

    [Fact]
    public void An_explicit_endpoint_overrides_the_profiles()
    {
        SaveProfile("default", TestTokens.B, Sandbox);

        using var c = Resolver().Resolve(new TokenRequest { Endpoint = Other });

        Assert.Equal(Other, c.Endpoint);
    }

    [Fact]
    public void Without_any_saved_profile_the_endpoint_is_production()
    {
        _env["METRICA_TOKEN"] = TestTokens.C;

        using var c = Resolver().Resolve(new TokenRequest());

        Assert.Equal(Prod, c.Endpoint);
    }

    [Fact]
    public void Nothing_found_lists_what_was_tried_and_how_to_give_a_token()
    {
        SaveProfile("client-b", TestTokens.B, Prod);

        var ex = Assert.Throws<MetricaAuthException>(() => Resolver().Resolve(new TokenRequest()));

        Assert.Equal(AuthErrorIds.TokenNotFound, ex.ErrorId);
        Assert.Contains("METRICA_TOKEN (not set)", ex.Message);
        Assert.Contains(_store.MetadataPath, ex.Message);
        Assert.Contains("saved profiles: client-b", ex.Message);
        // Core names neither front end's commands; the front end passes its own words.
        Assert.DoesNotContain("--token-stdin", ex.Message);
        Assert.DoesNotContain("Connect-MetricaAccount", ex.Message);
        Assert.DoesNotContain("docs/", ex.Message);
        Assert.Contains("metrika:write", ex.Message);
        LeakScanner.AssertNone(LeakScanner.ScanException(TestTokens.B, ex));

        var worded = Assert.Throws<MetricaAuthException>(() => Resolver().Resolve(new TokenRequest { HowToGiveToken = "Run the front end's login." }));
        Assert.EndsWith("Run the front end's login.", worded.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_profile_that_is_not_saved_is_an_error_even_with_the_variable_set()
    {
        _env["METRICA_TOKEN"] = TestTokens.C;

        var ex = Assert.Throws<MetricaAuthException>(() => Resolver().Resolve(new TokenRequest { ProfileName = "work" }));

        Assert.Equal(AuthErrorIds.ProfileNotFound, ex.ErrorId);
        Assert.Contains("'work'", ex.Message);
    }

    [Fact]
    public void A_bad_environment_variable_is_reported_not_skipped()
    {
        _env["METRICA_TOKEN"] = "Bearer " + TestTokens.C;
        SaveProfile("default", TestTokens.B, Prod);

        var ex = Assert.Throws<MetricaAuthException>(() => Resolver().Resolve(new TokenRequest()));

        Assert.Equal(AuthErrorIds.InvalidToken, ex.ErrorId);
        LeakScanner.AssertNone(LeakScanner.ScanException(TestTokens.C, ex));
    }

    [Fact]
    public void A_SecretManagement_profile_is_read_through_the_front_end_reader()
    {
        _store.SaveSecretReference("vaulted", Prod, "MetricaToken", "CorpVault");
        MetricaProfile? asked = null;

        using var c = Resolver().Resolve(new TokenRequest
        {
            ProfileName = "vaulted",
            SecretManagementReader = p =>
            {
                asked = p;
                return MetricaToken.FromString(TestTokens.A);
            },
        });

        Assert.Equal("MetricaToken", asked!.SecretName);
        Assert.Equal("CorpVault", asked.Vault);
        Assert.Equal(TestTokens.A, c.Token.Reveal());
        Assert.Equal(TokenSourceKind.SecretManagement, c.Source.Kind);
        Assert.Equal("SecretManagement secret 'MetricaToken' in vault 'CorpVault'", c.Source.Description);

        var withoutReader = Assert.Throws<MetricaAuthException>(() => Resolver().Resolve(new TokenRequest { ProfileName = "vaulted" }));
        Assert.Equal(AuthErrorIds.SecretManagementRequired, withoutReader.ErrorId);
    }

    [Fact]
    public void The_connection_describes_itself_without_the_token_and_clears_it_on_dispose()
    {
        _env["METRICA_TOKEN"] = TestTokens.C;
        var c = Resolver().Resolve(new TokenRequest());

        Assert.Equal("Metrica profile 'default' at https://api-metrika.yandex.net/ (token from the environment variable METRICA_TOKEN)", c.ToString());
        c.Dispose();
        Assert.Throws<ObjectDisposedException>(() => c.Token.Reveal());
    }

    [Fact]
    public void A_connection_refuses_plain_http_to_a_remote_host()
    {
        using var t = MetricaToken.FromString(TestTokens.A);
        var ex = Assert.Throws<MetricaAuthException>(() => new MetricaConnection("default", new Uri("http://api-metrika.yandex.net/"), t, TokenSource.Explicit("x")));

        Assert.Equal(AuthErrorIds.InvalidEndpoint, ex.ErrorId);
        Assert.Contains("plain http", ex.Message);
        using var sandbox = new MetricaConnection("default", new Uri("http://localhost:5000/"), t.Clone(), TokenSource.Explicit("x"));
        Assert.Equal(5000, sandbox.Endpoint.Port);
    }
}
