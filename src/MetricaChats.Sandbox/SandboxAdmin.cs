using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MetricaChats.Sandbox;

/// <summary>
/// Admin endpoints under <c>/_sandbox</c> for out-of-process users (Pester, the CLI): inspect
/// what arrived, reset, steer faults and quotas. No token needed; the server listens on loopback
/// only and these endpoints refuse any other peer.
/// </summary>
internal static class SandboxAdmin
{
    /// <summary>The largest admin request body (a small JSON object).</summary>
    internal const int MaxAdminBodyBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Map(WebApplication app, SandboxRuntime runtime)
    {
        app.MapGet("/_sandbox", context => WriteAsync(context, new
        {
            base_address = runtime.BaseAddress?.ToString(),
            counters = runtime.State.KnownCounters,
            processing_seconds = runtime.ProcessingTime.TotalSeconds,
            uploads = runtime.State.Uploads.Count,
            pending_uploads = runtime.State.PendingUploads.Count,
            requests = runtime.State.Requests.Count,
            endpoints = new[]
            {
                "GET /_sandbox/uploads[?counter=N][&type=CHATS|CALLS][&rows=false|accepted][&pending=true]", "GET /_sandbox/uploads/{id}", "POST /_sandbox/uploads",
                "GET /_sandbox/call_goals[?counter=N]",
                "GET /_sandbox/requests", "GET /_sandbox/counters", "POST /_sandbox/reset",
                "GET|POST /_sandbox/faults", "GET|POST /_sandbox/outage", "GET|POST /_sandbox/quotas",
                "GET|POST /_sandbox/visitors", "GET /_sandbox/goals[?counter=N]", "GET|POST /_sandbox/settings",
            },
        }));

        app.MapGet("/_sandbox/uploads", context =>
        {
            DateTimeOffset now = runtime.Clock.GetUtcNow();
            IQueryCollection query = context.Request.Query;
            IEnumerable<SandboxUpload> uploads = runtime.State.Uploads;
            if (string.Equals(query["pending"], "true", StringComparison.OrdinalIgnoreCase))
            {
                uploads = uploads.Concat(runtime.State.PendingUploads).OrderBy(u => u.Id);
            }

            if (int.TryParse(query["counter"], NumberStyles.None, CultureInfo.InvariantCulture, out int counter))
            {
                uploads = uploads.Where(u => u.CounterId == counter);
            }

            if (!string.IsNullOrEmpty(query["type"]))
            {
                string type = query["type"]!;
                uploads = uploads.Where(u => string.Equals(u.Type, type, StringComparison.OrdinalIgnoreCase));
            }

            RowsView rows = string.Equals(query["rows"], "false", StringComparison.OrdinalIgnoreCase) ? RowsView.None
                : string.Equals(query["rows"], "accepted", StringComparison.OrdinalIgnoreCase) ? RowsView.Accepted
                : RowsView.All;
            return WriteAsync(context, uploads.Select(u => View(u, now, rows)).ToArray());
        });

        app.MapGet("/_sandbox/uploads/{id}", context =>
        {
            string text = context.Request.RouteValues["id"] as string ?? string.Empty;
            SandboxUpload? upload = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? runtime.State.FindUpload(id) : null;
            if (upload is null)
            {
                return ApiErrors.WriteAsync(context, 404, "not_found", $"No upload {text}.");
            }

            return WriteAsync(context, View(upload, runtime.Clock.GetUtcNow(), RowsView.All));
        });

        app.MapPost("/_sandbox/uploads", async context =>
        {
            using JsonDocument body = await ReadBodyAsync(context).ConfigureAwait(false);
            JsonElement root = body.RootElement;
            int counter = root.TryGetProperty("counter_id", out JsonElement c) ? c.GetInt32() : runtime.State.KnownCounters.FirstOrDefault();
            string type = root.TryGetProperty("type", out JsonElement t) ? t.GetString() ?? "BASIC" : "BASIC";
            string? comment = root.TryGetProperty("comment", out JsonElement m) ? m.GetString() : null;
            string status = root.TryGetProperty("status", out JsonElement s) ? s.GetString() ?? SandboxUploadStatus.Processed : SandboxUploadStatus.Processed;
            SandboxUpload upload = runtime.State.AddUpload(counter, type, comment, status);
            await WriteAsync(context, View(upload, runtime.Clock.GetUtcNow(), RowsView.None)).ConfigureAwait(false);
        });

        app.MapGet("/_sandbox/call_goals", context =>
        {
            IEnumerable<int> counters = int.TryParse(context.Request.Query["counter"], NumberStyles.None, CultureInfo.InvariantCulture, out int counter)
                ? new[] { counter }
                : runtime.State.KnownCounters;
            return WriteAsync(context, counters.SelectMany(runtime.State.CallGoalsOf).Select(g => new
            {
                counter_id = g.CounterId,
                name = g.Name,
                upload_id = g.UploadId,
                created_at = g.CreatedAt,
            }).ToArray());
        });

        app.MapGet("/_sandbox/requests", context => WriteAsync(context, runtime.State.Requests));

        app.MapGet("/_sandbox/counters", context => WriteAsync(context, runtime.State.KnownCounters.Select(runtime.State.GetCounter).ToArray()));

        app.MapPost("/_sandbox/reset", context =>
        {
            runtime.Reset();
            return WriteAsync(context, new { reset = true });
        });

        app.MapGet("/_sandbox/faults", context => WriteAsync(context, FaultsView(runtime.Options.Faults)));

        app.MapPost("/_sandbox/faults", async context =>
        {
            using JsonDocument body = await ReadBodyAsync(context).ConfigureAwait(false);
            ApplyFaults(runtime.Options.Faults, body.RootElement);
            await WriteAsync(context, FaultsView(runtime.Options.Faults)).ConfigureAwait(false);
        });

        app.MapGet("/_sandbox/outage", context => WriteAsync(context, OutageView(runtime.Options.Faults.Outage)));

        app.MapPost("/_sandbox/outage", async context =>
        {
            using JsonDocument body = await ReadBodyAsync(context).ConfigureAwait(false);
            ApplyOutage(runtime.Options.Faults, body.RootElement);
            await WriteAsync(context, OutageView(runtime.Options.Faults.Outage)).ConfigureAwait(false);
        });

        app.MapGet("/_sandbox/quotas", context => WriteAsync(context, QuotasView(runtime)));

        app.MapPost("/_sandbox/quotas", async context =>
        {
            using JsonDocument body = await ReadBodyAsync(context).ConfigureAwait(false);
            JsonElement root = body.RootElement;
            SandboxQuotas quotas = runtime.Options.Quotas;
            if (root.TryGetProperty("requests_per_second", out JsonElement v)) { quotas.RequestsPerSecond = v.GetInt32(); }
            if (root.TryGetProperty("parallel_per_token", out v)) { quotas.ParallelPerToken = v.GetInt32(); }
            if (root.TryGetProperty("daily_per_token", out v)) { quotas.DailyPerToken = v.GetInt32(); }
            if (root.TryGetProperty("daily_per_counter", out v)) { quotas.DailyPerCounter = v.GetInt32(); }
            if (root.TryGetProperty("processing_seconds", out v)) { runtime.ProcessingTime = TimeSpan.FromSeconds(v.GetDouble()); }
            await WriteAsync(context, QuotasView(runtime)).ConfigureAwait(false);
        });
    }

    /// <summary>Which rows an upload's view carries.</summary>
    private enum RowsView
    {
        All,
        Accepted,
        None,
    }

    private static object View(SandboxUpload upload, DateTimeOffset now, RowsView rows) => new
    {
        id = upload.Id,
        counter_id = upload.CounterId,
        type = upload.Type,
        comment = upload.Comment,
        create_time = upload.CreateTime,
        stored = upload.IsStoredAt(now),
        stored_at = upload.StoredAt,
        stored_late = upload.StoredLate,
        status = upload.GetStatus(now),
        source_quantity = upload.SourceQuantity,
        line_quantity = upload.LineQuantity,
        raw_byte_length = upload.RawByteLength,
        client_id_type = upload.ClientIdType,
        has_metrica_id = upload.HasMetricaId,
        linked_quantity = upload.LinkedQuantity,
        user_not_found_quantity = upload.UserNotFoundQuantity,
        goal_not_found_quantity = upload.GoalNotFoundQuantity,
        fault_after_store = upload.FaultAfterStore,
        calls = upload.Calls is not { } calls ? null : new
        {
            static_calls_quantity = calls.StaticCallsQuantity,
            dynamic_calls_quantity = calls.DynamicCallsQuantity,
            new_goal_name = calls.NewGoalName,
        },
        header = upload.Header,
        rows = rows switch
        {
            RowsView.All => upload.Rows,
            RowsView.Accepted => upload.AcceptedRows,
            _ => null,
        },
        rows_accepted_only = rows == RowsView.Accepted,
        rows_truncated = upload.RowsTruncated,
        row_errors = upload.RowErrors,
        row_errors_truncated = upload.RowErrorsTruncated,
        notes = upload.Notes,
    };

    private static object FaultsView(SandboxFaults faults) => new
    {
        failure_rate = faults.FailureRate,
        slow_delay_ms = faults.SlowDelay.TotalMilliseconds,
        rate_limit_burst_length = faults.RateLimitBurstLength,
        uploads_only = faults.UploadsOnly,
        seed = faults.Seed,
        weights = Enum.GetValues<SandboxFaultKind>().ToDictionary(k => k.ToString(), faults.GetWeight),
        pending = faults.Pending,
        late_store_rate = faults.LateStoreRate,
        late_store_delay_ms = faults.LateStoreDelay.TotalMilliseconds,
        late_store_holds_answer = faults.LateStoreHoldsAnswer,
        pending_late_stores = faults.PendingLateStores,
        outage = OutageView(faults.Outage),
    };

    private static object OutageView(SandboxOutage? outage) => outage is null
        ? new { active = false }
        : new
        {
            active = true,
            kind = outage.Kind.ToString(),
            seconds = outage.Duration.TotalSeconds,
            requests_before_start = outage.RequestsBeforeStart,
            started_at = outage.StartedAt,
            ends_at = outage.EndsAt,
            retry_after_seconds = outage.RetryAfterSeconds,
        };

    /// <summary>
    /// Applies an outage document: <c>{"stop":true}</c>, or <c>kind</c> (<c>ServiceUnavailable</c>
    /// or <c>RateLimit</c>), <c>seconds</c>, optional <c>after_requests</c> and <c>retry_after_seconds</c>.
    /// </summary>
    internal static void ApplyOutage(SandboxFaults faults, JsonElement root)
    {
        if (root.TryGetProperty("stop", out JsonElement stop) && stop.ValueKind == JsonValueKind.True)
        {
            faults.StopOutage();
            return;
        }

        string? name = root.TryGetProperty("kind", out JsonElement k) ? k.GetString() : null;
        if (!Enum.TryParse(name, ignoreCase: true, out SandboxOutageKind kind) || !Enum.IsDefined(kind) || int.TryParse(name, out _))
        {
            throw new ArgumentException($"Unknown outage kind '{name}'; use ServiceUnavailable (503) or RateLimit (429), or {{\"stop\":true}}.");
        }

        if (!root.TryGetProperty("seconds", out JsonElement seconds))
        {
            throw new ArgumentException("Give the outage's length in seconds, e.g. {\"kind\":\"ServiceUnavailable\",\"seconds\":60}.");
        }

        int after = root.TryGetProperty("after_requests", out JsonElement a) ? a.GetInt32() : 0;
        int? retryAfter = root.TryGetProperty("retry_after_seconds", out JsonElement r) && r.ValueKind != JsonValueKind.Null ? r.GetInt32() : null;
        faults.StartOutage(kind, TimeSpan.FromSeconds(seconds.GetDouble()), after, retryAfter);
    }

    private static object QuotasView(SandboxRuntime runtime) => new
    {
        requests_per_second = runtime.Options.Quotas.RequestsPerSecond,
        parallel_per_token = runtime.Options.Quotas.ParallelPerToken,
        daily_per_token = runtime.Options.Quotas.DailyPerToken,
        daily_per_counter = runtime.Options.Quotas.DailyPerCounter,
        processing_seconds = runtime.ProcessingTime.TotalSeconds,
    };

    /// <summary>
    /// Applies a faults document: <c>clear</c>, <c>failure_rate</c>, <c>slow_delay_ms</c>,
    /// <c>rate_limit_burst_length</c>, <c>uploads_only</c>, <c>seed</c>, <c>enable_only</c> (kind
    /// names), <c>weights</c> (kind name to weight), <c>force_next</c> (kind names, in order),
    /// <c>late_store_rate</c>, <c>late_store_delay_ms</c>, <c>late_store_holds_answer</c>,
    /// <c>force_late_store</c> (a count).
    /// </summary>
    internal static void ApplyFaults(SandboxFaults faults, JsonElement root)
    {
        if (root.TryGetProperty("clear", out JsonElement v) && v.ValueKind == JsonValueKind.True) { faults.Clear(); }
        if (root.TryGetProperty("seed", out v)) { faults.Seed = v.ValueKind == JsonValueKind.Null ? null : v.GetInt32(); }
        if (root.TryGetProperty("failure_rate", out v)) { faults.FailureRate = v.GetDouble(); }
        if (root.TryGetProperty("slow_delay_ms", out v)) { faults.SlowDelay = TimeSpan.FromMilliseconds(v.GetDouble()); }
        if (root.TryGetProperty("rate_limit_burst_length", out v)) { faults.RateLimitBurstLength = v.GetInt32(); }
        if (root.TryGetProperty("uploads_only", out v)) { faults.UploadsOnly = v.GetBoolean(); }
        if (root.TryGetProperty("late_store_rate", out v)) { faults.LateStoreRate = v.GetDouble(); }
        if (root.TryGetProperty("late_store_delay_ms", out v)) { faults.LateStoreDelay = TimeSpan.FromMilliseconds(v.GetDouble()); }
        if (root.TryGetProperty("late_store_holds_answer", out v)) { faults.LateStoreHoldsAnswer = v.GetBoolean(); }
        if (root.TryGetProperty("force_late_store", out v)) { faults.ForceLateStore(v.GetInt32()); }
        if (root.TryGetProperty("enable_only", out v)) { faults.EnableOnly(v.EnumerateArray().Select(e => ParseKind(e.GetString())).ToArray()); }
        if (root.TryGetProperty("weights", out v))
        {
            foreach (JsonProperty weight in v.EnumerateObject())
            {
                faults.SetWeight(ParseKind(weight.Name), weight.Value.GetDouble());
            }
        }

        if (root.TryGetProperty("force_next", out v))
        {
            foreach (JsonElement kind in v.EnumerateArray())
            {
                faults.ForceNext(ParseKind(kind.GetString()));
            }
        }
    }

    private static SandboxFaultKind ParseKind(string? name)
    {
        if (Enum.TryParse(name, ignoreCase: true, out SandboxFaultKind kind) && Enum.IsDefined(kind))
        {
            return kind;
        }

        throw new ArgumentException($"Unknown fault kind '{name}'; use one of {string.Join(", ", Enum.GetNames<SandboxFaultKind>())}.");
    }

    /// <summary>Reads an admin request's JSON body, refusing one over <see cref="MaxAdminBodyBytes"/>.</summary>
    internal static async Task<JsonDocument> ReadBodyAsync(HttpContext context)
    {
        byte[] body = await ReadBoundedAsync(context, MaxAdminBodyBytes).ConfigureAwait(false)
            ?? throw new ArgumentException($"the body is larger than {MaxAdminBodyBytes} bytes; an admin request is a small JSON object.");
        string text = System.Text.Encoding.UTF8.GetString(body);
        return JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
    }

    /// <summary>A request body of at most <paramref name="maxBytes"/>, read without holding more; null when it is larger.</summary>
    internal static async Task<byte[]?> ReadBoundedAsync(HttpContext context, int maxBytes)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    internal static Task WriteAsync(HttpContext context, object value)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, value, value.GetType(), Json, context.RequestAborted);
    }
}
