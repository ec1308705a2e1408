using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MetricaChats.Sandbox.Tests.Sandbox;

/// <summary>
/// Reading call uploads back: by id (<c>calls_uploading/{id}</c>), the call list
/// (<c>calls_uploadings</c>), the offline-conversions list filtered by <c>type=CALLS</c>, the
/// status progression, and the admin view with rows.
/// </summary>
public class CallUploadStatusTests
{
    private static readonly long Past = CallFiles.Past;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_call_upload_is_read_by_id_on_the_call_path_and_on_the_generic_one()
    {
        await using Harness h = await Harness.StartAsync();
        JsonElement answered = await h.UploadCallsOkAsync(CallFiles.Valid(3, staticEvery: 3), comment: "c1");
        long id = answered.GetProperty("id").GetInt64();

        JsonElement byCallPath = (await Harness.JsonAsync(await h.Client.GetAsync(CallFiles.ByIdPath(id)))).GetProperty("uploading");
        JsonElement byGenericPath = (await Harness.JsonAsync(await h.Client.GetAsync($"{CallFiles.Offline()}/uploading/{id}"))).GetProperty("uploading");

        Assert.Equal(answered.ToString(), byCallPath.ToString());
        Assert.Equal(answered.ToString(), byGenericPath.ToString());
        Assert.Equal(1, byCallPath.GetProperty("static_calls_quantity").GetInt32());
        Assert.Equal(2, byCallPath.GetProperty("dynamic_calls_quantity").GetInt32());
    }

    [Fact]
    public async Task The_call_path_answers_404_for_a_chat_upload_an_unknown_id_and_another_counter()
    {
        await using Harness h = await Harness.StartAsync();
        long chat = (await Harness.JsonAsync(await h.UploadAsync(Harness.ValidCsv(1)))).GetProperty("uploading").GetProperty("id").GetInt64();
        long call = (await h.UploadCallsOkAsync(CallFiles.Valid(1))).GetProperty("id").GetInt64();
        using var other = new HttpClient { BaseAddress = h.Server.BaseAddress };
        other.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("OAuth", Harness.OtherToken);

        string message = await Harness.AssertErrorAsync(await h.Client.GetAsync(CallFiles.ByIdPath(chat)), 404, "not_found");
        await Harness.AssertErrorAsync(await h.Client.GetAsync(CallFiles.ByIdPath(999_999)), 404, "not_found");
        await Harness.AssertErrorAsync(await other.GetAsync(CallFiles.ByIdPath(call, Harness.OtherCounter)), 404, "not_found");
        string bad = await Harness.AssertErrorAsync(await h.Client.GetAsync(CallFiles.Offline() + "/calls_uploading/abc"), 400, "invalid_parameter");

        Assert.Contains($"Call upload {chat} does not exist on counter {Harness.Counter}", message);
        Assert.Contains("'abc'", bad);
    }

    [Fact]
    public async Task The_call_list_holds_call_uploads_only_newest_first_and_pages()
    {
        await using Harness h = await Harness.StartAsync();
        long c1 = (await h.UploadCallsOkAsync(CallFiles.Valid(1), "c1")).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await h.UploadAsync(Harness.ValidCsv(1))).StatusCode);
        h.Server.State.AddUpload(Harness.Counter, "BASIC", "offline");
        long c2 = (await h.UploadCallsOkAsync(CallFiles.Valid(2), "c2")).GetProperty("id").GetInt64();
        long c3 = (await h.UploadCallsOkAsync(CallFiles.Valid(3), "c3")).GetProperty("id").GetInt64();

        JsonElement[] all = await h.ListAsync(CallFiles.ListPath());
        JsonElement[] page = await h.ListAsync(CallFiles.ListPath() + "?limit=1&offset=1");

        Assert.Equal(new[] { c3, c2, c1 }, all.Select(u => u.GetProperty("id").GetInt64()));
        Assert.All(all, u => Assert.Equal("CALLS", u.GetProperty("type").GetString()));
        Assert.Equal(new[] { 3, 2, 1 }, all.Select(u => u.GetProperty("dynamic_calls_quantity").GetInt32()));
        Assert.Equal(c2, Assert.Single(page).GetProperty("id").GetInt64());
        await Harness.AssertErrorAsync(await h.Client.GetAsync(CallFiles.ListPath() + "?limit=0"), 400, "invalid_parameter");
        await Harness.AssertErrorAsync(await h.Client.GetAsync(CallFiles.ListPath() + "?offset=-1"), 400, "invalid_parameter");
    }

    [Fact]
    public async Task The_offline_list_filtered_by_type_CALLS_matches_the_call_list_and_CHATS_leaves_calls_out()
    {
        await using Harness h = await Harness.StartAsync();
        await h.UploadCallsOkAsync(CallFiles.Valid(1));
        long chat = (await Harness.JsonAsync(await h.UploadAsync(Harness.ValidCsv(1)))).GetProperty("uploading").GetProperty("id").GetInt64();
        await h.UploadCallsOkAsync(CallFiles.Valid(2, staticEvery: 1));

        JsonElement[] calls = await h.ListAsync(CallFiles.ListPath());
        JsonElement[] filtered = await h.ListAsync(CallFiles.Offline() + "/uploadings?type=CALLS");
        JsonElement[] chats = await h.ListAsync(CallFiles.Offline() + "/uploadings?type=CHATS");

        Assert.Equal(calls.Select(u => u.ToString()), filtered.Select(u => u.ToString()));
        Assert.Equal(2, calls.Length);
        Assert.Equal(chat, Assert.Single(chats).GetProperty("id").GetInt64());
        JsonElement newest = Assert.Single(await h.ListAsync(CallFiles.Offline() + "/uploadings?type=CALLS&limit=1"));
        Assert.Equal(2, newest.GetProperty("static_calls_quantity").GetInt32());
    }

    [Fact]
    public async Task A_call_upload_moves_through_the_chat_statuses_to_PROCESSED()
    {
        await using Harness h = await Harness.StartAsync();
        long id = (await h.UploadCallsOkAsync(CallFiles.Valid(2, staticEvery: 2))).GetProperty("id").GetInt64();
        var seen = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            seen.Add((await Harness.JsonAsync(await h.Client.GetAsync(CallFiles.ByIdPath(id)))).GetProperty("uploading").GetProperty("status").GetString()!);
            h.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(new[] { "UPLOADED", "EXPORTED", "MATCHED", "PROCESSED" }, seen);
    }

    [Fact]
    public async Task A_call_upload_of_static_calls_only_ends_LINKAGE_FAILURE()
    {
        await using Harness h = await Harness.StartAsync(o => o.ProcessingTime = TimeSpan.Zero);
        long id = (await h.UploadCallsOkAsync(CallFiles.Valid(2, staticEvery: 1))).GetProperty("id").GetInt64();

        JsonElement u = (await Harness.JsonAsync(await h.Client.GetAsync(CallFiles.ByIdPath(id)))).GetProperty("uploading");

        Assert.Equal("LINKAGE_FAILURE", u.GetProperty("status").GetString());
        Assert.Equal(2, u.GetProperty("static_calls_quantity").GetInt32());
    }

    [Fact]
    public async Task The_admin_view_shows_call_uploads_with_rows_row_errors_and_call_counts_filtered_by_type()
    {
        await using Harness h = await Harness.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await h.UploadAsync(Harness.ValidCsv(1))).StatusCode);
        long id = (await h.UploadCallsOkAsync(Harness.Csv("DateTime,ClientId,StaticCall", $"{Past},11,1", $"{Past},,0", $"{Past},33,0"), "adm", "Goal A"))
            .GetProperty("id").GetInt64();
        using var admin = new HttpClient { BaseAddress = h.Server.BaseAddress };

        JsonElement upload = Assert.Single((await Harness.JsonAsync(await admin.GetAsync("_sandbox/uploads?type=CALLS"))).EnumerateArray());
        JsonElement accepted = Assert.Single((await Harness.JsonAsync(await admin.GetAsync($"_sandbox/uploads?type=calls&counter={Harness.Counter}&rows=accepted"))).EnumerateArray());
        JsonElement one = await Harness.JsonAsync(await admin.GetAsync($"_sandbox/uploads/{id}"));

        Assert.Equal(id, upload.GetProperty("id").GetInt64());
        Assert.Equal("CALLS", upload.GetProperty("type").GetString());
        JsonElement calls = upload.GetProperty("calls");
        Assert.Equal(1, calls.GetProperty("static_calls_quantity").GetInt32());
        Assert.Equal(1, calls.GetProperty("dynamic_calls_quantity").GetInt32());
        Assert.Equal("Goal A", calls.GetProperty("new_goal_name").GetString());
        Assert.Equal(3, upload.GetProperty("rows").GetArrayLength());
        Assert.Equal("11", upload.GetProperty("rows")[0].GetProperty("ClientId").GetString());
        Assert.Equal(2, Assert.Single(upload.GetProperty("row_errors").EnumerateArray()).GetProperty("row_number").GetInt32());
        Assert.Equal(new[] { "11", "33" }, accepted.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("ClientId").GetString()));
        Assert.Equal(JsonValueKind.Object, one.GetProperty("calls").ValueKind);
        JsonElement chat = Assert.Single((await Harness.JsonAsync(await admin.GetAsync("_sandbox/uploads?type=CHATS"))).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, chat.GetProperty("calls").ValueKind);

        JsonElement goal = Assert.Single((await Harness.JsonAsync(await admin.GetAsync("_sandbox/call_goals"))).EnumerateArray());
        Assert.Equal("Goal A", goal.GetProperty("name").GetString());
        Assert.Equal(id, goal.GetProperty("upload_id").GetInt64());
        Assert.Empty((await Harness.JsonAsync(await admin.GetAsync($"_sandbox/call_goals?counter={Harness.OtherCounter}"))).EnumerateArray());
    }

    [Fact]
    public async Task Reset_forgets_call_uploads_and_the_goals_they_made()
    {
        await using Harness h = await Harness.StartAsync();
        await h.UploadCallsOkAsync(CallFiles.Valid(1), goal: "G");
        using var admin = new HttpClient { BaseAddress = h.Server.BaseAddress };

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("_sandbox/reset", Json("{}"))).StatusCode);

        Assert.Empty(h.Server.State.Uploads);
        Assert.Empty(h.Server.State.CallGoalsOf(Harness.Counter));
        Assert.Equal(0, h.Server.State.StoredRows);
        Assert.Empty(await h.ListAsync(CallFiles.ListPath()));
    }

    [Fact]
    public async Task A_seeded_call_upload_is_listed_on_the_call_path_with_its_quantity_as_dynamic_calls()
    {
        await using Harness h = await Harness.StartAsync();
        using var admin = new HttpClient { BaseAddress = h.Server.BaseAddress };
        await admin.PostAsync("_sandbox/uploads", Json($"{{\"counter_id\":{Harness.Counter},\"type\":\"CALLS\",\"comment\":\"seeded\"}}"));

        JsonElement seeded = Assert.Single(await h.ListAsync(CallFiles.ListPath()));

        Assert.Equal("seeded", seeded.GetProperty("comment").GetString());
        Assert.Equal("PROCESSED", seeded.GetProperty("status").GetString());
        Assert.Equal(0, seeded.GetProperty("static_calls_quantity").GetInt32());
        Assert.Equal(1, seeded.GetProperty("dynamic_calls_quantity").GetInt32());
    }
}
