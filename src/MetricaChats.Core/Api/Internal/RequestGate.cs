using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.RateLimiting;

namespace MetricaChats.Core.Api.Internal;

/// <summary>
/// The per-token request limits, shared by every client in the process: at most N requests in
/// flight and a token-bucket rate. Keyed by endpoint and a hash of the token (the token itself
/// is not kept). The first client created for a token and endpoint fixes the limits.
/// </summary>
internal sealed class RequestGate
{
    private static readonly ConcurrentDictionary<string, RequestGate> Gates = new(StringComparer.Ordinal);

    private readonly ConcurrencyLimiter _concurrency;
    private readonly TokenBucketRateLimiter _rate;
    private int _inFlight;
    private int _peakInFlight;

    private RequestGate(int maxConcurrent, double perSecond)
    {
        MaxConcurrent = maxConcurrent;
        _concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = maxConcurrent,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });

        // Smooth, not bursty: at most a tenth of the per-second rate every 100 ms (or one token
        // every 1/rate seconds for slow rates), so no one-second window ever sees more than the rate.
        int perPeriod;
        TimeSpan period;
        if (perSecond >= 10)
        {
            period = TimeSpan.FromMilliseconds(100);
            perPeriod = Math.Max(1, (int)Math.Floor(perSecond / 10));
        }
        else
        {
            period = TimeSpan.FromSeconds(1.0 / perSecond);
            perPeriod = 1;
        }

        _rate = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perPeriod,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public int MaxConcurrent { get; }

    /// <summary>Highest number of requests seen in flight at once (for tests and the benchmark).</summary>
    public int PeakInFlight => Volatile.Read(ref _peakInFlight);

    public static RequestGate For(Uri endpoint, string secret, int maxConcurrent, double perSecond)
    {
        string key;
        using (var sha = SHA256.Create())
        {
            var bytes = Encoding.UTF8.GetBytes(secret);
            var hash = sha.ComputeHash(bytes);
            Array.Clear(bytes, 0, bytes.Length); // no stray plain copy of the token
            key = endpoint.GetLeftPart(UriPartial.Authority).ToUpperInvariant() + "|" + Convert.ToBase64String(hash);
        }

        return Gates.GetOrAdd(key, _ => new RequestGate(maxConcurrent, perSecond));
    }

    /// <summary>Waits for a rate token and a concurrency slot; dispose the result when the answer is read.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        using (var rateLease = await _rate.AcquireAsync(1, cancellationToken).ConfigureAwait(false))
        {
            if (!rateLease.IsAcquired)
            {
                throw new InvalidOperationException("The request rate limiter refused a permit.");
            }
        }

        var lease = await _concurrency.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new InvalidOperationException("The request concurrency limiter refused a permit.");
        }

        var now = Interlocked.Increment(ref _inFlight);
        int peak;
        while (now > (peak = Volatile.Read(ref _peakInFlight)) && Interlocked.CompareExchange(ref _peakInFlight, now, peak) != peak)
        {
        }

        return new Slot(this, lease);
    }

    private sealed class Slot : IDisposable
    {
        private RequestGate? _gate;
        private readonly RateLimitLease _lease;

        public Slot(RequestGate gate, RateLimitLease lease)
        {
            _gate = gate;
            _lease = lease;
        }

        public void Dispose()
        {
            var gate = Interlocked.Exchange(ref _gate, null);
            if (gate is not null)
            {
                Interlocked.Decrement(ref gate._inFlight);
                _lease.Dispose();
            }
        }
    }
}
