using System.Reflection;
using MetricaChats.Core.Api;
using MetricaChats.Core.Import;
using MetricaChats.Internal;
using MetricaChats.Tests.Module;
using Xunit;

namespace MetricaChats.Tests.StopErr;

/// <summary>Send-MetricaChatImport reports a stopped run by its stop kind through ApiErrorMap, never by its text.</summary>
[Collection(CmdletAssemblyCollection.Name)]
public sealed class ImportStopErrorMapTests
{
    private readonly CmdletAssembly _assembly;

    public ImportStopErrorMapTests(CmdletAssembly assembly) => _assembly = assembly;

    [Fact]
    public void An_api_stop_gets_the_same_id_and_category_as_that_api_failure_anywhere_else()
    {
        foreach (var kind in Enum.GetValues<MetricaErrorKind>())
        {
            var stop = ApiErrorMap.ForStop(ChatImportStopKind.ApiError, kind);
            var call = ApiErrorMap.For(kind);
            Assert.Equal(call.ErrorId, stop.ErrorId);
            Assert.Equal(call.Category, stop.Category);
            Assert.Equal(call.StopsCommand, stop.StopsCommand);
        }

        Assert.Equal("MetricaDailyQuota", ApiErrorMap.ForStop(ChatImportStopKind.ApiError, MetricaErrorKind.DailyQuota).ErrorId);
        Assert.Equal("QuotaExceeded", ApiErrorMap.ForStop(ChatImportStopKind.ApiError, MetricaErrorKind.DailyQuota).Category);
        Assert.Equal("AuthenticationError", ApiErrorMap.ForStop(ChatImportStopKind.ApiError, MetricaErrorKind.Unauthorized).Category);
        Assert.Equal("PermissionDenied", ApiErrorMap.ForStop(ChatImportStopKind.ApiError, MetricaErrorKind.AccessDenied).Category);
        Assert.Equal("MetricaApiError", ApiErrorMap.ForStop(ChatImportStopKind.ApiError, null).ErrorId);
    }

    [Fact]
    public void Cancelled_and_failed_runs_have_their_own_stable_ids_and_real_categories()
    {
        var categories = _assembly.SmaType("System.Management.Automation.ErrorCategory").GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).ToHashSet();
        var apiIds = Enum.GetValues<MetricaErrorKind>().Select(k => ApiErrorMap.For(k).ErrorId).ToHashSet(StringComparer.Ordinal);

        var cancelled = ApiErrorMap.ForStop(ChatImportStopKind.Cancelled, null);
        var failed = ApiErrorMap.ForStop(ChatImportStopKind.Failed, null);

        Assert.Equal("ImportStopped", cancelled.ErrorId);
        Assert.Equal("OperationStopped", cancelled.Category);
        Assert.Equal("ImportFailed", failed.ErrorId);
        Assert.Equal("InvalidOperation", failed.Category);
        foreach (var entry in new[] { cancelled, failed })
        {
            Assert.Contains(entry.Category, categories);
            Assert.DoesNotContain(entry.ErrorId, apiIds);
            Assert.True(entry.StopsCommand);
            Assert.False(string.IsNullOrWhiteSpace(entry.RecommendedAction));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => ApiErrorMap.ForStop(ChatImportStopKind.None, null));
    }
}
