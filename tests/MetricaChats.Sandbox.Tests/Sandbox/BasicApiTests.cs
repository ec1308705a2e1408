using System.Net;
using System.Text.Json;
using Xunit;

namespace MetricaChats.Sandbox.Tests.Sandbox;

public class BasicApiTests
{
    [Fact]
    public async Task Starts_on_an_ephemeral_loopback_port()
    {
        await using Harness h = await Harness.StartAsync();
        Assert.Equal("127.0.0.1", h.Server.BaseAddress.Host);
        Assert.NotEqual(0, h.Server.BaseAddress.Port);
        Assert.EndsWith("/", h.Server.BaseAddress.ToString());
    }

    [Fact]
    public async Task Refuses_a_non_loopback_host()
    {
        var options = new SandboxOptions { Host = "0.0.0.0" };
        await Assert.ThrowsAsync<ArgumentException>(() => SandboxServer.StartAsync(options));
    }

    [Fact]
    public async Task Chat_upload_is_stored_with_its_rows_and_returns_the_upload_object()
    {
        await using Harness h = await Harness.StartAsync();
        string csv = Harness.ValidCsv(3);
        HttpResponseMessage response = await h.UploadAsync(csv, comment: "batch1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement uploading = (await Harness.JsonAsync(response)).GetProperty("uploading");
        long id = uploading.GetProperty("id").GetInt64();
        Assert.Equal(3, uploading.GetProperty("source_quantity").GetInt32());
        Assert.Equal(3, uploading.GetProperty("line_quantity").GetInt32());
        Assert.Equal("batch1", uploading.GetProperty("comment").GetString());
        Assert.Equal("CHATS", uploading.GetProperty("type").GetString());
        Assert.Equal("UPLOADED", uploading.GetProperty("status").GetString());
        Assert.Equal("2026-06-01T12:00:00Z", uploading.GetProperty("create_time").GetString());

        SandboxUpload stored = Assert.Single(h.Server.State.Uploads);
        Assert.Equal(id, stored.Id);
        Assert.Equal(Harness.Counter, stored.CounterId);
        Assert.Equal(new[] { "DateTime", "ChatPlatform", "ChatUsername", "ClientId" }, stored.Header);
        Assert.Equal(3, stored.Rows.Count);
        Assert.Equal("user1", stored.Rows[1]["ChatUsername"]);
        Assert.Equal("user1", stored.Rows[1]["chatusername"]);
        Assert.Equal(csv.Length, stored.RawByteLength);
    }

    [Fact]
    public async Task Get_one_upload_and_the_list_with_limit_and_offset()
    {
        await using Harness h = await Harness.StartAsync();
        var ids = new List<long>();
        for (int i = 0; i < 3; i++)
        {
            HttpResponseMessage r = await h.UploadAsync(Harness.ValidCsv(1), comment: "b" + i);
            ids.Add((await Harness.JsonAsync(r)).GetProperty("uploading").GetProperty("id").GetInt64());
        }

        h.Server.State.AddUpload(Harness.Counter, "BASIC", "offline");

        HttpResponseMessage one = await h.Client.GetAsync($"management/v1/counter/{Harness.Counter}/offline_conversions/uploading/{ids[1]}");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        JsonElement u = (await Harness.JsonAsync(one)).GetProperty("uploading");
        Assert.Equal(ids[1], u.GetProperty("id").GetInt64());
        Assert.Equal("b1", u.GetProperty("comment").GetString());

        JsonElement all = (await Harness.JsonAsync(await h.Client.GetAsync($"management/v1/counter/{Harness.Counter}/offline_conversions/uploadings"))).GetProperty("uploadings");
        Assert.Equal(4, all.GetArrayLength());
        Assert.Equal(new[] { "BASIC", "CHATS", "CHATS", "CHATS" }, all.EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToArray());

        JsonElement page = (await Harness.JsonAsync(await h.Client.GetAsync($"management/v1/counter/{Harness.Counter}/offline_conversions/uploadings?limit=2&offset=1"))).GetProperty("uploadings");
        Assert.Equal(new[] { "b2", "b1" }, page.EnumerateArray().Select(e => e.GetProperty("comment").GetString()).ToArray());

        JsonElement chats = (await Harness.JsonAsync(await h.Client.GetAsync($"management/v1/counter/{Harness.Counter}/offline_conversions/uploadings?type=CHATS"))).GetProperty("uploadings");
        Assert.Equal(3, chats.GetArrayLength());
        await Harness.AssertErrorAsync(await h.Client.GetAsync($"management/v1/counter/{Harness.Counter}/offline_conversions/uploadings?type=chats"), 400, "invalid_parameter");
        await Harness.AssertErrorAsync(await h.Client.GetAsync($"management/v1/counter/{Harness.Counter}/offline_conversions/uploadings?limit=0"), 400, "invalid_parameter");
    }

    [Fact]
    public async Task Unknown_upload_is_404_with_the_error_body()
    {
        await using Harness h = await Harness.StartAsync();
        HttpResponseMessage r = await h.Client.GetAsync($"management/v1/counter/{Harness.Counter}/offline_conversions/uploading/999");
        await Harness.AssertErrorAsync(r, 404, "not_found");
    }

    [Fact]
    public async Task Wrong_method_on_a_known_path_gets_an_error_body()
    {
        await using Harness h = await Harness.StartAsync();
        HttpResponseMessage r = await h.Client.GetAsync(Harness.UploadPath());
        string message = await Harness.AssertErrorAsync(r, 405, "invalid_parameter");
        Assert.Contains("GET", message);
        Assert.Empty(h.Server.State.Uploads);
        Assert.Equal(405, h.Server.State.Requests.Single().StatusCode);
    }

    [Fact]
    public async Task Tokens_can_be_given_as_a_dictionary_and_the_sandbox_stops_on_dispose()
    {
        var options = new SandboxOptions { Tokens = new Dictionary<string, int[]> { ["dict-token"] = new[] { 42 } }, ProcessingTime = TimeSpan.Zero };
        SandboxServer server = await SandboxServer.StartAsync(options);
        Uri address = server.BaseAddress;
        using var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("OAuth", "dict-token");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("management/v1/counter/42")).StatusCode);

        await server.DisposeAsync();
        using var fresh = new HttpClient { BaseAddress = address };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => fresh.GetAsync("management/v1/counters"));
    }
}
