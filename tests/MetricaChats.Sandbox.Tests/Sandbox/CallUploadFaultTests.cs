using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MetricaChats.Sandbox.Tests.Sandbox;

/// <summary>
/// What holds for chat uploads holds for call uploads: injected faults (the "applied then"
/// ones included), late stores, quotas, timed outages, and the bounds on what an upload can
/// make the sandbox buffer.
/// </summary>
public class CallUploadFaultTests
{
    private static readonly long Past = CallFiles.Past;

    [Theory]
    [InlineData(SandboxFaultKind.InternalServerError, 500, "backend_error")]
    [InlineData(SandboxFaultKind.ServiceUnavailable, 503, "backend_error")]
    [InlineData(SandboxFaultKind.GatewayTimeout, 504, "timeout")]
    public async Task A_forced_server_error_fails_a_call_upload_without_applying_it(SandboxFaultKind kind, int status, string errorType)
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.ForceNext(kind);

        await Harness.AssertErrorAsync(await h.UploadCallsAsync(CallFiles.Valid(2)), status, errorType);

        Assert.Empty(h.Server.State.Uploads);
        Assert.Equal(kind, h.Server.State.Requests.Single().Fault);
        await h.UploadCallsOkAsync(CallFiles.Valid(2));
        Assert.Single(h.Server.State.Uploads);
    }

    [Fact]
    public async Task A_dropped_connection_applies_nothing()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.ForceNext(SandboxFaultKind.DropConnection);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => h.UploadCallsAsync(CallFiles.Valid(1)));
        Assert.Empty(h.Server.State.Uploads);
        Assert.Equal(0, h.Server.State.Requests.Single().StatusCode);
    }

    [Fact]
    public async Task Applied_then_error_stores_the_call_upload_answers_504_and_the_list_finds_it_by_its_marker()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.ForceNext(SandboxFaultKind.AppliedThenError);

        await Harness.AssertErrorAsync(await h.UploadCallsAsync(CallFiles.Valid(3, staticEvery: 3), comment: "calls mcA1"), 504, "timeout");

        SandboxUpload stored = Assert.Single(h.Server.State.Uploads);
        Assert.Equal(SandboxUploadType.Calls, stored.Type);
        Assert.Equal(SandboxFaultKind.AppliedThenError, stored.FaultAfterStore);
        Assert.Equal(new SandboxCallDetails(1, 2, null), stored.Calls);
        SandboxRequestRecord record = h.Server.State.Requests.Single();
        Assert.Equal(stored.Id, record.UploadId);
        Assert.Equal(504, record.StatusCode);
        Assert.Equal(SandboxFaultKind.AppliedThenError, record.Fault);
        JsonElement listed = Assert.Single(await h.ListAsync(CallFiles.ListPath()));
        Assert.Equal("calls mcA1", listed.GetProperty("comment").GetString());
        Assert.Equal(3, listed.GetProperty("line_quantity").GetInt32());
    }

    [Fact]
    public async Task Applied_then_reset_stores_the_call_upload_and_drops_the_connection()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.ForceNext(SandboxFaultKind.AppliedThenReset);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => h.UploadCallsAsync(CallFiles.Valid(1), comment: "mcB"));

        SandboxUpload stored = Assert.Single(h.Server.State.Uploads);
        Assert.Equal(SandboxFaultKind.AppliedThenReset, stored.FaultAfterStore);
        Assert.Equal(0, h.Server.State.Requests.Single().StatusCode);
    }

    [Fact]
    public async Task Applied_then_faults_wait_for_a_call_upload_and_let_call_status_reads_pass()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.ForceNext(SandboxFaultKind.AppliedThenError);

        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CallFiles.ListPath())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await h.Client.GetAsync(CallFiles.ByIdPath(100_001))).StatusCode);
        Assert.Single(h.Server.Faults.Pending);

        await Harness.AssertErrorAsync(await h.UploadCallsAsync(CallFiles.Valid(1)), 504, "timeout");
        Assert.Empty(h.Server.Faults.Pending);
    }

    [Fact]
    public async Task Random_faults_limited_to_uploads_hit_call_uploads_and_spare_their_status_reads()
    {
        await using Harness h = await Harness.StartAsync(o =>
        {
            o.Faults.FailureRate = 1;
            o.Faults.UploadsOnly = true;
            o.Faults.EnableOnly(SandboxFaultKind.AppliedThenError);
        });

        await Harness.AssertErrorAsync(await h.UploadCallsAsync(CallFiles.Valid(1)), 504, "timeout");
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CallFiles.ListPath())).StatusCode);

        Assert.Single(h.Server.State.Uploads);
        Assert.Equal(new SandboxFaultKind?[] { SandboxFaultKind.AppliedThenError, null }, h.Server.State.Requests.Select(r => r.Fault));
    }

    [Fact]
    public async Task A_late_call_upload_is_answered_with_its_id_and_appears_on_every_read_only_after_the_delay()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.LateStoreDelay = TimeSpan.FromSeconds(2);
        h.Server.Faults.ForceLateStore();

        long id = (await h.UploadCallsOkAsync(CallFiles.Valid(2), comment: "late calls", goal: "Late goal")).GetProperty("id").GetInt64();

        await Harness.AssertErrorAsync(await h.Client.GetAsync(CallFiles.ByIdPath(id)), 404, "not_found");
        await Harness.AssertErrorAsync(await h.Client.GetAsync($"{CallFiles.Offline()}/uploading/{id}"), 404, "not_found");
        Assert.Empty(await h.ListAsync(CallFiles.ListPath()));
        Assert.Empty(await h.ListAsync(CallFiles.Offline() + "/uploadings?type=CALLS"));
        Assert.Empty(h.Server.State.Uploads);
        Assert.Empty(h.Server.State.CallGoalsOf(Harness.Counter));
        Assert.Equal(id, Assert.Single(h.Server.State.PendingUploads).Id);
        SandboxRequestRecord record = h.Server.State.Requests.First(q => q.Method == "POST");
        Assert.True(record.LateStore);
        Assert.Equal(id, record.UploadId);

        h.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.True(Assert.Single(h.Server.State.Uploads).StoredLate);
        Assert.Equal(id, (await Harness.JsonAsync(await h.Client.GetAsync(CallFiles.ByIdPath(id)))).GetProperty("uploading").GetProperty("id").GetInt64());
        Assert.Single(await h.ListAsync(CallFiles.ListPath()));
        Assert.Single(await h.ListAsync(CallFiles.Offline() + "/uploadings?type=CALLS"));
        SandboxCallGoal goal = Assert.Single(h.Server.State.CallGoalsOf(Harness.Counter));
        Assert.Equal(Harness.Start.AddSeconds(2), goal.CreatedAt);
    }

    [Fact]
    public async Task A_held_late_answer_comes_when_the_call_upload_is_stored_and_combines_with_applied_then_error()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.LateStoreDelay = TimeSpan.FromSeconds(10);
        h.Server.Faults.LateStoreHoldsAnswer = true;
        h.Server.Faults.ForceLateStore();
        h.Server.Faults.ForceNext(SandboxFaultKind.AppliedThenError);

        Task<HttpResponseMessage> answer = h.UploadCallsAsync(CallFiles.Valid(1));
        await QuotaTests.WaitUntilAsync(() => h.Server.State.PendingUploads.Count == 1);
        await Task.Delay(200);
        Assert.False(answer.IsCompleted, "the answer came before the upload was stored");

        h.Clock.Advance(TimeSpan.FromSeconds(10));
        await Harness.AssertErrorAsync(await answer.WaitAsync(TimeSpan.FromSeconds(30)), 504, "timeout");
        Assert.Equal(SandboxFaultKind.AppliedThenError, Assert.Single(h.Server.State.Uploads).FaultAfterStore);
    }

    [Fact]
    public async Task The_daily_quota_refuses_a_call_upload_and_stores_nothing()
    {
        await using Harness h = await Harness.StartAsync(o => o.Quotas.DailyPerToken = 1);
        await h.UploadCallsOkAsync(CallFiles.Valid(1));

        HttpResponseMessage refused = await h.UploadCallsAsync(CallFiles.Valid(1));

        await Harness.AssertErrorAsync(refused, 429, "quota_requests_by_uid");
        Assert.Single(h.Server.State.Uploads);
    }

    [Fact]
    public async Task The_per_counter_quota_counts_call_uploads_and_call_reads()
    {
        await using Harness h = await Harness.StartAsync(o => o.Quotas.DailyPerCounter = 2);
        await h.UploadCallsOkAsync(CallFiles.Valid(1));
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CallFiles.ListPath())).StatusCode);

        await Harness.AssertErrorAsync(await h.UploadCallsAsync(CallFiles.Valid(1)), 429, "quota_requests_by_counter_id");
        Assert.Single(h.Server.State.Uploads);
    }

    [Fact]
    public async Task A_timed_outage_refuses_call_uploads_and_call_reads_until_it_ends()
    {
        await using Harness h = await Harness.StartAsync();
        h.Server.Faults.StartOutage(SandboxOutageKind.ServiceUnavailable, TimeSpan.FromSeconds(30));

        await Harness.AssertErrorAsync(await h.UploadCallsAsync(CallFiles.Valid(1)), 503, "backend_error");
        await Harness.AssertErrorAsync(await h.Client.GetAsync(CallFiles.ListPath()), 503, "backend_error");
        Assert.Empty(h.Server.State.Uploads);
        Assert.All(h.Server.State.Requests, r => Assert.Equal(SandboxOutageKind.ServiceUnavailable, r.Outage));

        h.Clock.Advance(TimeSpan.FromSeconds(30));
        await h.UploadCallsOkAsync(CallFiles.Valid(1));
    }

    [Fact]
    public async Task A_NUL_in_a_call_file_is_refused_naming_line_and_column()
    {
        await using Harness h = await Harness.StartAsync();
        string message = await Harness.AssertErrorAsync(
            await h.UploadCallsAsync(Harness.Csv("DateTime,ClientId,Tag", $"{Past},1,ok", $"{Past},2,b\0d")), 400, "invalid_uploading");

        Assert.Contains("Ошибка в строке 3", message);
        Assert.Contains("Line 3, column 3 (Tag)", message);
        Assert.Contains("NUL", message);
        Assert.Empty(h.Server.State.Uploads);
        Assert.Equal(0, h.Server.State.StoredRows);
    }

    [Fact]
    public async Task A_field_over_the_bound_refuses_the_call_file_and_releases_the_rows_it_kept()
    {
        await using Harness h = await Harness.StartAsync(o => o.MaxFieldLength = 100);
        string csv = Harness.Csv("DateTime,ClientId,URL", $"{Past},1,https://a.example/", $"{Past},2,https://a.example/{new string('p', 500)}");

        string message = await Harness.AssertErrorAsync(await h.UploadCallsAsync(csv), 400, "invalid_uploading");

        Assert.Contains("Line 3, column 3 (URL)", message);
        Assert.Contains("longer than 100 characters", message);
        Assert.Empty(h.Server.State.Uploads);
        Assert.Equal(0, h.Server.State.StoredRows);
    }

    [Fact]
    public async Task A_record_with_far_too_many_fields_is_refused_naming_the_call_file_width()
    {
        await using Harness h = await Harness.StartAsync(o => o.MaxFieldsPerRecord = 20);
        string message = await Harness.AssertErrorAsync(await h.UploadCallsAsync(Harness.Csv("DateTime,ClientId", $"{Past},1" + new string(',', 40))), 400, "invalid_uploading");

        Assert.Contains("Line 2 has more than 20 fields; a call file has at most 15 columns", message);
    }

    [Fact]
    public async Task A_call_file_over_the_size_limit_is_refused_with_limit_exceeded()
    {
        await using Harness h = await Harness.StartAsync(o => o.MaxFileBytes = 200);
        string message = await Harness.AssertErrorAsync(await h.UploadCallsAsync(CallFiles.Valid(20)), 400, "limit_exceeded");
        Assert.Contains("200 bytes", message);
        Assert.Empty(h.Server.State.Uploads);
    }

    [Fact]
    public async Task Rows_beyond_the_kept_cap_are_still_checked_and_counted()
    {
        await using Harness h = await Harness.StartAsync(o => o.MaxStoredRowsPerUpload = 2);
        string csv = Harness.Csv("DateTime,ClientId,StaticCall", $"{Past},1,1", $"{Past},2,0", $"{Past},3,1", $"{Past},,0", $"{Past},5,0");

        JsonElement u = await h.UploadCallsOkAsync(csv);

        Assert.Equal(5, u.GetProperty("source_quantity").GetInt32());
        Assert.Equal(4, u.GetProperty("line_quantity").GetInt32());
        Assert.Equal(2, u.GetProperty("static_calls_quantity").GetInt32());
        Assert.Equal(2, u.GetProperty("dynamic_calls_quantity").GetInt32());
        SandboxUpload upload = h.Server.State.Uploads.Single();
        Assert.Equal(2, upload.Rows.Count);
        Assert.True(upload.RowsTruncated);
        Assert.Equal(4, Assert.Single(upload.RowErrors).RowNumber);
    }

    [Fact]
    public async Task Row_errors_beyond_the_kept_cap_are_counted_and_marked_truncated()
    {
        await using Harness h = await Harness.StartAsync(o => o.MaxStoredRowErrors = 2);
        var csv = new StringBuilder("DateTime,ClientId\n").Append(Past).Append(",1\n");
        for (int i = 0; i < 5; i++)
        {
            csv.Append(Past).Append(",x\n");
        }

        JsonElement u = await h.UploadCallsOkAsync(csv.ToString());

        Assert.Equal(1, u.GetProperty("line_quantity").GetInt32());
        SandboxUpload upload = h.Server.State.Uploads.Single();
        Assert.Equal(2, upload.RowErrors.Count);
        Assert.True(upload.RowErrorsTruncated);
    }
}
