using MetricaChats.Completion;
using MetricaChats.Core.Api;

namespace MetricaChats.Tests.Completion;

/// <summary>A failed counter lookup is remembered, so Tab against a dead endpoint does not block each time.</summary>
public sealed class CounterCompletionCacheTests
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:5000/");
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_failure_is_remembered_for_a_minute_per_endpoint()
    {
        var cache = new CounterCompletionCache(TimeSpan.FromMinutes(5));

        cache.StoreFailure(Endpoint, T0);

        Assert.True(cache.FailedRecently(Endpoint, T0.AddSeconds(59)));
        Assert.False(cache.FailedRecently(Endpoint, T0.AddMinutes(1)));
        Assert.False(cache.FailedRecently(new Uri("http://127.0.0.1:5001/"), T0));
        Assert.False(cache.FailedRecently(Endpoint, T0.AddSeconds(-1)));
    }

    [Fact]
    public void A_list_or_a_reconnect_forgets_the_failure()
    {
        var cache = new CounterCompletionCache(TimeSpan.FromMinutes(5));
        cache.StoreFailure(Endpoint, T0);
        cache.Store(Endpoint, new[] { new MetricaCounter { Id = 1 } }, T0.AddSeconds(1));
        Assert.False(cache.FailedRecently(Endpoint, T0.AddSeconds(2)));

        cache.StoreFailure(Endpoint, T0);
        cache.Clear();
        Assert.False(cache.FailedRecently(Endpoint, T0));
    }
}
