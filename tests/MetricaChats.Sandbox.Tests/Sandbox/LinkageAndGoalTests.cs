using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MetricaChats.Sandbox.Tests.Sandbox;

/// <summary>Upload statistics (linked, user not found, goal not found), the goals with the automatic Chat goal, and the upload-by-id spellings.</summary>
public class LinkageAndGoalTests
{
    private const string Goals = "management/v1/counter/12345/goals";

    private static string UploadById(long id, bool plural = false) =>
        $"management/v1/counter/{Harness.Counter}/offline_conversions/{(plural ? "uploadings" : "uploading")}/{id}";

    private static async Task<JsonElement> UploadAsync(Harness h, string csv)
    {
        HttpResponseMessage r = await h.UploadAsync(csv);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return (await Harness.JsonAsync(r)).GetProperty("uploading");
    }

    private static async Task<JsonElement> ReadAsync(Harness h, long id) =>
        (await Harness.JsonAsync(await h.Client.GetAsync(UploadById(id)))).GetProperty("uploading");

    // Four accepted rows: ClientId 101, UserId u-2, Yclid 303, none; one rejected row with ClientId 101.
    private static string MixedCsv() => Harness.Csv(
        "DateTime,ChatPlatform,ChatUsername,ClientId,UserId,Yclid",
        $"{Harness.PastUnix},telegram,a,101,,",
        $"{Harness.PastUnix},telegram,b,,u-2,",
        $"{Harness.PastUnix},telegram,c,,,303",
        $"{Harness.PastUnix},telegram,d,,,",
        $"{Harness.PastUnix},icq,e,101,,");

    [Fact]
    public async Task Statistics_appear_once_processed_and_every_row_with_an_id_links_when_no_visitor_is_seeded()
    {
        await using Harness h = await Harness.StartAsync();
        JsonElement made = await UploadAsync(h, MixedCsv());
        Assert.False(made.TryGetProperty("linked_quantity", out _));
        long id = made.GetProperty("id").GetInt64();

        h.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.False((await ReadAsync(h, id)).TryGetProperty("linked_quantity", out _));

        h.Clock.Advance(TimeSpan.FromMinutes(1));
        JsonElement done = await ReadAsync(h, id);
        Assert.Equal("PROCESSED", done.GetProperty("status").GetString());
        Assert.Equal(4, done.GetProperty("line_quantity").GetInt32());
        Assert.Equal(3, done.GetProperty("linked_quantity").GetInt32());
        Assert.Equal(1, done.GetProperty("user_not_found_quantity").GetInt32());
        Assert.Equal(0, done.GetProperty("goal_not_found_quantity").GetInt32());

        JsonElement listed = (await Harness.JsonAsync(await h.Client.GetAsync($"management/v1/counter/{Harness.Counter}/offline_conversions/uploadings?type=CHATS"))).GetProperty("uploadings")[0];
        Assert.Equal(3, listed.GetProperty("linked_quantity").GetInt32());
    }

    [Fact]
    public async Task Seeded_visitors_decide_which_rows_link_and_none_known_is_a_LINKAGE_FAILURE()
    {
        await using Harness h = await Harness.StartAsync(o => o.AddVisitor(Harness.Counter, "clientid", "101"));
        h.Server.State.AddVisitor(Harness.Counter, "Yclid", "303");
        JsonElement made = await UploadAsync(h, MixedCsv());
        h.Clock.Advance(TimeSpan.FromMinutes(3));
        JsonElement done = await ReadAsync(h, made.GetProperty("id").GetInt64());
        Assert.Equal(2, done.GetProperty("linked_quantity").GetInt32());
        Assert.Equal(2, done.GetProperty("user_not_found_quantity").GetInt32());
        Assert.Equal("PROCESSED", done.GetProperty("status").GetString());

        // Ids the counter does not know: nothing links.
        string strangers = Harness.Csv("DateTime,ChatPlatform,ChatUsername,ClientId", $"{Harness.PastUnix},viber,x,999", $"{Harness.PastUnix},viber,y,998");
        long second = (await UploadAsync(h, strangers)).GetProperty("id").GetInt64();
        h.Clock.Advance(TimeSpan.FromMinutes(3));
        JsonElement failed = await ReadAsync(h, second);
        Assert.Equal("LINKAGE_FAILURE", failed.GetProperty("status").GetString());
        Assert.Equal(0, failed.GetProperty("linked_quantity").GetInt32());
        Assert.Equal(2, failed.GetProperty("user_not_found_quantity").GetInt32());

        // A reset forgets the visitors added while running and keeps the seeded ones.
        h.Server.Reset();
        Assert.Equal(new[] { "ClientId=101" }, h.Server.State.Visitors.Select(v => v.Column + "=" + v.Value));
    }

    [Fact]
    public async Task Visitors_are_seeded_through_the_admin_endpoint_and_a_bad_column_is_refused()
    {
        await using Harness h = await Harness.StartAsync();
        HttpResponseMessage ok = await h.Client.PostAsync("_sandbox/visitors", new StringContent("{\"counter_id\":12345,\"UserId\":[\"u-2\"],\"ClientId\":101}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(new[] { "ClientId=101", "UserId=u-2" }, h.Server.State.Visitors.Select(v => v.Column + "=" + v.Value));

        string message = await Harness.AssertErrorAsync(await h.Client.PostAsync("_sandbox/visitors", new StringContent("{\"Phone\":[\"1\"]}", Encoding.UTF8, "application/json")), 400, "invalid_parameter");
        Assert.Contains("'Phone' is not a Metrica id column", message);
    }

    [Fact]
    public async Task The_first_processed_chat_upload_creates_the_automatic_Chat_goal_once()
    {
        await using Harness h = await Harness.StartAsync(o => o.ChatGoalType = "offline_chat_stand_in");
        Assert.Empty((await Harness.JsonAsync(await h.Client.GetAsync(Goals))).GetProperty("goals").EnumerateArray());

        await UploadAsync(h, Harness.ValidCsv(2));
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty((await Harness.JsonAsync(await h.Client.GetAsync(Goals))).GetProperty("goals").EnumerateArray());

        h.Clock.Advance(TimeSpan.FromMinutes(2));
        await UploadAsync(h, Harness.ValidCsv(1));
        h.Clock.Advance(TimeSpan.FromMinutes(3));
        JsonElement chat = Assert.Single((await Harness.JsonAsync(await h.Client.GetAsync(Goals))).GetProperty("goals").EnumerateArray());
        Assert.Equal("Chat", chat.GetProperty("name").GetString());
        Assert.Equal("auto", chat.GetProperty("goal_source").GetString());
        Assert.Equal("offline_chat_stand_in", chat.GetProperty("type").GetString());
        Assert.Empty(chat.GetProperty("conditions").EnumerateArray());

        long id = chat.GetProperty("id").GetInt64();
        JsonElement one = (await Harness.JsonAsync(await h.Client.GetAsync($"management/v1/counter/12345/goal/{id}"))).GetProperty("goal");
        Assert.Equal("Chat", one.GetProperty("name").GetString());
        await Harness.AssertErrorAsync(await h.Client.GetAsync("management/v1/counter/12345/goal/1"), 404, "not_found");

        // The other counter has its own goals: none.
        using var other = new HttpClient { BaseAddress = h.Server.BaseAddress };
        other.DefaultRequestHeaders.Authorization = new("OAuth", Harness.OtherToken);
        Assert.Empty((await Harness.JsonAsync(await other.GetAsync($"management/v1/counter/{Harness.OtherCounter}/goals"))).GetProperty("goals").EnumerateArray());
    }

    [Fact]
    public async Task Goals_are_made_strictly_and_the_name_Chat_is_Metricas_own()
    {
        await using Harness h = await Harness.StartAsync();
        HttpResponseMessage made = await h.Client.PostAsJsonAsync(Goals, new { goal = new { name = "Thank-you page", type = "url", conditions = new[] { new { type = "contain", url = "thank-you" } } } });
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        JsonElement goal = (await Harness.JsonAsync(made)).GetProperty("goal");
        Assert.Equal("user", goal.GetProperty("goal_source").GetString());
        Assert.Equal("thank-you", goal.GetProperty("conditions")[0].GetProperty("url").GetString());

        Assert.Contains("automatic goal", await Harness.AssertErrorAsync(await h.Client.PostAsJsonAsync(Goals, new { goal = new { name = "chat", type = "action", conditions = new[] { new { type = "exact", url = "x" } } } }), 400, "invalid_parameter"));
        await Harness.AssertErrorAsync(await h.Client.PostAsJsonAsync(Goals, new { goal = new { name = "x", type = "chat" } }), 400, "invalid_parameter");
        await Harness.AssertErrorAsync(await h.Client.PostAsJsonAsync(Goals, new { goal = new { name = "x", type = "url" } }), 400, "missing_parameter");
        await Harness.AssertErrorAsync(await h.Client.PostAsJsonAsync(Goals, new { goal = new { type = "number" } }), 400, "missing_parameter");
        await Harness.AssertErrorAsync(await h.Client.PostAsJsonAsync(Goals, new { goal = new { name = "x", type = "url", conditions = new[] { new { type = "like", url = "a" } } } }), 400, "invalid_parameter");
        await Harness.AssertErrorAsync(await h.Client.PostAsync(Goals, new StringContent("not json", Encoding.UTF8, "application/json")), 400, "invalid_json");
        string huge = "{\"goal\":{\"name\":\"" + new string('x', 70_000) + "\",\"type\":\"number\"}}";
        Assert.Contains("larger than 65536 bytes", await Harness.AssertErrorAsync(await h.Client.PostAsync(Goals, new StringContent(huge, Encoding.UTF8, "application/json")), 400, "invalid_json"));
        await Harness.AssertErrorAsync(await h.Client.GetAsync(Goals + "?useDeleted=maybe"), 400, "invalid_parameter");
        await Harness.AssertErrorAsync(await h.Client.GetAsync($"management/v1/counter/{Harness.OtherCounter}/goals"), 403, "access_denied");

        // After the first chat upload is processed, the Chat goal follows the hand-made one.
        await UploadAsync(h, Harness.ValidCsv(1));
        h.Clock.Advance(TimeSpan.FromMinutes(3));
        string[] names = (await Harness.JsonAsync(await h.Client.GetAsync(Goals))).GetProperty("goals").EnumerateArray().Select(g => g.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(new[] { "Thank-you page", "Chat" }, names);
        h.Server.Reset();
        Assert.Empty(h.Server.State.GoalsOf(Harness.Counter));
    }

    [Fact]
    public async Task The_upload_by_id_path_is_served_in_the_spelling_chosen_and_404_in_the_other()
    {
        await using Harness h = await Harness.StartAsync(o => o.UploadByIdPath = SandboxUploadByIdPath.Plural);
        long id = (await UploadAsync(h, Harness.ValidCsv(1))).GetProperty("id").GetInt64();
        await Harness.AssertErrorAsync(await h.Client.GetAsync(UploadById(id)), 404, "not_found");
        Assert.Equal(id, (await Harness.JsonAsync(await h.Client.GetAsync(UploadById(id, plural: true)))).GetProperty("uploading").GetProperty("id").GetInt64());

        h.Server.UploadByIdPath = SandboxUploadByIdPath.None;
        await Harness.AssertErrorAsync(await h.Client.GetAsync(UploadById(id, plural: true)), 404, "not_found");

        HttpResponseMessage set = await h.Client.PostAsync("_sandbox/settings", new StringContent("{\"upload_by_id_path\":\"both\"}", Encoding.UTF8, "application/json"));
        Assert.Equal("Both", (await Harness.JsonAsync(set)).GetProperty("upload_by_id_path").GetString());
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(UploadById(id))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(UploadById(id, plural: true))).StatusCode);
        await Harness.AssertErrorAsync(await h.Client.PostAsync("_sandbox/settings", new StringContent("{\"upload_by_id_path\":\"sideways\"}", Encoding.UTF8, "application/json")), 400, "invalid_parameter");

        h.Server.Reset();
        Assert.Equal(SandboxUploadByIdPath.Plural, h.Server.UploadByIdPath);
    }
}
