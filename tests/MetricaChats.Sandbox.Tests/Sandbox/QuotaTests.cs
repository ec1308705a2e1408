using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Xunit;

namespace MetricaChats.Sandbox.Tests.Sandbox;

public class QuotaTests
{
    private static string CounterPath => $"management/v1/counter/{Harness.Counter}";

    [Fact]
    public async Task Per_second_rate_gives_429_quota_requests_by_ip_with_Retry_After()
    {
        await using Harness h = await Harness.StartAsync(o => o.Quotas.RequestsPerSecond = 3);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CounterPath)).StatusCode);
        }

        HttpResponseMessage refused = await h.Client.GetAsync(CounterPath);
        await Harness.AssertErrorAsync(refused, 429, "quota_requests_by_ip");
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter!.Delta);

        h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CounterPath)).StatusCode);
    }

    [Fact]
    public async Task Daily_quota_gives_429_quota_requests_by_uid_naming_the_reset_at_midnight_GMT()
    {
        await using Harness h = await Harness.StartAsync(o => o.Quotas.DailyPerToken = 2);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CounterPath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CounterPath)).StatusCode);

        HttpResponseMessage refused = await h.Client.GetAsync(CounterPath);
        string message = await Harness.AssertErrorAsync(refused, 429, "quota_requests_by_uid");
        Assert.Contains("00:00 GMT", message);
        Assert.Contains("2026-06-02 00:00", message);
        Assert.Equal(TimeSpan.FromHours(12), refused.Headers.RetryAfter!.Delta);

        using var other = new HttpClient { BaseAddress = h.Server.BaseAddress };
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("OAuth", Harness.OtherToken);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"management/v1/counter/{Harness.OtherCounter}")).StatusCode);

        h.Clock.Advance(TimeSpan.FromHours(12));
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CounterPath)).StatusCode);
    }

    [Fact]
    public async Task Per_counter_daily_quota_when_set()
    {
        await using Harness h = await Harness.StartAsync(o => o.Quotas.DailyPerCounter = 1);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CounterPath)).StatusCode);
        await Harness.AssertErrorAsync(await h.Client.GetAsync(CounterPath), 429, "quota_requests_by_counter_id");
    }

    [Fact]
    public async Task Fourth_parallel_request_of_a_token_gets_429_quota_parallel_requests()
    {
        await using Harness h = await Harness.StartAsync();
        var gate = new TaskCompletionSource();
        var pending = new List<Task<HttpResponseMessage>>();
        for (int i = 0; i < 3; i++)
        {
            pending.Add(h.Client.PostAsync(Harness.UploadPath(comment: "p" + i), new GatedUpload(Harness.ValidCsv(1), gate.Task)));
        }

        await WaitUntilAsync(() => h.Server.State.InFlightRequests == 3);
        HttpResponseMessage refused = await h.Client.GetAsync(CounterPath);
        await Harness.AssertErrorAsync(refused, 429, "quota_parallel_requests");
        Assert.NotNull(refused.Headers.RetryAfter);

        using var other = new HttpClient { BaseAddress = h.Server.BaseAddress };
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("OAuth", Harness.OtherToken);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"management/v1/counter/{Harness.OtherCounter}")).StatusCode);

        gate.SetResult();
        foreach (HttpResponseMessage response in await Task.WhenAll(pending))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(3, h.Server.State.Uploads.Count);
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync(CounterPath)).StatusCode);
    }

    [Fact]
    public async Task A_request_is_logged_and_its_parallel_slot_freed_before_the_client_sees_the_answer()
    {
        await using Harness h = await Harness.StartAsync(o =>
        {
            o.Quotas.ParallelPerToken = 1;
            o.Quotas.RequestsPerSecond = 0;
        });
        for (int i = 0; i < 40; i++)
        {
            HttpResponseMessage r = i % 2 == 0 ? await h.Client.GetAsync(CounterPath) : await h.UploadAsync(Harness.ValidCsv(1));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal(i + 1, h.Server.State.Requests.Count);
            Assert.Equal(0, h.Server.State.InFlightRequests);
        }
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, cts.Token);
        }
    }

    /// <summary>A multipart body that sends its first bytes, then waits for a gate before finishing.</summary>
    internal sealed class GatedUpload : HttpContent
    {
        private readonly string _csv;
        private readonly Task _gate;

        public GatedUpload(string csv, Task gate)
        {
            _csv = csv;
            _gate = gate;
            Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=gate");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            byte[] head = Encoding.UTF8.GetBytes("--gate\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\n\r\n");
            await stream.WriteAsync(head);
            await stream.FlushAsync();
            await _gate;
            await stream.WriteAsync(Encoding.UTF8.GetBytes(_csv + "\r\n--gate--\r\n"));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
