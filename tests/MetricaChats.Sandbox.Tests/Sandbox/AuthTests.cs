using System.Net.Http.Headers;
using System.Text.Json;
using Xunit;

namespace MetricaChats.Sandbox.Tests.Sandbox;

public class AuthTests
{
    private static string CounterPath(int counter = Harness.Counter) => $"management/v1/counter/{counter}";

    private static async Task<HttpResponseMessage> GetAsync(Harness h, string path, AuthenticationHeaderValue? auth)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = auth;
        using var client = new HttpClient { BaseAddress = h.Server.BaseAddress };
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Missing_header_is_401_unauthorized()
    {
        await using Harness h = await Harness.StartAsync();
        string message = await Harness.AssertErrorAsync(await GetAsync(h, CounterPath(), null), 401, "unauthorized");
        Assert.Contains("Authorization: OAuth", message);
    }

    [Fact]
    public async Task Bearer_scheme_is_401_naming_the_OAuth_scheme()
    {
        await using Harness h = await Harness.StartAsync();
        string message = await Harness.AssertErrorAsync(await GetAsync(h, CounterPath(), new AuthenticationHeaderValue("Bearer", Harness.Token)), 401, "unauthorized");
        Assert.Contains("'OAuth'", message);
        Assert.DoesNotContain(Harness.Token, message);
    }

    [Fact]
    public async Task Unknown_token_is_401()
    {
        await using Harness h = await Harness.StartAsync();
        await Harness.AssertErrorAsync(await GetAsync(h, CounterPath(), new AuthenticationHeaderValue("OAuth", "nope")), 401, "unauthorized");
    }

    [Fact]
    public async Task Token_in_the_query_string_is_refused_even_with_a_good_header_and_never_logged()
    {
        await using Harness h = await Harness.StartAsync();
        HttpResponseMessage r = await h.Client.GetAsync(CounterPath() + "?oauth_token=" + Harness.Token);
        string message = await Harness.AssertErrorAsync(r, 401, "unauthorized");
        Assert.Contains("query string", message);

        SandboxRequestRecord logged = Assert.Single(h.Server.State.Requests);
        Assert.Equal(401, logged.StatusCode);
        Assert.Equal($"/management/v1/counter/{Harness.Counter}?oauth_token=***", logged.PathAndQuery);
        string admin = await h.Client.GetStringAsync("_sandbox/requests");
        Assert.DoesNotContain(Harness.Token, admin);
    }

    [Fact]
    public async Task Request_log_never_holds_the_token()
    {
        await using Harness h = await Harness.StartAsync();
        await h.UploadAsync(Harness.ValidCsv(1), comment: "c1");
        await h.Client.GetAsync(CounterPath() + "?x=" + Harness.Token);
        foreach (SandboxRequestRecord record in h.Server.State.Requests)
        {
            Assert.DoesNotContain(Harness.Token, record.ToString());
        }

        Assert.DoesNotContain(Harness.Token, await h.Client.GetStringAsync("_sandbox/requests"));
        Assert.DoesNotContain(Harness.Token, await h.Client.GetStringAsync("_sandbox/uploads"));
    }

    [Fact]
    public async Task Counter_of_another_token_is_403_access_denied()
    {
        await using Harness h = await Harness.StartAsync();
        await Harness.AssertErrorAsync(await h.Client.GetAsync(CounterPath(Harness.OtherCounter)), 403, "access_denied");
        await Harness.AssertErrorAsync(await h.UploadAsync(Harness.ValidCsv(1), counter: Harness.OtherCounter), 403, "access_denied");
        Assert.Empty(h.Server.State.Uploads);
    }

    [Fact]
    public async Task Token_with_no_counters_sees_none()
    {
        await using Harness h = await Harness.StartAsync();
        var auth = new AuthenticationHeaderValue("OAuth", Harness.EmptyToken);
        await Harness.AssertErrorAsync(await GetAsync(h, CounterPath(), auth), 403, "access_denied");
        HttpResponseMessage list = await GetAsync(h, "management/v1/counters", auth);
        JsonElement body = await Harness.JsonAsync(list);
        Assert.Equal(0, body.GetProperty("rows").GetInt32());
        Assert.Equal(0, body.GetProperty("counters").GetArrayLength());
    }

    [Fact]
    public async Task Unknown_counter_is_404_and_a_malformed_one_400()
    {
        await using Harness h = await Harness.StartAsync();
        await Harness.AssertErrorAsync(await h.Client.GetAsync(CounterPath(99999)), 404, "not_found");
        HttpResponseMessage bad = await h.Client.GetAsync("management/v1/counter/abc/offline_conversions/uploadings");
        string message = await Harness.AssertErrorAsync(bad, 400, "invalid_parameter");
        Assert.Contains("abc", message);
    }

    [Fact]
    public async Task Unknown_path_is_404_not_found()
    {
        await using Harness h = await Harness.StartAsync();
        await Harness.AssertErrorAsync(await h.Client.GetAsync("management/v1/nothing-here"), 404, "not_found");
    }
}
