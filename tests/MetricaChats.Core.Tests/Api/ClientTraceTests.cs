using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Core.Tests.Api;

/// <summary>The client's trace hook (what a front end shows under -Debug) and its fast failure when nothing listens.</summary>
public sealed class ClientTraceTests : IAsyncLifetime
{
    private SandboxHarness _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxHarness.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task A_refused_connection_fails_at_once_without_retries()
    {
        var port = FreeLoopbackPort();
        using var client = new MetricaClient(MetricaToken.FromString(_sandbox.Token), new MetricaClientOptions
        {
            Endpoint = new Uri("http://127.0.0.1:" + port),
            UseSystemProxy = false,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            MaxRetries = 6,
        });

        var ex = await Assert.ThrowsAsync<MetricaApiException>(() => client.ListCountersAsync());

        Assert.Equal(MetricaErrorKind.Network, ex.Kind);
        Assert.Equal(0, client.RetryCount);
        Assert.Equal(1, ex.Attempts);
        Assert.Contains("connection refused", ex.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:" + port, ex.Message, StringComparison.Ordinal);
        Assert.Equal("GET /management/v1/counters", ex.Request);
    }

    [Fact]
    public async Task Each_answer_and_retry_is_traced_with_method_path_status_attempt_and_delay()
    {
        var traces = new ConcurrentQueue<MetricaRequestTrace>();
        using var client = _sandbox.CreateClient();
        _sandbox.Server.Faults.ForceNext(SandboxFaultKind.ServiceUnavailable);

        using (client.BeginTrace(traces.Enqueue))
        {
            await client.ListCountersAsync();
        }

        var list = traces.ToList();
        Assert.Equal(3, list.Count);
        Assert.Equal(MetricaTraceKind.Response, list[0].Kind);
        Assert.Equal(503, list[0].StatusCode);
        Assert.Equal(1, list[0].Attempt);
        Assert.Equal(MetricaTraceKind.Retry, list[1].Kind);
        Assert.Equal(1, list[1].Attempt);
        Assert.Equal(MetricaErrorKind.ServerError, list[1].ErrorKind);
        Assert.NotNull(list[1].RetryDelay);
        Assert.Contains("HTTP 503", list[1].Reason, StringComparison.Ordinal);
        Assert.Equal(MetricaTraceKind.Response, list[2].Kind);
        Assert.Equal(200, list[2].StatusCode);
        Assert.Equal(2, list[2].Attempt);
        Assert.All(list, t =>
        {
            Assert.Equal("GET", t.Method);
            Assert.Equal("/management/v1/counters", t.Path);
            Assert.DoesNotContain(_sandbox.Token, t.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("?", t.ToString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_timeout_is_traced_as_a_failure_with_its_kind()
    {
        var traces = new ConcurrentQueue<MetricaRequestTrace>();
        _sandbox.Server.Faults.SlowDelay = TimeSpan.FromSeconds(3);
        _sandbox.Server.Faults.ForceNext(SandboxFaultKind.Slow);
        using var client = _sandbox.CreateClient(o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));

        using (client.BeginTrace(traces.Enqueue))
        {
            await client.GetCounterAsync(SandboxHarness.Counter);
        }

        // The first attempt meets the slow answer; on a loaded machine a later one may time out too.
        var failure = traces.First(t => t.Kind == MetricaTraceKind.Failure);
        Assert.Equal(MetricaErrorKind.Timeout, failure.ErrorKind);
        Assert.Equal(1, failure.Attempt);
        Assert.Null(failure.StatusCode);
        Assert.Equal("/management/v1/counter/" + SandboxHarness.Counter, failure.Path);
        Assert.Contains(traces, t => t.Kind == MetricaTraceKind.Retry && t.ErrorKind == MetricaErrorKind.Timeout);
        Assert.Equal(200, traces.Last().StatusCode);
    }

    [Fact]
    public async Task Only_calls_started_inside_the_scope_reach_its_sink()
    {
        var traces = new ConcurrentQueue<MetricaRequestTrace>();
        using var client = _sandbox.CreateClient();

        await client.ListCountersAsync();
        var scope = client.BeginTrace(traces.Enqueue);
        await Task.Run(() => client.GetCounterAsync(SandboxHarness.Counter));
        scope.Dispose();
        await client.ListCountersAsync();

        var only = Assert.Single(traces);
        Assert.Equal("/management/v1/counter/" + SandboxHarness.Counter, only.Path);
    }

    [Fact]
    public async Task A_throwing_sink_does_not_fail_the_request()
    {
        using var client = _sandbox.CreateClient();

        using (client.BeginTrace(_ => throw new InvalidOperationException("sink failed")))
        {
            var counters = await client.ListCountersAsync();
            Assert.Equal(2, counters.Count);
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
