using MetricaChats.Core.Api;
using MetricaChats.Core.Import;
using MetricaChats.Core.Tests.Api;
using MetricaChats.Core.Wire;
using Xunit;

namespace MetricaChats.Core.Tests.Import;

/// <summary>The summary says why a run stopped as data (StopKind, ApiError), not only as text.</summary>
public sealed class ImportStopKindTests : IAsyncLifetime
{
    private SandboxHarness _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxHarness.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private static ChatImportOptions Options(int maxRows = 100) => new()
    {
        CounterId = SandboxHarness.Counter,
        Comment = "stop kind test",
        Batch = new ChatBatchOptions { MaxRows = maxRows },
    };

    [Fact]
    public async Task A_clean_run_has_stop_kind_None_and_no_api_error()
    {
        using var client = _sandbox.CreateClient();

        var summary = await ChatImporter.ImportAsync(ImportData.Records(150), client, Options());

        Assert.True(summary.Completed, summary.StopReason);
        Assert.Equal(ChatImportStopKind.None, summary.StopKind);
        Assert.Null(summary.ApiError);
        Assert.Null(summary.StopReason);
    }

    [Fact]
    public async Task A_bad_token_stops_with_ApiError_Unauthorized_and_the_401_facts_without_the_token()
    {
        var badToken = "bad" + Guid.NewGuid().ToString("N");
        using var client = _sandbox.CreateClient(token: badToken);

        var summary = await ChatImporter.ImportAsync(ImportData.Records(150), client, Options());

        Assert.False(summary.Completed);
        Assert.Equal(ChatImportStopKind.ApiError, summary.StopKind);
        var api = Assert.IsType<ChatImportApiError>(summary.ApiError);
        Assert.Equal(MetricaErrorKind.Unauthorized, api.Kind);
        Assert.Equal(401, api.StatusCode);
        Assert.False(string.IsNullOrEmpty(api.Explanation));
        Assert.Equal(summary.StopReason, api.Message);
        var again = api.ToException();
        Assert.Equal(api.Message, again.Message);
        Assert.Equal(MetricaErrorKind.Unauthorized, again.Kind);
        Assert.Equal(401, again.StatusCode);
        Assert.Equal(api.Attempts, again.Attempts);
        Assert.Equal(api.Request, again.Request);
        Assert.Equal(0, summary.Sent);
        Assert.Equal(150, summary.NotSent);
        foreach (var text in new[] { api.Message, api.Explanation, api.ApiMessage, api.ErrorType, api.Request, api.ToString(), summary.ToString() })
        {
            Assert.DoesNotContain(badToken, text ?? string.Empty, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_token_without_access_stops_with_ApiError_AccessDenied()
    {
        using var client = _sandbox.CreateClient(token: _sandbox.ForeignToken);

        var summary = await ChatImporter.ImportAsync(ImportData.Records(50), client, Options());

        Assert.Equal(ChatImportStopKind.ApiError, summary.StopKind);
        Assert.Equal(MetricaErrorKind.AccessDenied, summary.ApiError!.Kind);
        Assert.Equal(403, summary.ApiError.StatusCode);
        Assert.False(string.IsNullOrEmpty(summary.ApiError.ErrorType));
    }

    [Fact]
    public async Task A_daily_quota_stop_carries_the_kind_error_type_and_when_the_quota_resets()
    {
        _sandbox.Server.Quotas.DailyPerToken = 2;
        using var client = _sandbox.CreateClient();

        var summary = await ChatImporter.ImportAsync(ImportData.Records(1000), client, Options(100));

        Assert.False(summary.Completed);
        Assert.Equal(ChatImportStopKind.ApiError, summary.StopKind);
        var api = summary.ApiError!;
        Assert.Equal(MetricaErrorKind.DailyQuota, api.Kind);
        Assert.Equal(429, api.StatusCode);
        Assert.Equal("quota_requests_by_uid", api.ErrorType);
        Assert.False(string.IsNullOrEmpty(api.ApiMessage));
        var reset = Assert.IsType<DateTimeOffset>(api.QuotaResetsAt);
        Assert.Equal(TimeSpan.Zero, reset.UtcDateTime.TimeOfDay);
        Assert.True(reset > DateTimeOffset.UtcNow && reset <= DateTimeOffset.UtcNow.AddDays(1).AddMinutes(1), reset.ToString("O"));
        Assert.True(summary.NotSent > 0);
        Assert.Equal(reset, api.ToException().QuotaResetsAt);
    }

    [Fact]
    public async Task A_cancelled_run_has_stop_kind_Cancelled_and_no_api_error()
    {
        using var client = _sandbox.CreateClient();
        using var cts = new CancellationTokenSource();
        await using var session = new ChatImportSession(client, Options(50), cts.Token);
        foreach (var record in ImportData.Records(120))
        {
            await session.AddAsync(record);
        }

        cts.Cancel();
        Assert.Equal(ChatImportStopKind.Cancelled, session.StopKind);
        var summary = await session.CompleteAsync();

        Assert.Equal(ChatImportStopKind.Cancelled, summary.StopKind);
        Assert.Null(summary.ApiError);
        Assert.StartsWith("Cancelled", summary.StopReason, StringComparison.Ordinal);
    }

    // A state file that does not match the input stops with Failed: asserted in
    // ChatImporterTests.Rerun_with_different_input_is_refused_by_the_state_file.

    [Fact]
    public async Task WithUnreadableRows_keeps_the_stop_kind_and_api_error()
    {
        _sandbox.Server.Quotas.DailyPerToken = 1;
        using var client = _sandbox.CreateClient();
        var summary = await ChatImporter.ImportAsync(ImportData.Records(300), client, Options(100));

        var totals = summary.WithUnreadableRows(2, new Dictionary<string, long> { ["MalformedCsvRow"] = 2 });

        Assert.Equal(ChatImportStopKind.ApiError, totals.StopKind);
        Assert.Same(summary.ApiError, totals.ApiError);
        Assert.Equal(MetricaErrorKind.DailyQuota, totals.ApiError!.Kind);
        Assert.Equal(summary.StopReason, totals.StopReason);
    }
}
