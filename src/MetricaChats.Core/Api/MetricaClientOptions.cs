using System;
using System.Net;

namespace MetricaChats.Core.Api;

/// <summary>Settings of a <see cref="MetricaClient"/>. Defaults suit the real API.</summary>
public sealed class MetricaClientOptions
{
    /// <summary>The default endpoint, <c>https://api-metrika.yandex.net</c>.</summary>
    public static readonly Uri DefaultEndpoint = new("https://api-metrika.yandex.net");

    /// <summary>API base address; <c>http://</c> is refused except to loopback (the sandbox).</summary>
    public Uri Endpoint { get; set; } = DefaultEndpoint;

    /// <summary>An explicit proxy (it may carry credentials); overrides <see cref="UseSystemProxy"/>.</summary>
    public IWebProxy? Proxy { get; set; }

    /// <summary>Use the system proxy when <see cref="Proxy"/> is null (default true); false connects directly.</summary>
    public bool UseSystemProxy { get; set; } = true;

    /// <summary>Time allowed for one attempt of a small request (default 100 s); connecting to the endpoint is bounded by it too (at most 30 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Time allowed for one upload attempt, sending included (default 30 min).</summary>
    public TimeSpan UploadTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Time a call (or, for an import, the whole run) may spend waiting out transient failures:
    /// 429, 5xx, timeouts and dropped connections are retried with backoff, honouring
    /// <c>Retry-After</c>, until this budget is spent (default 10 minutes). Zero turns retrying off.
    /// </summary>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>An optional cap on retries per call besides the time budget (null, the default, for none; 0 turns retrying off).</summary>
    public int? MaxRetries { get; set; }

    /// <summary>First backoff delay; doubled each retry, with jitter (default 1 s).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest backoff pause between attempts (default 60 s). A server's <c>Retry-After</c> is honoured beyond it, up to <see cref="MaxRetryAfter"/>.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest <c>Retry-After</c> pause honoured (default 5 min); a longer one ends the retries with the error.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Requests in flight per token, shared by every client in the process (default 3, Metrica's limit; at most 3).</summary>
    public int MaxConcurrentRequests { get; set; } = 3;

    /// <summary>Requests per second per token, shared by every client in the process (default 10; Metrica allows 30 per IP).</summary>
    public double MaxRequestsPerSecond { get; set; } = 10;

    /// <summary>
    /// After an upload that may have arrived (a 5xx, a timeout or a dropped connection once the
    /// file was on its way), how long Metrica's uploads list is watched for it before it counts
    /// as absent and may be sent again (default 2 minutes): longer than any request can still
    /// be alive on the server after the client gave up on it.
    /// </summary>
    public TimeSpan ReconcileGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How many recent uploads to scan when reconciling an ambiguous upload failure, or when the
    /// upload-by-id path answers 404 and an upload is looked up in the list (default 1000).
    /// </summary>
    public int ReconcileScanLimit { get; set; } = 1000;

    /// <summary>Clock for delays, timestamps and quota reset times; null for the system clock.</summary>
    public TimeProvider? Clock { get; set; }

    /// <summary>Extra product token for the User-Agent (e.g. <c>MetricaChats-PowerShell/0.1.0</c>), or null.</summary>
    public string? UserAgentProduct { get; set; }
}
