using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MetricaChats.Sandbox;

/// <summary>
/// The emulated call-upload endpoints: <c>upload_calls</c>, <c>calls_uploading/{id}</c> and
/// <c>calls_uploadings</c>. Call uploads share the chat path's multipart, CSV, bound, fault,
/// late-store and status machinery (<see cref="SandboxApi"/>); only the query, the column table
/// (<see cref="CallColumns"/>) and the counts differ. They are listed by the generic
/// <c>uploadings?type=CALLS</c> and read by <c>uploading/{id}</c> as well.
/// </summary>
internal static class SandboxCallsApi
{
    public static void Map(WebApplication app, SandboxRuntime runtime)
    {
        string offline = "/management/v1/counter/{counterId}/offline_conversions";
        app.MapPost(offline + "/upload_calls", context => UploadCallsAsync(context, runtime));
        app.MapGet(offline + "/calls_uploading/{id}", context => GetCallUploadAsync(context, runtime));
        app.MapGet(offline + "/calls_uploadings", context => ListCallUploadsAsync(context, runtime));
    }

    private static async Task UploadCallsAsync(HttpContext context, SandboxRuntime runtime)
    {
        int counterId = runtime.Authorize(context, SandboxApi.RouteValue(context, "counterId"));
        IQueryCollection query = context.Request.Query;
        CheckType(query["type"]);
        string? comment = SandboxApi.CheckComment(query);
        string? goalName = string.IsNullOrWhiteSpace(query["new_goal_name"]) ? null : (string?)query["new_goal_name"];
        string boundary = SandboxApi.MultipartBoundary(context);

        DateTimeOffset now = runtime.Clock.GetUtcNow();
        var validator = new CallUploadValidator(now, SandboxApi.RowReserver(runtime), runtime.Options.MaxStoredRowErrors, runtime.State.VisitorMatcher(counterId));
        long bytes = await SandboxApi.ReceiveFileAsync(context, runtime, boundary, validator, "call", CallColumns.All.Count).ConfigureAwait(false);

        var upload = new SandboxUpload(
            runtime.State.NextUploadId(), counterId, SandboxUploadType.Calls, comment, now, runtime.ProcessingTime, runtime.Clock,
            validator.Header, validator.Rows, validator.RowsTruncated, validator.SourceQuantity, validator.LineQuantity,
            validator.RowErrors, validator.RowErrorsTruncated, validator.Notes, hasMetricaId: validator.LineQuantity > 0, bytes,
            query["client_id_type"], fixedStatus: null,
            new SandboxLinkage(validator.LinkedQuantity, validator.LineQuantity - validator.LinkedQuantity, 0))
        {
            Calls = new SandboxCallDetails(validator.StaticCalls, validator.DynamicCalls, goalName),
        };
        await SandboxApi.StoreAndAnswerAsync(context, runtime, upload, now).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>upload_calls</c> documents no <c>type</c>; the sandbox lets <c>CALLS</c> pass and refuses
    /// any other value, which can only be a client that means another endpoint.
    /// </summary>
    private static void CheckType(string? type)
    {
        if (!string.IsNullOrEmpty(type) && !string.Equals(type, SandboxUploadType.Calls, StringComparison.Ordinal))
        {
            throw new ApiErrorException(400, "invalid_parameter",
                $"Неверное значение параметра type. / upload_calls takes calls only: leave out 'type' (or send CALLS), not '{type}'; chats go to offline_conversions/upload?type=CHATS.",
                "type");
        }
    }

    private static async Task GetCallUploadAsync(HttpContext context, SandboxRuntime runtime)
    {
        int counterId = runtime.Authorize(context, SandboxApi.RouteValue(context, "counterId"));
        long id = SandboxApi.UploadIdParameter(context);
        SandboxUpload? upload = runtime.State.FindUpload(id);
        if (upload is null || upload.CounterId != counterId || upload.Type != SandboxUploadType.Calls)
        {
            throw new ApiErrorException(404, "not_found",
                $"Загрузка {id} не найдена. / Call upload {id} does not exist on counter {counterId}.");
        }

        await SandboxApi.WriteUploadingAsync(context, upload, runtime.Clock.GetUtcNow()).ConfigureAwait(false);
    }

    private static async Task ListCallUploadsAsync(HttpContext context, SandboxRuntime runtime)
    {
        int counterId = runtime.Authorize(context, SandboxApi.RouteValue(context, "counterId"));
        (int limit, int offset) = SandboxApi.PageParameters(context);
        IEnumerable<SandboxUpload> calls = runtime.State.UploadsOf(counterId).Reverse().Where(u => u.Type == SandboxUploadType.Calls);
        await SandboxApi.WriteUploadingsAsync(context, calls, limit, offset, runtime.Clock.GetUtcNow()).ConfigureAwait(false);
    }
}
