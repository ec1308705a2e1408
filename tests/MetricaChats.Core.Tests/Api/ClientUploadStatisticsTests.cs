using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;
using MetricaChats.Core.Tests.Leak;
using MetricaChats.Proof;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Core.Tests.Api;

/// <summary>
/// The upload statistics (linked, user not found, goal not found) as Metrica reports them once an
/// upload is processed, and reading one upload when the by-id path answers 404 (the reference
/// spells it two ways), against the sandbox over HTTP.
/// </summary>
public sealed class ClientUploadStatisticsTests
{
    private static bool IsById(SandboxRequestRecord r) => r.PathAndQuery.Contains("/offline_conversions/uploading/", StringComparison.Ordinal);

    private static bool IsList(SandboxRequestRecord r) => r.PathAndQuery.Contains("/offline_conversions/uploadings?", StringComparison.Ordinal);

    [Fact]
    public async Task Statistics_are_null_until_processed_then_count_the_rows_linked_to_known_visitors()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var sandbox = await SandboxHarness.StartAsync(o =>
        {
            o.Clock = clock;
            o.ProcessingTime = TimeSpan.FromMinutes(10);
            o.AddVisitor(SandboxHarness.Counter, "ClientId", "1000000001");
            o.AddVisitor(SandboxHarness.Counter, "ClientId", "1000000003");
        });
        using var client = sandbox.CreateClient();
        var sent = await client.UploadChatsAsync(SandboxHarness.Counter, new MemoryStream(SandboxHarness.Csv(4)));
        Assert.Null(sent.LinkedQuantity);
        Assert.Null(sent.UserNotFoundQuantity);
        Assert.Null(sent.GoalNotFoundQuantity);
        Assert.Null((await client.GetUploadAsync(SandboxHarness.Counter, sent.Id)).LinkedQuantity);

        clock.Advance(TimeSpan.FromMinutes(10));
        var done = await client.GetUploadAsync(SandboxHarness.Counter, sent.Id);
        Assert.Equal(MetricaUploadStatus.Processed, done.Status);
        Assert.Equal(2, done.LinkedQuantity);
        Assert.Equal(2, done.UserNotFoundQuantity);
        Assert.Equal(0, done.GoalNotFoundQuantity);
        Assert.Contains("2 linked", done.ToString(), StringComparison.Ordinal);

        var listed = Assert.Single(await client.ListUploadsAsync(SandboxHarness.Counter));
        Assert.Equal(2, listed.LinkedQuantity);

        var total = UploadLinkage.Of(new[] { done, sent, null });
        Assert.NotNull(total);
        Assert.Equal(2, total!.Linked);
        Assert.Equal(4, total.Accepted);
        Assert.Equal(1, total.Reporting);
        Assert.Equal(2, total.Uploads);
        Assert.False(total.Complete);
        Assert.Null(UploadLinkage.Of(new[] { sent }));
    }

    [Fact]
    public async Task Counts_sent_as_text_are_read_and_missing_ones_stay_null()
    {
        const string body = "{\"uploading\":{\"id\":7,\"status\":\"PROCESSED\",\"source_quantity\":\"5\",\"line_quantity\":5,\"linked_quantity\":\"3\",\"user_not_found_quantity\":2}}";
        using var responder = new LoopbackResponder(_ => LoopbackResponder.Response(200, "OK", body, "application/json"));
        using var token = MetricaToken.FromString(Auth.TestTokens.A);
        using var client = new MetricaClient(token, new MetricaClientOptions { Endpoint = responder.BaseAddress, UseSystemProxy = false, MaxRetries = 0 });

        var upload = await client.GetUploadAsync(42, 7);

        Assert.Equal(3, upload.LinkedQuantity);
        Assert.Equal(2, upload.UserNotFoundQuantity);
        Assert.Null(upload.GoalNotFoundQuantity);
    }

    [Fact]
    public async Task A_404_on_the_by_id_path_finds_the_upload_in_the_list_and_later_reads_go_there_at_once()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o =>
        {
            o.UploadByIdPath = SandboxUploadByIdPath.Plural;
            o.ProcessingTime = TimeSpan.FromMilliseconds(200);
        });
        using var client = sandbox.CreateClient();
        var first = await client.UploadChatsAsync(SandboxHarness.Counter, new MemoryStream(SandboxHarness.Csv(2)));
        var second = await client.UploadChatsAsync(SandboxHarness.Counter, new MemoryStream(SandboxHarness.Csv(3, "v")));
        var before = sandbox.Server.State.Requests.Count;

        var read = await client.GetUploadAsync(SandboxHarness.Counter, first.Id);
        Assert.Equal(first.Id, read.Id);
        Assert.Equal(2, read.SourceQuantity);
        var asked = sandbox.Server.State.Requests.Skip(before).ToList();
        Assert.Equal(new[] { 404, 200 }, asked.Select(r => r.StatusCode));
        Assert.True(IsById(asked[0]) && IsList(asked[1]), string.Join(", ", asked.Select(r => r.PathAndQuery)));
        Assert.Contains("type=CHATS", asked[1].PathAndQuery, StringComparison.Ordinal);

        before = sandbox.Server.State.Requests.Count;
        var final = await client.WaitForUploadAsync(SandboxHarness.Counter, second.Id, TimeSpan.FromMilliseconds(50));
        Assert.True(final.IsFinal);
        Assert.Equal(3, final.LinkedQuantity);
        Assert.DoesNotContain(sandbox.Server.State.Requests.Skip(before), IsById);

        var missing = await Assert.ThrowsAsync<MetricaApiException>(() => client.GetUploadAsync(SandboxHarness.Counter, 99));
        Assert.Equal(MetricaErrorKind.NotFound, missing.Kind);
        Assert.Equal(404, missing.StatusCode);
        Assert.Contains("Upload 99 is not among", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_in_neither_place_is_the_by_id_404_and_the_by_id_path_is_kept()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var client = sandbox.CreateClient();
        var sent = await client.UploadChatsAsync(SandboxHarness.Counter, new MemoryStream(SandboxHarness.Csv(1)));

        var missing = await Assert.ThrowsAsync<MetricaApiException>(() => client.GetUploadAsync(SandboxHarness.Counter, sent.Id + 1000));
        Assert.Equal(MetricaErrorKind.NotFound, missing.Kind);
        Assert.Contains("/offline_conversions/uploading/", missing.Request, StringComparison.Ordinal);
        Assert.Contains(sandbox.Server.State.Requests, IsList);

        // The path is right on this endpoint, so the next read still asks it first, and only it.
        var before = sandbox.Server.State.Requests.Count;
        Assert.Equal(sent.Id, (await client.GetUploadAsync(SandboxHarness.Counter, sent.Id)).Id);
        var asked = Assert.Single(sandbox.Server.State.Requests.Skip(before));
        Assert.True(IsById(asked));
    }

    [Fact]
    public async Task A_counter_the_token_cannot_see_stays_an_access_error_and_an_unknown_one_the_by_id_404()
    {
        await using (var none = await SandboxHarness.StartAsync(o => o.UploadByIdPath = SandboxUploadByIdPath.None))
        {
            using var client = none.CreateClient();
            var foreign = await Assert.ThrowsAsync<MetricaApiException>(() => client.GetUploadAsync(SandboxHarness.ForeignCounter, 1));
            Assert.Equal(MetricaErrorKind.AccessDenied, foreign.Kind);
        }

        await using var sandbox = await SandboxHarness.StartAsync();
        using var reader = sandbox.CreateClient();
        var unknown = await Assert.ThrowsAsync<MetricaApiException>(() => reader.GetUploadAsync(4444, 1));
        Assert.Equal(MetricaErrorKind.NotFound, unknown.Kind);
        Assert.Contains("/offline_conversions/uploading/", unknown.Request, StringComparison.Ordinal);
        Assert.Contains(sandbox.Server.State.Requests, IsList);
    }
}
