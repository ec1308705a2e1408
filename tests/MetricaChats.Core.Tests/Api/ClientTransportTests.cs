using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;
using Xunit;

namespace MetricaChats.Core.Tests.Api;

/// <summary>Headers, redirects and proxies, against small real HTTP servers on 127.0.0.1 (and the sandbox).</summary>
public sealed class ClientTransportTests
{
    private const string Secret = "AQAAAAtransport-secret-0123456789";

    [Fact]
    public async Task Sends_oauth_authorization_user_agent_with_version_and_accepts_json()
    {
        await using var server = LoopbackServer.Start(ctx => ctx.Reply(200, "{\"rows\":0,\"counters\":[]}"));
        using var token = MetricaToken.FromString(Secret);
        using var client = new MetricaClient(token, new MetricaClientOptions { Endpoint = server.Address, UseSystemProxy = false, UserAgentProduct = "MetricaChats-Cli/0.1.0" });

        await client.ListCountersAsync();

        Assert.Equal("SocketsHttpHandler", client.HandlerKind);
        var request = Assert.Single(server.Requests);
        Assert.Equal("OAuth " + Secret, request.Headers["Authorization"]);
        Assert.StartsWith("MetricaChats-Cli/0.1.0 MetricaChats/0.1.0 (", request.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.Contains("application/json", request.Headers["Accept"], StringComparison.Ordinal);
        Assert.Equal("/management/v1/counters?per_page=1000", request.PathAndQuery);
    }

    [Fact]
    public async Task Upload_is_multipart_with_exactly_one_part_named_file()
    {
        await using var server = LoopbackServer.Start(ctx => ctx.Reply(200, "{\"uploadings\":[{\"id\":7,\"status\":\"UPLOADED\",\"source_quantity\":1,\"line_quantity\":1,\"comment\":\"m1\",\"type\":\"CHATS\"}]}"));
        using var token = MetricaToken.FromString(Secret);
        using var client = new MetricaClient(token, new MetricaClientOptions { Endpoint = server.Address, UseSystemProxy = false });
        var csv = "DateTime,ChatPlatform,ChatUserID\n1700000000,telegram,u1\n";

        var upload = await client.UploadChatsAsync(1, new MemoryStream(Encoding.UTF8.GetBytes(csv)));

        Assert.Equal(7, upload.Id);
        var request = Assert.Single(server.Requests);
        Assert.StartsWith("/management/v1/counter/1/offline_conversions/upload?type=CHATS&comment=mc", request.PathAndQuery, StringComparison.Ordinal);
        Assert.StartsWith("multipart/form-data; boundary=", request.Headers["Content-Type"], StringComparison.Ordinal);
        var boundary = request.Headers["Content-Type"]!.Split("boundary=")[1].Trim('"');
        var parts = request.Body.Split("--" + boundary).Where(p => p.Trim() is { Length: > 0 } t && t != "--").ToList();
        var part = Assert.Single(parts);
        Assert.Contains("Content-Disposition: form-data; name=\"file\"; filename=\"chats.csv\"", part, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n" + csv + "\r\n", part, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirect_is_not_followed_so_the_token_never_reaches_the_other_host()
    {
        await using var other = LoopbackServer.Start(ctx => ctx.Reply(200, "{\"rows\":0,\"counters\":[]}"));
        var elsewhere = new Uri("http://localhost:" + other.Address.Port + "/management/v1/counters");
        await using var redirecting = LoopbackServer.Start(ctx =>
        {
            ctx.Response.Headers["Location"] = elsewhere.ToString();
            ctx.Reply(302, string.Empty);
        });
        using var token = MetricaToken.FromString(Secret);
        using var client = new MetricaClient(token, new MetricaClientOptions { Endpoint = redirecting.Address, UseSystemProxy = false });

        var ex = await Assert.ThrowsAsync<MetricaApiException>(() => client.ListCountersAsync());

        Assert.Equal(MetricaErrorKind.UnexpectedResponse, ex.Kind);
        Assert.Equal(302, ex.StatusCode);
        Assert.Contains("redirect", ex.Explanation, StringComparison.Ordinal);
        Assert.Empty(other.Requests);
        Assert.Single(redirecting.Requests);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_json_error_page_is_shown_shortened()
    {
        await using var server = LoopbackServer.Start(ctx => ctx.Reply(400, "<html>" + new string('x', 1000) + "</html>"));
        using var token = MetricaToken.FromString(Secret);
        using var client = new MetricaClient(token, new MetricaClientOptions { Endpoint = server.Address, UseSystemProxy = false });

        var ex = await Assert.ThrowsAsync<MetricaApiException>(() => client.GetCounterAsync(5));

        Assert.Equal(MetricaErrorKind.InvalidRequest, ex.Kind);
        Assert.StartsWith("<html>", ex.ApiMessage, StringComparison.Ordinal);
        Assert.True(ex.ApiMessage!.Length < 400);
    }

    [Fact]
    public async Task Conflict_is_its_own_kind_and_not_retried()
    {
        await using var server = LoopbackServer.Start(ctx => ctx.Reply(409, "{\"errors\":[{\"error_type\":\"conflict\",\"message\":\"Конфликт\"}],\"code\":409,\"message\":\"Конфликт\"}"));
        using var token = MetricaToken.FromString(Secret);
        using var client = new MetricaClient(token, new MetricaClientOptions { Endpoint = server.Address, UseSystemProxy = false });

        var ex = await Assert.ThrowsAsync<MetricaApiException>(() => client.EnableCallsExtendedWindowAsync(5));

        Assert.Equal(MetricaErrorKind.Conflict, ex.Kind);
        Assert.Equal("Конфликт", ex.ApiMessage);
        Assert.Single(server.Requests);
        Assert.Equal("POST", server.Requests.Single().Method);
    }

    [Fact]
    public async Task Unexpected_success_body_is_reported_not_crashed()
    {
        await using var server = LoopbackServer.Start(ctx => ctx.Reply(200, "not json"));
        using var token = MetricaToken.FromString(Secret);
        using var client = new MetricaClient(token, new MetricaClientOptions { Endpoint = server.Address, UseSystemProxy = false });

        var ex = await Assert.ThrowsAsync<MetricaApiException>(() => client.GetUploadAsync(5, 1));

        Assert.Equal(MetricaErrorKind.UnexpectedResponse, ex.Kind);
    }

    [Fact]
    public async Task Tolerates_unknown_fields_numbers_as_text_and_flags_as_numbers()
    {
        await using var server = LoopbackServer.Start(ctx => ctx.Reply(200,
            "{\"counter\":{\"id\":\"42\",\"name\":\"Shop\",\"site2\":{\"site\":\"shop.example\"},\"new_field\":[1,2],\"offline_options\":{\"offline_calls_extended_threshold\":1,\"offline_conversion_extended_threshold\":\"0\"}}}"));
        using var token = MetricaToken.FromString(Secret);
        using var client = new MetricaClient(token, new MetricaClientOptions { Endpoint = server.Address, UseSystemProxy = false });

        var counter = await client.GetCounterAsync(42);

        Assert.Equal(42, counter.Id);
        Assert.Equal("shop.example", counter.Site);
        Assert.Equal(true, counter.CallsExtendedWindow);
        Assert.Equal(false, counter.ConversionsExtendedWindow);
    }

    [Fact]
    public async Task Explicit_proxy_carries_the_requests()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var token = MetricaToken.FromString(sandbox.Token);
        var proxy = new FixedProxy(sandbox.Server.BaseAddress) { Credentials = new NetworkCredential("proxyuser", "proxypass") };

        // Nothing listens on port 1: the answer can only come through the proxy (the sandbox, taking absolute-form requests).
        using var client = new MetricaClient(token, new MetricaClientOptions { Endpoint = new Uri("http://localhost:1/"), Proxy = proxy, MaxRetries = 0 });
        var counters = await client.ListCountersAsync();

        Assert.Equal(2, counters.Count);
        Assert.True(proxy.Used > 0);
        Assert.Single(sandbox.Server.State.Requests);
    }

    [Fact]
    public async Task Without_a_proxy_the_connection_goes_direct()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var client = sandbox.CreateClient(o => o.UseSystemProxy = false);
        Assert.Equal(2, (await client.ListCountersAsync()).Count);
    }

    private sealed class FixedProxy(Uri address) : IWebProxy
    {
        private int _used;

        public int Used => _used;

        public ICredentials? Credentials { get; set; }

        public Uri GetProxy(Uri destination)
        {
            Interlocked.Increment(ref _used);
            return address;
        }

        public bool IsBypassed(Uri host) => false;
    }
}

/// <summary>A tiny HTTP server on 127.0.0.1 that records requests and answers from a delegate.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;

    private LoopbackServer(HttpListener listener, Uri address, Action<Context> handle)
    {
        _listener = listener;
        Address = address;
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = await _listener.GetContextAsync();
                }
                catch (Exception)
                {
                    return;
                }

                using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var headers = ctx.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => ctx.Request.Headers[k], StringComparer.OrdinalIgnoreCase);
                Requests.Enqueue(new Recorded(ctx.Request.HttpMethod, ctx.Request.RawUrl ?? string.Empty, headers, body));
                handle(new Context(ctx.Response));
            }
        });
    }

    public Uri Address { get; }

    public ConcurrentQueue<Recorded> Requests { get; } = new();

    public static LoopbackServer Start(Action<Context> handle)
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add("http://127.0.0.1:" + port + "/");
            try
            {
                listener.Start();
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                continue;
            }

            return new LoopbackServer(listener, new Uri("http://127.0.0.1:" + port + "/"), handle);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await Task.WhenAny(_loop, Task.Delay(2000));
    }

    internal sealed record Recorded(string Method, string PathAndQuery, Dictionary<string, string?> Headers, string Body);

    internal sealed class Context(HttpListenerResponse response)
    {
        public HttpListenerResponse Response => response;

        public void Reply(int status, string body)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            response.StatusCode = status;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength64 = bytes.Length;
            response.OutputStream.Write(bytes);
            response.Close();
        }
    }
}
