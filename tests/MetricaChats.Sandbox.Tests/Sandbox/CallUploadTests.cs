using System.Net;
using System.Text.Json;
using Xunit;

namespace MetricaChats.Sandbox.Tests.Sandbox;

/// <summary>
/// Call uploads (<c>upload_calls</c>) over real HTTP: a valid file is stored and answered with
/// the call upload object; the comment, <c>new_goal_name</c> and <c>type</c> rules.
/// </summary>
public class CallUploadTests
{
    private static readonly long Past = CallFiles.Past;

    [Fact]
    public async Task A_valid_call_file_is_stored_and_answered_with_its_quantities_and_call_counts()
    {
        await using Harness h = await Harness.StartAsync();

        HttpResponseMessage r = await h.UploadCallsAsync(CallFiles.Valid(rows: 5, staticEvery: 2), comment: "calls run1");

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        JsonElement u = (await Harness.JsonAsync(r)).GetProperty("uploading");
        Assert.True(u.GetProperty("id").GetInt64() >= 100_001);
        Assert.Equal(Harness.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), u.GetProperty("create_time").GetString());
        Assert.Equal(5, u.GetProperty("source_quantity").GetInt32());
        Assert.Equal(5, u.GetProperty("line_quantity").GetInt32());
        Assert.Equal("calls run1", u.GetProperty("comment").GetString());
        Assert.Equal("CALLS", u.GetProperty("type").GetString());
        Assert.Equal("UPLOADED", u.GetProperty("status").GetString());
        Assert.Equal(2, u.GetProperty("static_calls_quantity").GetInt32());
        Assert.Equal(3, u.GetProperty("dynamic_calls_quantity").GetInt32());
        Assert.False(u.TryGetProperty("client_id_type", out _));

        SandboxUpload stored = Assert.Single(h.Server.State.Uploads);
        Assert.Equal(SandboxUploadType.Calls, stored.Type);
        Assert.Equal(new SandboxCallDetails(2, 3, null), stored.Calls);
        Assert.Equal(5, stored.Rows.Count);
        Assert.Equal("+70123450001", stored.Rows[1]["PhoneNumber"]);
        Assert.Equal("1", stored.Rows[1]["StaticCall"]);
        Assert.Empty(stored.RowErrors);
    }

    [Fact]
    public async Task Chat_uploads_carry_no_call_counts_so_state_tells_calls_from_chats()
    {
        await using Harness h = await Harness.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await h.UploadAsync(Harness.ValidCsv(1))).StatusCode);
        await h.UploadCallsOkAsync(CallFiles.Valid(1));

        JsonElement chat = (await Harness.JsonAsync(await h.Client.GetAsync(CallFiles.Offline() + "/uploadings?type=CHATS"))).GetProperty("uploadings")[0];
        Assert.False(chat.TryGetProperty("static_calls_quantity", out _));
        Assert.Equal(new[] { SandboxUploadType.Chats, SandboxUploadType.Calls }, h.Server.State.Uploads.Select(u => u.Type));
        Assert.Null(h.Server.State.Uploads[0].Calls);
        Assert.NotNull(h.Server.State.Uploads[1].Calls);
    }

    [Fact]
    public async Task Every_documented_call_column_is_accepted_in_a_valid_row()
    {
        await using Harness h = await Harness.StartAsync();
        string csv = Harness.Csv(
            "UserId,ClientId,Yclid,DateTime,StaticCall,Price,Currency,PhoneNumber,TalkDuration,HoldDuration,CallMissed,Tag,FirstTimeCaller,URL,CallTrackerURL",
            $"u-1,1605608581226592337,4567,{Past},0,1500.50,RUB,+70123456789,95,12,0,vip,1,https://shop.example/p?a=1,https://tracker.example/c/1");

        JsonElement u = await h.UploadCallsOkAsync(csv);

        Assert.Equal(1, u.GetProperty("line_quantity").GetInt32());
        Assert.Equal(1, u.GetProperty("dynamic_calls_quantity").GetInt32());
        Assert.Empty(h.Server.State.Uploads[0].RowErrors);
        Assert.Empty(h.Server.State.Uploads[0].Notes);
    }

    [Theory]
    [InlineData("UserId", "site-user-7")]
    [InlineData("ClientId", "1605608581226592337")]
    [InlineData("Yclid", "9871234")]
    public async Task Any_one_visitor_id_is_enough(string column, string value)
    {
        await using Harness h = await Harness.StartAsync();
        JsonElement u = await h.UploadCallsOkAsync(Harness.Csv($"DateTime,{column}", $"{Past},{value}"));
        Assert.Equal(1, u.GetProperty("line_quantity").GetInt32());
    }

    [Fact]
    public async Task Column_names_match_case_insensitively_and_rows_keep_the_spelling_sent()
    {
        await using Harness h = await Harness.StartAsync();
        JsonElement u = await h.UploadCallsOkAsync(Harness.Csv("datetime,CLIENTID,staticcall,talkDuration", $"{Past},123,1,40"));

        Assert.Equal(1, u.GetProperty("static_calls_quantity").GetInt32());
        SandboxUpload upload = h.Server.State.Uploads.Single();
        Assert.Equal("staticcall", upload.Header[2]);
        Assert.Equal("40", upload.Rows[0]["TalkDuration"]);
    }

    [Fact]
    public async Task A_call_without_StaticCall_or_with_it_empty_is_dynamic()
    {
        await using Harness h = await Harness.StartAsync();
        JsonElement none = await h.UploadCallsOkAsync(Harness.Csv("DateTime,ClientId", $"{Past},1", $"{Past},2"));
        JsonElement mixed = await h.UploadCallsOkAsync(Harness.Csv("DateTime,ClientId,StaticCall", $"{Past},1,", $"{Past},2,1", $"{Past},3,0"));

        Assert.Equal(0, none.GetProperty("static_calls_quantity").GetInt32());
        Assert.Equal(2, none.GetProperty("dynamic_calls_quantity").GetInt32());
        Assert.Equal(1, mixed.GetProperty("static_calls_quantity").GetInt32());
        Assert.Equal(2, mixed.GetProperty("dynamic_calls_quantity").GetInt32());
    }

    [Fact]
    public async Task Rejected_rows_count_in_neither_call_count()
    {
        await using Harness h = await Harness.StartAsync();
        JsonElement u = await h.UploadCallsOkAsync(Harness.Csv("DateTime,ClientId,StaticCall", $"{Past},1,1", $"{Past},,1", $"{Past},3,0", $"{Past},4,7"));

        Assert.Equal(4, u.GetProperty("source_quantity").GetInt32());
        Assert.Equal(2, u.GetProperty("line_quantity").GetInt32());
        Assert.Equal(1, u.GetProperty("static_calls_quantity").GetInt32());
        Assert.Equal(1, u.GetProperty("dynamic_calls_quantity").GetInt32());
    }

    [Fact]
    public async Task An_unsupported_currency_is_accepted_and_dropped_silently_with_a_note()
    {
        await using Harness h = await Harness.StartAsync();
        JsonElement u = await h.UploadCallsOkAsync(Harness.Csv("DateTime,ClientId,Price,Currency", $"{Past},1,100.5,XYZ", $"{Past},2,99,RUB"));

        Assert.Equal(2, u.GetProperty("line_quantity").GetInt32());
        string note = Assert.Single(h.Server.State.Uploads[0].Notes);
        Assert.Contains("row 1 (line 2): currency XYZ is not supported; amount and currency dropped", note);
    }

    [Fact]
    public async Task The_comment_and_its_batch_marker_come_back_verbatim_and_find_the_upload_in_the_list()
    {
        await using Harness h = await Harness.StartAsync();
        const string comment = "nightly calls mc3k9x2q8w1zab7b17";
        long id = (await h.UploadCallsOkAsync(CallFiles.Valid(1), comment)).GetProperty("id").GetInt64();
        await h.UploadCallsOkAsync(CallFiles.Valid(1), "nightly calls mc3k9x2q8w1zab7b18");

        JsonElement found = Assert.Single(await h.ListAsync(CallFiles.ListPath()), u => u.GetProperty("comment").GetString()!.Split(' ')[^1] == "mc3k9x2q8w1zab7b17");
        Assert.Equal(id, found.GetProperty("id").GetInt64());
        Assert.Equal(comment, h.Server.State.FindUpload(id)!.Comment);
    }

    [Fact]
    public async Task A_comment_of_255_characters_passes_and_256_is_refused_before_the_file_is_read()
    {
        await using Harness h = await Harness.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await h.UploadCallsAsync(CallFiles.Valid(1), comment: new string('к', 255))).StatusCode);

        string message = await Harness.AssertErrorAsync(await h.UploadCallsAsync(CallFiles.Valid(1), comment: new string('a', 256)), 400, "invalid_parameter");

        Assert.Contains("256 characters long; at most 255", message);
        Assert.Single(h.Server.State.Uploads);
    }

    [Fact]
    public async Task A_new_goal_name_creates_the_goal_once_and_later_uploads_naming_it_leave_it_be()
    {
        await using Harness h = await Harness.StartAsync();
        long first = (await h.UploadCallsOkAsync(CallFiles.Valid(1), goal: "Звонок с сайта")).GetProperty("id").GetInt64();
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        await h.UploadCallsOkAsync(CallFiles.Valid(1), goal: "Звонок с сайта");
        long other = (await h.UploadCallsOkAsync(CallFiles.Valid(1), goal: "Missed call")).GetProperty("id").GetInt64();
        await h.UploadCallsOkAsync(CallFiles.Valid(1));

        IReadOnlyList<SandboxCallGoal> goals = h.Server.State.CallGoalsOf(Harness.Counter);
        Assert.Equal(new[] { "Звонок с сайта", "Missed call" }, goals.Select(g => g.Name));
        Assert.Equal(new[] { first, other }, goals.Select(g => g.UploadId));
        Assert.Equal(Harness.Start, goals[0].CreatedAt);
        Assert.Equal("Звонок с сайта", h.Server.State.FindUpload(first)!.Calls!.NewGoalName);
        Assert.Null(h.Server.State.Uploads[^1].Calls!.NewGoalName);
        Assert.Empty(h.Server.State.CallGoalsOf(Harness.OtherCounter));
    }

    [Fact]
    public async Task An_empty_new_goal_name_creates_no_goal_and_a_refused_upload_creates_none()
    {
        await using Harness h = await Harness.StartAsync();
        await h.UploadCallsOkAsync(CallFiles.Valid(1), goal: "");
        await Harness.AssertErrorAsync(await h.UploadCallsAsync(Harness.Csv("DateTime,ClientId", $"{Past},abc"), goal: "Never"), 400, "invalid_uploading");

        Assert.Null(h.Server.State.Uploads.Single().Calls!.NewGoalName);
        Assert.Empty(h.Server.State.CallGoalsOf(Harness.Counter));
    }

    [Theory]
    [InlineData("CHATS")]
    [InlineData("BASIC")]
    [InlineData("calls")]
    public async Task A_type_other_than_CALLS_is_refused_and_nothing_is_stored(string type)
    {
        await using Harness h = await Harness.StartAsync();
        HttpResponseMessage r = await h.Client.PostAsync(CallFiles.UploadPath(type: type), Harness.FilePart(CallFiles.Valid(1)));

        string message = await Harness.AssertErrorAsync(r, 400, "invalid_parameter");

        Assert.Contains($"not '{type}'", message);
        Assert.Empty(h.Server.State.Uploads);
    }

    [Fact]
    public async Task Type_CALLS_is_allowed_and_a_client_id_type_sent_is_echoed()
    {
        await using Harness h = await Harness.StartAsync();
        HttpResponseMessage r = await h.Client.PostAsync(CallFiles.UploadPath(type: "CALLS") + "&client_id_type=CLIENT_ID", Harness.FilePart(CallFiles.Valid(1)));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("CLIENT_ID", (await Harness.JsonAsync(r)).GetProperty("uploading").GetProperty("client_id_type").GetString());
    }

    [Fact]
    public async Task Call_uploads_need_the_token_and_access_to_the_counter()
    {
        await using Harness h = await Harness.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = h.Server.BaseAddress };

        await Harness.AssertErrorAsync(await anonymous.PostAsync(CallFiles.UploadPath(), Harness.FilePart(CallFiles.Valid(1))), 401, "unauthorized");
        await Harness.AssertErrorAsync(await h.UploadCallsAsync(CallFiles.Valid(1), counter: Harness.OtherCounter), 403, "access_denied");
        await Harness.AssertErrorAsync(await h.Client.GetAsync(CallFiles.ListPath(Harness.OtherCounter)), 403, "access_denied");
        Assert.Empty(h.Server.State.Uploads);
    }
}
