using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace MetricaChats.Sandbox;

/// <summary>The emulated Management API endpoints.</summary>
internal static class SandboxApi
{
    private const string Prefix = "/management/v1";
    private const int MaxCommentLength = 255;

    public static void Map(WebApplication app, SandboxRuntime runtime)
    {
        string counter = Prefix + "/counter/{counterId}";
        string offline = counter + "/offline_conversions";

        app.MapPost(offline + "/upload", context => UploadAsync(context, runtime));
        app.MapGet(offline + "/uploading/{id}", context => GetUploadAsync(context, runtime, plural: false));
        app.MapGet(offline + "/uploadings/{id}", context => GetUploadAsync(context, runtime, plural: true));
        app.MapGet(offline + "/uploadings", context => ListUploadsAsync(context, runtime));
        app.MapPost(offline + "/calls_extended_threshold", context => SwitchAsync(context, runtime, calls: true, on: true));
        app.MapDelete(offline + "/calls_extended_threshold", context => SwitchAsync(context, runtime, calls: true, on: false));
        app.MapPost(offline + "/extended_threshold", context => SwitchAsync(context, runtime, calls: false, on: true));
        app.MapDelete(offline + "/extended_threshold", context => SwitchAsync(context, runtime, calls: false, on: false));
        app.MapGet(offline + "/calls_visit_join_threshold", context => JoinThresholdAsync(context, runtime, calls: true));
        app.MapGet(offline + "/visit_join_threshold", context => JoinThresholdAsync(context, runtime, calls: false));
        app.MapGet(counter, context => GetCounterAsync(context, runtime));
        app.MapGet(Prefix + "/counters", context => ListCountersAsync(context, runtime));
    }

    internal static void WriteUpload(Utf8JsonWriter writer, SandboxUpload upload, DateTimeOffset now)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", upload.Id);
        writer.WriteString("create_time", upload.CreateTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        writer.WriteNumber("source_quantity", upload.SourceQuantity);
        writer.WriteNumber("line_quantity", upload.LineQuantity);
        if (upload.Comment is not null)
        {
            writer.WriteString("comment", upload.Comment);
        }

        writer.WriteString("type", upload.Type);
        if (upload.ClientIdType is not null)
        {
            writer.WriteString("client_id_type", upload.ClientIdType);
        }

        string status = upload.GetStatus(now);
        writer.WriteString("status", status);
        if (upload.Calls is { } calls)
        {
            writer.WriteNumber("static_calls_quantity", calls.StaticCallsQuantity);
            writer.WriteNumber("dynamic_calls_quantity", calls.DynamicCallsQuantity);
        }

        if (status is SandboxUploadStatus.Processed or SandboxUploadStatus.LinkageFailure)
        {
            // The statistics exist once processing is over.
            writer.WriteNumber("linked_quantity", upload.LinkedQuantity);
            writer.WriteNumber("user_not_found_quantity", upload.UserNotFoundQuantity);
            writer.WriteNumber("goal_not_found_quantity", upload.GoalNotFoundQuantity);
        }

        writer.WriteEndObject();
    }

    internal static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> write, int status = 200)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }

    internal static string RouteValue(HttpContext context, string name) =>
        context.Request.RouteValues[name] as string ?? string.Empty;

    private static async Task UploadAsync(HttpContext context, SandboxRuntime runtime)
    {
        int counterId = runtime.Authorize(context, RouteValue(context, "counterId"));
        (string? comment, string? clientIdType, string boundary) = CheckUploadRequest(context);

        DateTimeOffset now = runtime.Clock.GetUtcNow();
        var validator = new ChatUploadValidator(now, RowReserver(runtime), runtime.Options.MaxStoredRowErrors, runtime.State.VisitorMatcher(counterId));
        long bytes = await ReceiveFileAsync(context, runtime, boundary, validator, "chat", ChatColumns.All.Count).ConfigureAwait(false);

        var upload = new SandboxUpload(
            runtime.State.NextUploadId(), counterId, "CHATS", comment, now, runtime.ProcessingTime, runtime.Clock,
            validator.Header, validator.Rows, validator.RowsTruncated, validator.SourceQuantity, validator.LineQuantity,
            validator.RowErrors, validator.RowErrorsTruncated, validator.Notes, validator.HasMetricaId, bytes, clientIdType, fixedStatus: null,
            new SandboxLinkage(validator.LinkedQuantity, validator.LineQuantity - validator.LinkedQuantity, 0));
        await StoreAndAnswerAsync(context, runtime, upload, now).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks for room to keep one more row of this upload: within <see cref="SandboxOptions.MaxStoredRowsPerUpload"/>
    /// and the server-wide <see cref="SandboxOptions.MaxStoredRows"/>.
    /// </summary>
    internal static Func<bool> RowReserver(SandboxRuntime runtime)
    {
        int perUpload = runtime.Options.MaxStoredRowsPerUpload;
        int keptHere = 0;
        return () => keptHere < perUpload && runtime.State.TryReserveRow() && ++keptHere > 0;
    }

    /// <summary>
    /// Reads the one <c>file</c> part through a validator and ends it; on any refusal the rows
    /// the validator kept are released. Returns the part's byte count.
    /// </summary>
    /// <param name="kind">The upload kind as named in messages (<c>chat</c>, <c>call</c>).</param>
    /// <param name="columns">How many columns a file of that kind has at most (named when a record has far too many).</param>
    internal static async Task<long> ReceiveFileAsync(HttpContext context, SandboxRuntime runtime, string boundary, IUploadRecordSink validator, string kind, int columns)
    {
        try
        {
            long bytes = await ReadFilePartAsync(context, boundary, validator, runtime.Options, kind, columns).ConfigureAwait(false);
            validator.Finish();
            return bytes;
        }
        catch
        {
            runtime.State.ReleaseRows(validator.Rows.Count);
            throw;
        }
    }

    /// <summary>The upload's query and Content-Type: the comment, <c>client_id_type</c> and the multipart boundary, or the API's 400.</summary>
    private static (string? Comment, string? ClientIdType, string Boundary) CheckUploadRequest(HttpContext context)
    {
        IQueryCollection query = context.Request.Query;
        string? type = query["type"];
        if (string.IsNullOrEmpty(type))
        {
            throw new ApiErrorException(400, "missing_parameter",
                "Не указан параметр type. / The query parameter 'type' is missing; a chat upload needs type=CHATS (without it Metrica treats the file as BASIC offline conversions).",
                "type");
        }

        if (!string.Equals(type, "CHATS", StringComparison.Ordinal))
        {
            throw new ApiErrorException(400, "invalid_parameter",
                $"Неверное значение параметра type. / The sandbox emulates only chat uploads: type must be CHATS, not '{type}'.",
                "type");
        }

        string? comment = CheckComment(query);
        return (comment, query["client_id_type"], MultipartBoundary(context));
    }

    /// <summary>The <c>comment</c> query parameter (null when absent), or the API's 400 when it is longer than 255 characters.</summary>
    internal static string? CheckComment(IQueryCollection query)
    {
        string? comment = query["comment"];
        if (comment is not null && comment.Length > MaxCommentLength)
        {
            throw new ApiErrorException(400, "invalid_parameter",
                $"Комментарий длиннее {MaxCommentLength} символов. / The comment is {comment.Length} characters long; at most {MaxCommentLength}.",
                "comment");
        }

        return comment;
    }

    /// <summary>The multipart boundary of an upload, or the API's 400 when the body is not <c>multipart/form-data</c> with one.</summary>
    internal static string MultipartBoundary(HttpContext context)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out MediaTypeHeaderValue? mediaType)
            || !string.Equals(mediaType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiErrorException(400, "invalid_uploading",
                $"Неверный формат запроса: ожидается multipart/form-data. / The body must be multipart/form-data with one part named 'file', not '{context.Request.ContentType ?? "(no Content-Type)"}'.",
                "file");
        }

        string boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value ?? string.Empty;
        if (boundary.Length == 0)
        {
            throw new ApiErrorException(400, "invalid_uploading",
                "Неверный формат multipart-запроса. / The multipart/form-data Content-Type has no boundary.", "file");
        }

        return boundary;
    }

    /// <summary>Streams the one part named <c>file</c> through the CSV checks; returns its byte count.</summary>
    private static async Task<long> ReadFilePartAsync(HttpContext context, string boundary, IUploadRecordSink validator, SandboxOptions options, string kind, int columns)
    {
        var reader = new MultipartReader(boundary, context.Request.Body);
        try
        {
            MultipartSection? section = await reader.ReadNextSectionAsync(context.RequestAborted).ConfigureAwait(false);
            if (section is null)
            {
                throw new ApiErrorException(400, "invalid_uploading",
                    "Файл не передан. / The multipart body has no part; send exactly one part named 'file'.", "file");
            }

            string partName = PartName(section);
            if (!string.Equals(partName, "file", StringComparison.Ordinal))
            {
                throw new ApiErrorException(400, "invalid_uploading",
                    $"Неверное имя части multipart-запроса. / The multipart part is named '{partName}'; it must be named 'file'.", "file");
            }

            long bytes = await ReadCsvAsync(section.Body, validator, options, kind, columns, context.RequestAborted).ConfigureAwait(false);
            if (await reader.ReadNextSectionAsync(context.RequestAborted).ConfigureAwait(false) is MultipartSection extra)
            {
                throw new ApiErrorException(400, "invalid_uploading",
                    $"Запрос должен содержать ровно один файл. / The multipart body has more than one part (another is named '{PartName(extra)}'); send exactly one part named 'file'.", "file");
            }

            return bytes;
        }
        catch (IOException) when (!context.RequestAborted.IsCancellationRequested)
        {
            throw new ApiErrorException(400, "invalid_uploading",
                "Неверный формат multipart-запроса. / The multipart body is malformed or truncated.", "file");
        }
        catch (InvalidDataException)
        {
            throw new ApiErrorException(400, "invalid_uploading",
                "Неверный формат multipart-запроса. / The multipart body is malformed (bad part headers).", "file");
        }
    }

    /// <summary>
    /// Stores a checked upload (at once, or late) and answers: the upload object, or the fault
    /// drawn for this request when it is an "applied then …" one.
    /// </summary>
    internal static async Task StoreAndAnswerAsync(HttpContext context, SandboxRuntime runtime, SandboxUpload upload, DateTimeOffset now)
    {
        context.Items[SandboxRuntime.UploadIdItem] = upload.Id;
        TimeSpan? late = runtime.Options.Faults.DrawLateStore();
        if (late is { } delay)
        {
            // Read and checked now, stored (visible to every read) only after the delay,
            // whatever becomes of this request meanwhile.
            upload.StoreAfter(delay);
            context.Items[SandboxRuntime.LateStoreItem] = true;
        }

        runtime.State.Store(upload);
        if (late is not null && runtime.Options.Faults.LateStoreHoldsAnswer)
        {
            await WaitUntilStoredAsync(upload, runtime.Clock, context.RequestAborted).ConfigureAwait(false);
        }

        if (context.Items.TryGetValue(SandboxRuntime.FaultItem, out object? faultObject) && faultObject is SandboxFaultKind fault)
        {
            context.Items[SandboxRuntime.FaultAppliedItem] = true;
            upload.FaultAfterStore = fault;
            if (fault == SandboxFaultKind.AppliedThenReset)
            {
                ((SandboxRuntime.RequestScope)context.Items[SandboxRuntime.ScopeItem]!).Abort();
                return;
            }

            await ApiErrors.WriteAsync(context, 504, "timeout",
                "Превышено время ожидания. / Gateway timeout (injected by the sandbox after the upload was stored).").ConfigureAwait(false);
            return;
        }

        await WriteUploadingAsync(context, upload, now).ConfigureAwait(false);
    }

    /// <summary>
    /// Holds an answer until the sandbox clock reaches the upload's store time, looking at least
    /// every 100 ms of real time, so a manual clock's step releases it too.
    /// </summary>
    private static async Task WaitUntilStoredAsync(SandboxUpload upload, TimeProvider clock, CancellationToken cancellationToken)
    {
        TimeSpan most = TimeSpan.FromMilliseconds(100);
        TimeSpan left;
        while ((left = upload.StoredAt - clock.GetUtcNow()) > TimeSpan.Zero)
        {
            await Task.Delay(left < most ? left : most, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string PartName(MultipartSection section)
    {
        if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out ContentDispositionHeaderValue? disposition))
        {
            return HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
        }

        return string.Empty;
    }

    private static async Task<long> ReadCsvAsync(Stream body, IUploadRecordSink validator, SandboxOptions options, string kind, int columns, CancellationToken cancellationToken)
    {
        var counting = new CountingReadStream(body, options.MaxFileBytes);
        var parser = new CsvPushParser(validator.OnRecord, new CsvLimits(options.MaxFieldLength, options.MaxFieldsPerRecord, options.MaxRecordLength));
        char[] buffer = ArrayPool<char>.Shared.Rent(32 * 1024);
        try
        {
            using var text = new StreamReader(counting, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
            int read;
            while ((read = await text.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                parser.Feed(buffer.AsSpan(0, read));
            }

            parser.Complete();
            return counting.BytesRead;
        }
        catch (FileTooLargeException tooLarge)
        {
            throw new ApiErrorException(400, "limit_exceeded",
                $"Превышен максимальный размер файла. / The file is larger than the limit of {tooLarge.Limit} bytes; split it into several uploads.", "file");
        }
        catch (DecoderFallbackException)
        {
            throw new ApiErrorException(400, "invalid_uploading",
                $"Файл должен быть в кодировке UTF-8. / The file is not valid UTF-8 (bad bytes near byte {counting.BytesRead}); save it as UTF-8.", "file");
        }
        catch (CsvContentException content)
        {
            throw ContentError(content, validator.Header, kind, columns);
        }
        catch (CsvSyntaxException syntax)
        {
            throw new ApiErrorException(400, "invalid_uploading",
                $"Ошибка в строке {syntax.Line}: неверный формат CSV. / Malformed CSV: {syntax.Message}.", "file");
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static ApiErrorException ContentError(CsvContentException content, IReadOnlyList<string> header, string kind, int columns)
    {
        int line = content.Line;
        string column = content.Field <= header.Count
            ? $"column {content.Field} ({header[content.Field - 1]})"
            : $"column {content.Field}";
        string message = content.Problem switch
        {
            CsvContentProblem.NulCharacter =>
                $"Ошибка в строке {line}: недопустимый символ NUL. / Line {line}, {column}: the value holds a NUL character (U+0000), which a text file never has; " +
                "the file is binary or UTF-16, or a value was copied with a terminator. Remove the character and save the file as UTF-8.",
            CsvContentProblem.FieldTooLong =>
                $"Ошибка в строке {line}: слишком длинное значение. / Line {line}, {column}: the value is longer than {content.Limit} characters; " +
                "shorten it, or check for a quote that is never closed.",
            CsvContentProblem.TooManyFields =>
                $"Ошибка в строке {line}: слишком много столбцов. / Line {line} has more than {content.Limit} fields; a {kind} file has at most {columns} columns. " +
                "Quote values that contain commas.",
            _ =>
                $"Ошибка в строке {line}: слишком длинная строка. / The record on line {line} is longer than {content.Limit} characters; " +
                "check for a quote that is never closed.",
        };
        return new ApiErrorException(400, "invalid_uploading", message, "file");
    }

    private static async Task GetUploadAsync(HttpContext context, SandboxRuntime runtime, bool plural)
    {
        if (!runtime.ServesUploadById(plural))
        {
            // The spelling this sandbox does not serve (SandboxOptions.UploadByIdPath): an unknown path.
            throw new ApiErrorException(404, "not_found",
                $"Ресурс не найден. / No such resource: {context.Request.Method} {context.Request.Path}.");
        }

        int counterId = runtime.Authorize(context, RouteValue(context, "counterId"));
        long id = UploadIdParameter(context);
        SandboxUpload? upload = runtime.State.FindUpload(id);
        if (upload is null || upload.CounterId != counterId)
        {
            throw new ApiErrorException(404, "not_found",
                $"Загрузка {id} не найдена. / Upload {id} does not exist on counter {counterId}.");
        }

        await WriteUploadingAsync(context, upload, runtime.Clock.GetUtcNow()).ConfigureAwait(false);
    }

    /// <summary>The <c>{id}</c> route value as an upload id, or the API's 400.</summary>
    internal static long UploadIdParameter(HttpContext context)
    {
        string idText = RouteValue(context, "id");
        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out long id))
        {
            throw new ApiErrorException(400, "invalid_parameter",
                $"Неверный идентификатор загрузки. / Upload id '{idText}' is not an integer.", "id");
        }

        return id;
    }

    /// <summary>Answers <c>{"uploading":{...}}</c>.</summary>
    internal static Task WriteUploadingAsync(HttpContext context, SandboxUpload upload, DateTimeOffset now) =>
        WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("uploading");
            WriteUpload(writer, upload, now);
            writer.WriteEndObject();
        });

    private static async Task ListUploadsAsync(HttpContext context, SandboxRuntime runtime)
    {
        int counterId = runtime.Authorize(context, RouteValue(context, "counterId"));
        (int limit, int offset) = PageParameters(context);
        string? type = context.Request.Query["type"];
        IEnumerable<SandboxUpload> uploads = runtime.State.UploadsOf(counterId).Reverse();
        if (!string.IsNullOrEmpty(type))
        {
            if (type is not ("BASIC" or "CALLS" or "CHATS"))
            {
                throw new ApiErrorException(400, "invalid_parameter",
                    $"Неверное значение параметра type. / Parameter type '{type}' must be BASIC, CALLS or CHATS.", "type");
            }

            uploads = uploads.Where(u => string.Equals(u.Type, type, StringComparison.Ordinal));
        }

        await WriteUploadingsAsync(context, uploads, limit, offset, runtime.Clock.GetUtcNow()).ConfigureAwait(false);
    }

    /// <summary>A list's <c>limit</c> (1..10000, default 10000) and <c>offset</c> (from 0), or the API's 400.</summary>
    internal static (int Limit, int Offset) PageParameters(HttpContext context) =>
        (IntParameter(context, "limit", 10_000, 1, 10_000), IntParameter(context, "offset", 0, 0, int.MaxValue));

    /// <summary>Answers <c>{"uploadings":[...]}</c> with one page of a list.</summary>
    /// <param name="newestFirst">The uploads to page through, in the order to list them.</param>
    internal static async Task WriteUploadingsAsync(HttpContext context, IEnumerable<SandboxUpload> newestFirst, int limit, int offset, DateTimeOffset now)
    {
        SandboxUpload[] page = newestFirst.Skip(offset).Take(limit).ToArray();
        await WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("uploadings");
            foreach (SandboxUpload upload in page)
            {
                WriteUpload(writer, upload, now);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task SwitchAsync(HttpContext context, SandboxRuntime runtime, bool calls, bool on)
    {
        int counterId = runtime.Authorize(context, RouteValue(context, "counterId"));
        if (calls)
        {
            runtime.State.SetCallsExtended(counterId, on);
        }
        else
        {
            runtime.State.SetConversionExtended(counterId, on);
        }

        await WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteBoolean("success", true);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task JoinThresholdAsync(HttpContext context, SandboxRuntime runtime, bool calls)
    {
        int counterId = runtime.Authorize(context, RouteValue(context, "counterId"));
        SandboxCounterState state = runtime.State.GetCounter(counterId)!;
        DateTimeOffset now = runtime.Clock.GetUtcNow();
        DateTimeOffset? since = calls ? state.CallsExtendedSince : state.ConversionExtendedSince;
        DateTimeOffset date = JoinThreshold(now, since);
        await WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("date", date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The earliest visit an upload made now can join: 16 hours back by default; with the
    /// extended window on since <paramref name="since"/>, visits registered after the switch keep
    /// up to 21 days, so the date is the switch time or 16 hours back, whichever is earlier, but
    /// never more than 21 days back.
    /// </summary>
    internal static DateTimeOffset JoinThreshold(DateTimeOffset now, DateTimeOffset? since)
    {
        DateTimeOffset normal = now - TimeSpan.FromHours(16);
        if (since is not DateTimeOffset start)
        {
            return normal;
        }

        DateTimeOffset earliest = start < normal ? start : normal;
        DateTimeOffset floor = now - TimeSpan.FromDays(21);
        return earliest < floor ? floor : earliest;
    }

    private static async Task GetCounterAsync(HttpContext context, SandboxRuntime runtime)
    {
        int counterId = runtime.Authorize(context, RouteValue(context, "counterId"));
        SandboxCounterState state = runtime.State.GetCounter(counterId)!;
        await WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("counter");
            WriteCounter(writer, state, full: true);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task ListCountersAsync(HttpContext context, SandboxRuntime runtime)
    {
        var principal = (SandboxPrincipal)context.Items[SandboxRuntime.PrincipalItem]!;
        int perPage = IntParameter(context, "per_page", 1000, 1, 10_000);
        int offset = IntParameter(context, "offset", 1, 1, int.MaxValue);
        SandboxCounterState[] visible = runtime.State.KnownCounters
            .Where(principal.Counters.Contains)
            .Select(c => runtime.State.GetCounter(c)!)
            .ToArray();
        SandboxCounterState[] page = visible.Skip(offset - 1).Take(perPage).ToArray();
        await WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("rows", visible.Length);
            writer.WriteStartArray("counters");
            foreach (SandboxCounterState state in page)
            {
                WriteCounter(writer, state, full: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static void WriteCounter(Utf8JsonWriter writer, SandboxCounterState state, bool full)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", state.CounterId);
        writer.WriteString("status", "Active");
        writer.WriteString("owner_login", "sandbox-user");
        writer.WriteString("name", "Sandbox counter " + state.CounterId.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("type", "simple");
        writer.WriteString("site", $"sandbox-{state.CounterId}.example");
        writer.WritePropertyName("site2");
        writer.WriteStartObject();
        writer.WriteString("site", $"sandbox-{state.CounterId}.example");
        writer.WriteEndObject();
        writer.WriteString("permission", "own");
        if (full)
        {
            writer.WritePropertyName("offline_options");
            writer.WriteStartObject();
            writer.WriteBoolean("offline_conversion_extended_threshold", state.ConversionExtendedThreshold);
            writer.WriteBoolean("offline_calls_extended_threshold", state.CallsExtendedThreshold);
            writer.WriteBoolean("offline_visits_extended_threshold", false);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static int IntParameter(HttpContext context, string name, int defaultValue, int min, int max)
    {
        string? text = context.Request.Query[name];
        if (string.IsNullOrEmpty(text))
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            throw new ApiErrorException(400, "invalid_parameter",
                $"Неверное значение параметра {name}. / Parameter {name} '{text}' must be an integer from {min} to {max}.", name);
        }

        return value;
    }
}
