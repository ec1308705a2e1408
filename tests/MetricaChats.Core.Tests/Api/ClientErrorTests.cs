using System.Text;
using MetricaChats.Core.Api;
using Xunit;

namespace MetricaChats.Core.Tests.Api;

public sealed class ClientErrorTests : IAsyncLifetime
{
    private SandboxHarness _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxHarness.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private void AssertNoToken(Exception ex, string token)
    {
        Assert.DoesNotContain(token, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_token_is_unauthorized_with_the_russian_message_verbatim_and_not_retried()
    {
        using var client = _sandbox.CreateClient(token: "not-a-known-token");
        var ex = await Assert.ThrowsAsync<MetricaApiException>(() => client.ListCountersAsync());
        Assert.Equal(MetricaErrorKind.Unauthorized, ex.Kind);
        Assert.Equal(401, ex.StatusCode);
        Assert.Equal("unauthorized", ex.ErrorType);
        Assert.Contains("Неверный OAuth-токен", ex.ApiMessage, StringComparison.Ordinal);
        Assert.Contains("oauth.yandex.ru", ex.Explanation, StringComparison.Ordinal);
        Assert.Contains(ex.ApiMessage!, ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, ex.Attempts);
        Assert.Single(_sandbox.Server.State.Requests);
        AssertNoToken(ex, "not-a-known-token");
    }

    [Fact]
    public async Task Counter_without_access_is_access_denied_naming_the_counter()
    {
        using var client = _sandbox.CreateClient();
        var ex = await Assert.ThrowsAsync<MetricaApiException>(() => client.GetCounterAsync(SandboxHarness.ForeignCounter));
        Assert.Equal(MetricaErrorKind.AccessDenied, ex.Kind);
        Assert.Equal(403, ex.StatusCode);
        Assert.Equal("access_denied", ex.ErrorType);
        Assert.Contains(SandboxHarness.ForeignCounter.ToString(), ex.Explanation, StringComparison.Ordinal);
        Assert.Contains("edit access", ex.Explanation, StringComparison.Ordinal);
        AssertNoToken(ex, _sandbox.Token);
    }

    [Fact]
    public async Task Unknown_upload_is_not_found()
    {
        using var client = _sandbox.CreateClient();
        var ex = await Assert.ThrowsAsync<MetricaApiException>(() => client.GetUploadAsync(SandboxHarness.Counter, 424242));
        Assert.Equal(MetricaErrorKind.NotFound, ex.Kind);
        Assert.Equal(404, ex.StatusCode);
        Assert.Equal("not_found", ex.ErrorType);
        Assert.Equal("GET /management/v1/counter/1001/offline_conversions/uploading/424242", ex.Request);
    }

    [Fact]
    public async Task Misspelt_column_is_invalid_uploading_and_never_retried()
    {
        using var client = _sandbox.CreateClient();
        var csv = Encoding.UTF8.GetBytes("DateTime,ChatPlatfrom,ChatUserID\n1700000000,telegram,u1\n");
        var ex = await Assert.ThrowsAsync<MetricaApiException>(() => client.UploadChatsAsync(SandboxHarness.Counter, new MemoryStream(csv)));
        Assert.Equal(MetricaErrorKind.InvalidUpload, ex.Kind);
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("invalid_uploading", ex.ErrorType);
        Assert.False(string.IsNullOrEmpty(ex.ApiMessage));
        Assert.Contains("dry run", ex.Explanation, StringComparison.Ordinal);
        Assert.Single(_sandbox.Server.State.Requests);
        Assert.Empty(_sandbox.Server.State.Uploads);
    }

    [Fact]
    public async Task Bad_parameter_is_invalid_request()
    {
        using var client = _sandbox.CreateClient();
        var ex = await Assert.ThrowsAsync<MetricaApiException>(() => client.ListUploadsAsync(SandboxHarness.Counter, 50_000, 0));
        Assert.Equal(MetricaErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal("invalid_parameter", ex.ErrorType);
    }

    [Fact]
    public async Task Daily_quota_is_not_retried_and_says_when_it_resets()
    {
        _sandbox.Server.Quotas.DailyPerToken = 2;
        using var client = _sandbox.CreateClient();
        await client.ListCountersAsync();
        await client.ListCountersAsync();
        var before = DateTimeOffset.UtcNow;

        var ex = await Assert.ThrowsAsync<MetricaApiException>(() => client.ListCountersAsync());

        Assert.Equal(MetricaErrorKind.DailyQuota, ex.Kind);
        Assert.Equal(429, ex.StatusCode);
        Assert.Equal("quota_requests_by_uid", ex.ErrorType);
        Assert.False(ex.IsTransient);
        Assert.Equal(1, ex.Attempts);
        Assert.Equal(3, _sandbox.Server.State.Requests.Count);
        var midnight = new DateTimeOffset(before.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        Assert.True(ex.QuotaResetsAt == midnight || ex.QuotaResetsAt == midnight.AddDays(1));
        Assert.Contains("00:00 GMT", ex.Explanation, StringComparison.Ordinal);
        Assert.Contains(ex.QuotaResetsAt!.Value.ToString("yyyy-MM-dd HH:mm"), ex.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counter_daily_quota_is_its_own_kind_and_not_retried()
    {
        _sandbox.Server.Quotas.DailyPerCounter = 1;
        using var client = _sandbox.CreateClient();
        await client.GetCounterAsync(SandboxHarness.Counter);
        var ex = await Assert.ThrowsAsync<MetricaApiException>(() => client.GetCounterAsync(SandboxHarness.Counter));
        Assert.Equal(MetricaErrorKind.DailyQuota, ex.Kind);
        Assert.Equal("quota_requests_by_counter_id", ex.ErrorType);
        Assert.Contains("counter 1001", ex.Explanation, StringComparison.Ordinal);
        Assert.Equal(2, _sandbox.Server.State.Requests.Count);
    }

    [Fact]
    public async Task Http_is_refused_for_a_remote_host_before_anything_is_sent()
    {
        using var token = Core.Auth.MetricaToken.FromString("secret-never-sent");
        var ex = Assert.Throws<ArgumentException>(() => new MetricaClient(token, new MetricaClientOptions { Endpoint = new Uri("http://api-metrika.yandex.net") }));
        Assert.Contains("https", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-never-sent", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new MetricaClient(token, new MetricaClientOptions { Endpoint = new Uri("ftp://127.0.0.1/") }));

        using var https = new MetricaClient(token, new MetricaClientOptions { Endpoint = new Uri("https://api-metrika.yandex.net") });
        Assert.Equal("https://api-metrika.yandex.net/", https.Endpoint.ToString());
        using var local = new MetricaClient(token, new MetricaClientOptions { Endpoint = new Uri("http://localhost:1/") });
        using var loop = new MetricaClient(token, new MetricaClientOptions { Endpoint = new Uri("http://127.0.0.1:1/") });
    }

    [Fact]
    public void Limits_beyond_metrica_quotas_are_refused()
    {
        using var token = Core.Auth.MetricaToken.FromString("t");
        Assert.Throws<ArgumentException>(() => new MetricaClient(token, new MetricaClientOptions { MaxConcurrentRequests = 4 }));
        Assert.Throws<ArgumentException>(() => new MetricaClient(token, new MetricaClientOptions { MaxRequestsPerSecond = 30 }));
        Assert.Throws<ArgumentException>(() => new MetricaClient(token, new MetricaClientOptions { MaxRetries = -1 }));
    }
}
