using System.Collections.Concurrent;
using System.Text;
using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;
using MetricaChats.Sandbox;

namespace MetricaChats.Core.Tests.Api;

/// <summary>An in-process sandbox on an ephemeral loopback port, and clients aimed at it with quick retries.</summary>
internal sealed class SandboxHarness : IAsyncDisposable
{
    public const int Counter = 1001;
    public const int OtherCounter = 2002;
    public const int ForeignCounter = 3003;

    private SandboxHarness(SandboxServer server, string token)
    {
        Server = server;
        Token = token;
    }

    public SandboxServer Server { get; }

    /// <summary>A token the sandbox accepts for <see cref="Counter"/> and <see cref="OtherCounter"/>.</summary>
    public string Token { get; }

    /// <summary>A token the sandbox accepts for <see cref="ForeignCounter"/> only.</summary>
    public string ForeignToken => Token + "-foreign";

    public static async Task<SandboxHarness> StartAsync(Action<SandboxOptions>? configure = null, int[]? counters = null)
    {
        var token = "tok" + Guid.NewGuid().ToString("N");
        var options = new SandboxOptions { ProcessingTime = TimeSpan.Zero };
        options.AddToken(token, counters ?? new[] { Counter, OtherCounter });
        options.AddToken(token + "-foreign", ForeignCounter);
        configure?.Invoke(options);
        var server = await SandboxServer.StartAsync(options);
        return new SandboxHarness(server, token);
    }

    public MetricaClientOptions ClientOptions(Action<MetricaClientOptions>? configure = null)
    {
        var options = new MetricaClientOptions
        {
            Endpoint = Server.BaseAddress,
            UseSystemProxy = false,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetries = 6,
            RequestTimeout = TimeSpan.FromSeconds(10),
            UploadTimeout = TimeSpan.FromSeconds(30),
            MaxRequestsPerSecond = 25,
            // The sandbox stores an upload before it answers, so a short grace period suffices.
            ReconcileGrace = TimeSpan.FromMilliseconds(300),
        };
        configure?.Invoke(options);
        return options;
    }

    public MetricaClient CreateClient(Action<MetricaClientOptions>? configure = null, string? token = null) =>
        new(MetricaToken.FromString(token ?? Token), ClientOptions(configure));

    /// <summary>A small valid chat CSV: <paramref name="rows"/> Telegram chats with user ids u1, u2, ...</summary>
    public static byte[] Csv(int rows, string prefix = "u")
    {
        var sb = new StringBuilder("DateTime,ChatPlatform,ChatUserID,ClientId\n");
        var t = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds();
        for (var i = 1; i <= rows; i++)
        {
            sb.Append(t + i).Append(",telegram,").Append(prefix).Append(i).Append(',').Append(1000000000 + i).Append('\n');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>A clock that records every timer it is asked for (Polly's retry delays), delegating to the system clock.</summary>
internal sealed class RecordingClock : TimeProvider
{
    public ConcurrentQueue<TimeSpan> Timers { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Timers.Enqueue(dueTime);
        return System.CreateTimer(callback, state, dueTime, period);
    }
}
