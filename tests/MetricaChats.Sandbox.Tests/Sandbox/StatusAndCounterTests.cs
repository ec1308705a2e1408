using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Xunit;

namespace MetricaChats.Sandbox.Tests.Sandbox;

public class StatusAndCounterTests
{
    private static async Task<string> StatusAsync(Harness h, long id)
    {
        JsonElement body = await Harness.JsonAsync(await h.Client.GetAsync($"management/v1/counter/{Harness.Counter}/offline_conversions/uploading/{id}"));
        return body.GetProperty("uploading").GetProperty("status").GetString()!;
    }

    private static async Task<long> UploadIdAsync(Harness h, string csv)
    {
        HttpResponseMessage r = await h.UploadAsync(csv);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return (await Harness.JsonAsync(r)).GetProperty("uploading").GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Status_moves_through_the_stages_to_PROCESSED_with_the_clock()
    {
        await using Harness h = await Harness.StartAsync(o => o.ProcessingTime = TimeSpan.FromMinutes(3));
        long id = await UploadIdAsync(h, Harness.ValidCsv(2, withClientId: true));
        Assert.Equal("UPLOADED", await StatusAsync(h, id));
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("EXPORTED", await StatusAsync(h, id));
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("MATCHED", await StatusAsync(h, id));
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("PROCESSED", await StatusAsync(h, id));
        h.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal("PROCESSED", await StatusAsync(h, id));
    }

    [Fact]
    public async Task No_Metrica_id_in_any_accepted_row_ends_in_LINKAGE_FAILURE()
    {
        await using Harness h = await Harness.StartAsync(o => o.ProcessingTime = TimeSpan.FromSeconds(10));
        long id = await UploadIdAsync(h, Harness.ValidCsv(2, withClientId: false));
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("LINKAGE_FAILURE", await StatusAsync(h, id));

        // An id only in a rejected row does not count.
        string csv = Harness.Csv("DateTime,ChatPlatform,ChatUsername,UserId", $"{Harness.PastUnix},Telegram,bob,u1", $"{Harness.PastUnix},telegram,bob,");
        long second = await UploadIdAsync(h, csv);
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("LINKAGE_FAILURE", await StatusAsync(h, second));
    }

    [Fact]
    public async Task Zero_processing_time_is_final_at_once_and_the_time_can_change_while_running()
    {
        await using Harness h = await Harness.StartAsync(o => o.ProcessingTime = TimeSpan.Zero);
        JsonElement first = (await Harness.JsonAsync(await h.UploadAsync(Harness.ValidCsv(1)))).GetProperty("uploading");
        Assert.Equal("PROCESSED", first.GetProperty("status").GetString());

        h.Server.ProcessingTime = TimeSpan.FromHours(2);
        long id = await UploadIdAsync(h, Harness.ValidCsv(1));
        h.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("EXPORTED", await StatusAsync(h, id));
    }

    [Fact]
    public async Task Counters_list_shows_only_the_tokens_counters_with_paging()
    {
        await using Harness h = await Harness.StartAsync(o => o.AddToken(Harness.Token, Harness.Counter, 222, 333));
        JsonElement all = await Harness.JsonAsync(await h.Client.GetAsync("management/v1/counters"));
        Assert.Equal(3, all.GetProperty("rows").GetInt32());
        Assert.Equal(new[] { 222, 333, Harness.Counter }, all.GetProperty("counters").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).ToArray());

        JsonElement page = await Harness.JsonAsync(await h.Client.GetAsync("management/v1/counters?per_page=1&offset=2"));
        Assert.Equal(333, Assert.Single(page.GetProperty("counters").EnumerateArray()).GetProperty("id").GetInt32());
        await Harness.AssertErrorAsync(await h.Client.GetAsync("management/v1/counters?per_page=abc"), 400, "invalid_parameter");
    }

    [Fact]
    public async Task Calls_extended_threshold_post_and_delete_show_in_offline_options()
    {
        await using Harness h = await Harness.StartAsync();
        string path = $"management/v1/counter/{Harness.Counter}/offline_conversions/calls_extended_threshold";

        Assert.False(await CallsOptionAsync(h));
        HttpResponseMessage on = await h.Client.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        Assert.True((await Harness.JsonAsync(on)).GetProperty("success").GetBoolean());
        Assert.True(await CallsOptionAsync(h));
        Assert.True(h.Server.State.GetCounter(Harness.Counter)!.CallsExtendedThreshold);

        HttpResponseMessage off = await h.Client.DeleteAsync(path);
        Assert.True((await Harness.JsonAsync(off)).GetProperty("success").GetBoolean());
        Assert.False(await CallsOptionAsync(h));

        await Harness.AssertErrorAsync(await h.Client.PostAsync($"management/v1/counter/{Harness.OtherCounter}/offline_conversions/calls_extended_threshold", null), 403, "access_denied");
        Assert.False(h.Server.State.GetCounter(Harness.OtherCounter)!.CallsExtendedThreshold);
    }

    [Fact]
    public async Task Conversion_extended_threshold_is_separate_from_calls()
    {
        await using Harness h = await Harness.StartAsync();
        await h.Client.PostAsync($"management/v1/counter/{Harness.Counter}/offline_conversions/extended_threshold", null);
        JsonElement options = await OfflineOptionsAsync(h);
        Assert.True(options.GetProperty("offline_conversion_extended_threshold").GetBoolean());
        Assert.False(options.GetProperty("offline_calls_extended_threshold").GetBoolean());
    }

    [Fact]
    public async Task Calls_visit_join_threshold_follows_the_extended_window()
    {
        await using Harness h = await Harness.StartAsync();
        string path = $"management/v1/counter/{Harness.Counter}/offline_conversions/calls_visit_join_threshold";

        Assert.Equal("2026-05-31T20:00:00Z", await DateAsync(h, path));   // 16 hours back

        await h.Client.PostAsync($"management/v1/counter/{Harness.Counter}/offline_conversions/calls_extended_threshold", null);
        h.Clock.Advance(TimeSpan.FromDays(5));
        Assert.Equal("2026-06-01T12:00:00Z", await DateAsync(h, path));   // since the switch
        h.Clock.Advance(TimeSpan.FromDays(25));
        Assert.Equal("2026-06-10T12:00:00Z", await DateAsync(h, path));   // at most 21 days back

        await h.Client.DeleteAsync($"management/v1/counter/{Harness.Counter}/offline_conversions/calls_extended_threshold");
        Assert.Equal("2026-06-30T20:00:00Z", await DateAsync(h, path));
    }

    private static async Task<string> DateAsync(Harness h, string path) =>
        (await Harness.JsonAsync(await h.Client.GetAsync(path))).GetProperty("date").GetString()!;

    private static async Task<JsonElement> OfflineOptionsAsync(Harness h) =>
        (await Harness.JsonAsync(await h.Client.GetAsync($"management/v1/counter/{Harness.Counter}"))).GetProperty("counter").GetProperty("offline_options");

    private static async Task<bool> CallsOptionAsync(Harness h) =>
        (await OfflineOptionsAsync(h)).GetProperty("offline_calls_extended_threshold").GetBoolean();
}
