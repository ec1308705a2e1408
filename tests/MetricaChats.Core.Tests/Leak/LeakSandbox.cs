using System.Text;
using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Core.Tests.Leak;

/// <summary>
/// The known tokens of the end-to-end leak test and a sandbox that knows them: <see cref="Good"/>
/// may use <see cref="Counter"/>; <see cref="NoAccess"/> may use only <see cref="OtherCounter"/>
/// (so <see cref="Counter"/> answers it 403); <see cref="Wrong"/> is unknown (401).
/// </summary>
internal sealed class LeakSandbox : IAsyncDisposable
{
    // Recognisable and with distinct first 8 characters, none of which occurs in normal output.
    public const string Good = "y0_Qm7xLeakGoodTokenAAAA4f9Z2k8PwX";
    public const string Wrong = "y0_Zr4vLeakWrongTokenBBB7c1Q9m3TxY";
    public const string NoAccess = "y0_Hb2nLeakNoAccessTokCC5d8R1p6KcZ";
    public const int Counter = 4101;
    public const int OtherCounter = 4202;

    private LeakSandbox(SandboxServer server)
    {
        Server = server;
        Collector = new LeakCollector(Good, Wrong, NoAccess);
    }

    public SandboxServer Server { get; }

    public LeakCollector Collector { get; }

    public static async Task<LeakSandbox> StartAsync()
    {
        var options = new SandboxOptions { ProcessingTime = TimeSpan.FromMilliseconds(100) }
            .AddToken(Good, Counter)
            .AddToken(NoAccess, OtherCounter);
        options.Faults.SlowDelay = TimeSpan.FromMilliseconds(50);
        options.Faults.RateLimitBurstLength = 1;
        return new LeakSandbox(await SandboxServer.StartAsync(options));
    }

    public MetricaClientOptions Options(Action<MetricaClientOptions>? configure = null)
    {
        var options = new MetricaClientOptions
        {
            Endpoint = Server.BaseAddress,
            UseSystemProxy = false,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
            MaxRetries = 4,
            RequestTimeout = TimeSpan.FromSeconds(10),
            UploadTimeout = TimeSpan.FromSeconds(10),
            MaxRequestsPerSecond = 25,
            // The sandbox stores an upload before it answers, so a short grace period suffices.
            ReconcileGrace = TimeSpan.FromMilliseconds(300),
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A client with its own token object (the client does not own it; the test disposes both).</summary>
    public MetricaClient Client(string token = Good, Action<MetricaClientOptions>? configure = null)
    {
        var client = new MetricaClient(MetricaToken.FromString(token), Options(configure));
        Collector.Object("client", client);
        return client;
    }

    /// <summary>A small valid chat CSV (Telegram, ClientId set).</summary>
    public static byte[] Csv(int rows, string prefix = "leak")
    {
        var sb = new StringBuilder("DateTime,ChatPlatform,ChatUserID,ClientId\n");
        var t = DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeSeconds();
        for (var i = 1; i <= rows; i++)
        {
            sb.Append(t + i).Append(",telegram,").Append(prefix).Append(i).Append(',').Append(1000000000 + i).Append('\n');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>
    /// Scans the sandbox's own records: the request log (State.Requests), the admin endpoints'
    /// JSON (/_sandbox/requests, /_sandbox/uploads, /_sandbox) and the stored uploads.
    /// Returns the request log for assertions.
    /// </summary>
    public async Task<IReadOnlyList<SandboxRequestRecord>> ScanSandboxAsync()
    {
        var requests = Server.State.Requests;
        Collector.Object("sandbox State.Requests", requests);
        Collector.Object("sandbox State.Uploads", Server.State.Uploads);
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };
        foreach (var path in new[] { "_sandbox/requests", "_sandbox/uploads", "_sandbox", "_sandbox/faults", "_sandbox/quotas", "_sandbox/counters" })
        {
            Collector.Text("sandbox admin /" + path, await http.GetStringAsync(path));
        }

        return requests;
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
