using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MetricaChats.Sandbox.Tests.Sandbox;

/// <summary>
/// Late stores: an upload read and answered (or whose client gave up) is stored only some
/// seconds later, as a request still alive on the server would land after the client moved on.
/// The sandbox clock decides when it is stored, so these tests step a manual clock.
/// </summary>
public class LateStoreTests
{
    private static string ListPath => $"management/v1/counter/{Harness.Counter}/offline_conversions/uploadings";

    [Fact]
    public async Task A_late_upload_is_answered_with_its_id_but_appears_only_after_the_delay()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.LateStoreDelay = TimeSpan.FromSeconds(2);
        h.Server.Faults.ForceLateStore();

        HttpResponseMessage r = await h.UploadAsync(Harness.ValidCsv(3), comment: "late1");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        long id = (await Harness.JsonAsync(r)).GetProperty("uploading").GetProperty("id").GetInt64();

        // Not stored yet: not by id, not in the list, not in the state; pending instead.
        await Harness.AssertErrorAsync(await h.Client.GetAsync($"management/v1/counter/{Harness.Counter}/offline_conversions/uploading/{id}"), 404, "not_found");
        Assert.Empty((await Harness.JsonAsync(await h.Client.GetAsync(ListPath))).GetProperty("uploadings").EnumerateArray());
        Assert.Empty(h.Server.State.Uploads);
        Assert.Equal(id, Assert.Single(h.Server.State.PendingUploads).Id);
        SandboxRequestRecord record = Assert.Single(h.Server.State.Requests, q => q.Method == "POST");
        Assert.True(record.LateStore);
        Assert.Equal(id, record.UploadId);
        Assert.Equal(200, record.StatusCode);

        h.Clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Empty(h.Server.State.Uploads);

        h.Clock.Advance(TimeSpan.FromSeconds(0.1));
        SandboxUpload upload = Assert.Single(h.Server.State.Uploads);
        Assert.Equal(id, upload.Id);
        Assert.True(upload.StoredLate);
        Assert.Equal(3, upload.Rows.Count);
        Assert.Empty(h.Server.State.PendingUploads);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync($"management/v1/counter/{Harness.Counter}/offline_conversions/uploading/{id}")).StatusCode);
        JsonElement listed = Assert.Single((await Harness.JsonAsync(await h.Client.GetAsync(ListPath))).GetProperty("uploadings").EnumerateArray());
        Assert.StartsWith("late1", listed.GetProperty("comment").GetString());
        Assert.Equal(0, h.Server.Faults.PendingLateStores);
    }

    [Fact]
    public async Task A_held_answer_comes_only_when_the_upload_is_stored()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.LateStoreDelay = TimeSpan.FromSeconds(10);
        h.Server.Faults.LateStoreHoldsAnswer = true;
        h.Server.Faults.ForceLateStore();

        Task<HttpResponseMessage> answer = h.UploadAsync(Harness.ValidCsv(1));
        await Eventually(() => h.Server.State.PendingUploads.Count == 1);
        await Task.Delay(300);
        Assert.False(answer.IsCompleted, "the answer came before the upload was stored");

        h.Clock.Advance(TimeSpan.FromSeconds(10));
        HttpResponseMessage r = await answer.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Single(h.Server.State.Uploads);
    }

    [Fact]
    public async Task A_client_that_gives_up_while_the_answer_is_held_still_gets_its_upload_stored()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.LateStoreDelay = TimeSpan.FromHours(1);
        h.Server.Faults.LateStoreHoldsAnswer = true;
        h.Server.Faults.ForceLateStore();
        using var impatient = new HttpClient { BaseAddress = h.Server.BaseAddress, Timeout = TimeSpan.FromMilliseconds(500) };
        impatient.DefaultRequestHeaders.Authorization = h.Client.DefaultRequestHeaders.Authorization;

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.PostAsync(Harness.UploadPath(), Harness.FilePart(Harness.ValidCsv(2))));

        await Eventually(() => h.Server.State.Requests.Count == 1);
        SandboxRequestRecord record = h.Server.State.Requests.Single();
        Assert.Equal(0, record.StatusCode);
        Assert.True(record.LateStore);
        Assert.Empty(h.Server.State.Uploads);

        h.Clock.Advance(TimeSpan.FromHours(1));
        SandboxUpload upload = Assert.Single(h.Server.State.Uploads);
        Assert.Equal(record.UploadId, upload.Id);
        Assert.Equal(2, upload.LineQuantity);
    }

    [Fact]
    public async Task A_late_store_and_an_applied_then_error_fault_combine()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.ForceNext(SandboxFaultKind.AppliedThenError);
        h.Server.Faults.ForceLateStore();

        await Harness.AssertErrorAsync(await h.UploadAsync(Harness.ValidCsv(1)), 504, "timeout");
        Assert.Empty(h.Server.State.Uploads);

        h.Clock.Advance(h.Server.Faults.LateStoreDelay);
        SandboxUpload upload = Assert.Single(h.Server.State.Uploads);
        Assert.Equal(SandboxFaultKind.AppliedThenError, upload.FaultAfterStore);
    }

    [Fact]
    public async Task A_share_of_uploads_is_stored_late_without_changing_which_requests_get_faults()
    {
        async Task<(List<int> Statuses, int Late)> RunAsync(double lateRate)
        {
            await using Harness h = await Harness.StartAsync(o =>
            {
                o.Seed = 5;
                o.Faults.FailureRate = 0.3;
                o.Faults.EnableOnly(SandboxFaultKind.InternalServerError);
                o.Faults.LateStoreRate = lateRate;
            });
            var statuses = new List<int>();
            for (int i = 0; i < 25; i++)
            {
                statuses.Add((int)(await h.UploadAsync(Harness.ValidCsv(1))).StatusCode);
            }

            return (statuses, h.Server.State.Requests.Count(q => q.LateStore));
        }

        (List<int> without, int noneLate) = await RunAsync(0);
        (List<int> with, int late) = await RunAsync(0.5);

        Assert.Equal(without, with);
        Assert.Contains(500, with);
        Assert.Equal(0, noneLate);
        Assert.InRange(late, 3, with.Count(s => s == 200) - 3);
    }

    [Fact]
    public async Task Late_stores_are_steered_and_shown_through_the_admin_endpoints()
    {
        await using Harness h = await Harness.StartAsync();
        string settings = "{\"late_store_rate\":0.25,\"late_store_delay_ms\":5000,\"late_store_holds_answer\":false,\"force_late_store\":1}";

        JsonElement faults = await Harness.JsonAsync(await h.Client.PostAsync("_sandbox/faults", new StringContent(settings, Encoding.UTF8, "application/json")));
        Assert.Equal(0.25, faults.GetProperty("late_store_rate").GetDouble());
        Assert.Equal(5000, faults.GetProperty("late_store_delay_ms").GetDouble());
        Assert.Equal(1, faults.GetProperty("pending_late_stores").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await h.UploadAsync(Harness.ValidCsv(2))).StatusCode);
        JsonElement summary = await Harness.JsonAsync(await h.Client.GetAsync("_sandbox"));
        Assert.Equal(0, summary.GetProperty("uploads").GetInt32());
        Assert.Equal(1, summary.GetProperty("pending_uploads").GetInt32());
        Assert.Empty((await Harness.JsonAsync(await h.Client.GetAsync("_sandbox/uploads"))).EnumerateArray());
        JsonElement pending = Assert.Single((await Harness.JsonAsync(await h.Client.GetAsync("_sandbox/uploads?pending=true"))).EnumerateArray());
        Assert.False(pending.GetProperty("stored").GetBoolean());
        Assert.True(pending.GetProperty("stored_late").GetBoolean());

        h.Clock.Advance(TimeSpan.FromSeconds(5));
        JsonElement stored = Assert.Single((await Harness.JsonAsync(await h.Client.GetAsync("_sandbox/uploads"))).EnumerateArray());
        Assert.True(stored.GetProperty("stored").GetBoolean());
        Assert.Equal(2, stored.GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public async Task Reset_forgets_uploads_still_waiting_to_be_stored()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.ForceLateStore(2);
        Assert.Equal(HttpStatusCode.OK, (await h.UploadAsync(Harness.ValidCsv(1))).StatusCode);

        h.Server.Reset();
        h.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(h.Server.State.Uploads);
        Assert.Empty(h.Server.State.PendingUploads);
        Assert.Equal(0, h.Server.Faults.PendingLateStores);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (int i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the condition did not hold within 15 s");
    }
}
