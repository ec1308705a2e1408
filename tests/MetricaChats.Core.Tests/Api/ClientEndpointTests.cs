using MetricaChats.Core.Api;
using MetricaChats.Proof;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Core.Tests.Api;

public sealed class ClientEndpointTests : IAsyncLifetime
{
    private SandboxHarness _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxHarness.StartAsync(o => o.ProcessingTime = TimeSpan.FromMilliseconds(300));

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Upload_stream_arrives_as_one_chats_upload_with_a_marker_in_the_comment()
    {
        using var client = _sandbox.CreateClient();
        using var csv = new MemoryStream(SandboxHarness.Csv(3));

        var upload = await client.UploadChatsAsync(SandboxHarness.Counter, csv, "April chats");

        var stored = Assert.Single(_sandbox.Server.State.Uploads);
        Assert.Equal(stored.Id, upload.Id);
        Assert.Equal("CHATS", stored.Type);
        Assert.Equal(3, stored.SourceQuantity);
        Assert.Equal(3, stored.LineQuantity);
        Assert.Equal(new[] { "u1", "u2", "u3" }, stored.Rows.Select(r => r["ChatUserID"]));
        Assert.Equal(3, upload.SourceQuantity);
        Assert.Equal(SandboxHarness.Counter, upload.CounterId);
        Assert.NotNull(upload.CreateTime);
        Assert.StartsWith("April chats mc", stored.Comment);
        Assert.Equal(stored.Comment, upload.Comment);
        Assert.Matches("^April chats [a-z0-9]+$", stored.Comment);
        Assert.True(csv.CanRead, "the caller's stream stays open");
    }

    [Fact]
    public async Task Upload_from_a_writer_streams_into_the_body()
    {
        using var client = _sandbox.CreateClient();
        var bytes = SandboxHarness.Csv(5);

        var upload = await client.UploadChatsAsync(SandboxHarness.Counter, (stream, ct) => stream.WriteAsync(bytes, 0, bytes.Length, ct), null, "mybatch1");

        var stored = Assert.Single(_sandbox.Server.State.Uploads);
        Assert.Equal("mybatch1", stored.Comment);
        Assert.Equal(5, stored.SourceQuantity);
        Assert.Equal(bytes.Length, stored.RawByteLength);
        Assert.Equal(stored.Id, upload.Id);
    }

    [Fact]
    public async Task Get_and_wait_follow_an_upload_to_its_final_status()
    {
        // The sandbox's processing follows a clock the test moves, so the readings do not depend
        // on how fast this machine is: the upload stays in progress until the first non-final
        // reading has been seen, then processing completes.
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var sandbox = await SandboxHarness.StartAsync(o =>
        {
            o.ProcessingTime = TimeSpan.FromMinutes(10);
            o.Clock = clock;
        });
        using var client = sandbox.CreateClient();
        var upload = await client.UploadChatsAsync(SandboxHarness.Counter, new MemoryStream(SandboxHarness.Csv(2)));
        Assert.False(upload.IsFinal);

        var read = await client.GetUploadAsync(SandboxHarness.Counter, upload.Id);
        Assert.Equal(upload.Id, read.Id);
        Assert.Equal(2, read.LineQuantity);
        Assert.False(read.IsFinal);

        var seen = new List<string>();
        var final = await client.WaitForUploadAsync(SandboxHarness.Counter, upload.Id, TimeSpan.FromMilliseconds(50), new SyncProgress<MetricaUpload>(u =>
        {
            seen.Add(u.Status);
            if (!u.IsFinal)
            {
                clock.Advance(TimeSpan.FromMinutes(11));
            }
        }));
        Assert.True(final.IsFinal);
        Assert.Equal(MetricaUploadStatus.Processed, final.Status);
        Assert.Equal(MetricaUploadStatus.Processed, seen[^1]);
        Assert.True(seen.Count >= 2, "at least one non-final reading before the final one");
        Assert.False(MetricaUploadStatus.IsFinal(seen[0]));
    }

    [Fact]
    public async Task List_uploads_asks_for_chat_uploads_only_and_pages_newest_first()
    {
        var state = _sandbox.Server.State;
        state.AddUpload(SandboxHarness.Counter, "BASIC", "old conversions");
        using var client = _sandbox.CreateClient();
        var first = await client.UploadChatsAsync(SandboxHarness.Counter, new MemoryStream(SandboxHarness.Csv(1)));
        state.AddUpload(SandboxHarness.Counter, "CALLS", "calls");
        var second = await client.UploadChatsAsync(SandboxHarness.Counter, new MemoryStream(SandboxHarness.Csv(1)));

        // The real list defaults to BASIC uploads: the client must filter by type=CHATS itself.
        var all = await client.ListUploadsAsync(SandboxHarness.Counter, 10, 0);
        Assert.Equal(new[] { second.Id, first.Id }, all.Select(u => u.Id));
        Assert.All(all, u => Assert.Equal("CHATS", u.Type));
        Assert.Contains(state.Requests, r => r.PathAndQuery.Contains("/uploadings?type=CHATS&limit=10&offset=0", StringComparison.Ordinal));

        var page = await client.ListUploadsAsync(SandboxHarness.Counter, 1, 1);
        Assert.Equal(first.Id, Assert.Single(page).Id);
    }

    [Fact]
    public async Task Counters_list_and_one_counter()
    {
        using var client = _sandbox.CreateClient();
        var counters = await client.ListCountersAsync();
        Assert.Equal(new[] { SandboxHarness.Counter, SandboxHarness.OtherCounter }, counters.Select(c => c.Id));
        Assert.All(counters, c => Assert.False(string.IsNullOrEmpty(c.Name)));

        var one = await client.GetCounterAsync(SandboxHarness.OtherCounter);
        Assert.Equal(SandboxHarness.OtherCounter, one.Id);
        Assert.Equal("sandbox-2002.example", one.Site);
        Assert.Equal(false, one.CallsExtendedWindow);
    }

    [Fact]
    public async Task Calls_extended_window_reads_enables_and_disables()
    {
        using var client = _sandbox.CreateClient();
        var before = await client.GetCallsExtendedWindowAsync(SandboxHarness.Counter);
        Assert.False(before.Enabled);
        Assert.NotNull(before.VisitJoinThresholdDate);
        Assert.Null(before.ChangeAcknowledged);

        var on = await client.EnableCallsExtendedWindowAsync(SandboxHarness.Counter);
        Assert.True(on.Enabled);
        Assert.Equal(true, on.ChangeAcknowledged);
        Assert.True(_sandbox.Server.State.GetCounter(SandboxHarness.Counter)!.CallsExtendedThreshold);
        Assert.Contains(_sandbox.Server.State.Requests, r => r.Method == "POST" && r.PathAndQuery.EndsWith("/offline_conversions/calls_extended_threshold", StringComparison.Ordinal));

        var off = await client.DisableCallsExtendedWindowAsync(SandboxHarness.Counter);
        Assert.False(off.Enabled);
        Assert.False(_sandbox.Server.State.GetCounter(SandboxHarness.Counter)!.CallsExtendedThreshold);
        Assert.Contains(_sandbox.Server.State.Requests, r => r.Method == "DELETE");
        Assert.False((await client.GetCounterAsync(SandboxHarness.Counter)).CallsExtendedWindow);
    }

    [Fact]
    public async Task Every_request_carries_the_oauth_header_and_the_token_in_no_url()
    {
        using var client = _sandbox.CreateClient();
        await client.ListCountersAsync();
        await client.UploadChatsAsync(SandboxHarness.Counter, new MemoryStream(SandboxHarness.Csv(1)));
        Assert.All(_sandbox.Server.State.Requests, r =>
        {
            Assert.Equal(200, r.StatusCode);
            Assert.DoesNotContain(_sandbox.Token, r.PathAndQuery, StringComparison.Ordinal);
        });
        Assert.StartsWith("MetricaChats/", client.UserAgent, StringComparison.Ordinal);
        Assert.Equal(2, client.RequestCount);
    }
}

/// <summary>IProgress that reports synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
