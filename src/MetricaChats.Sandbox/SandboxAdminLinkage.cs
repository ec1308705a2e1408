using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MetricaChats.Sandbox;

/// <summary>
/// Admin endpoints for what decides the upload statistics and the goals: the visitors each
/// counter knows, the goals, and the API settings that vary between readings of the reference
/// (the upload-by-id path). Loopback only, like every admin endpoint.
/// </summary>
internal static class SandboxAdminLinkage
{
    public static void Map(WebApplication app, SandboxRuntime runtime)
    {
        app.MapGet("/_sandbox/visitors", context => SandboxAdmin.WriteAsync(context, VisitorsView(runtime)));

        app.MapPost("/_sandbox/visitors", async context =>
        {
            using JsonDocument body = await SandboxAdmin.ReadBodyAsync(context).ConfigureAwait(false);
            AddVisitors(runtime, body.RootElement);
            await SandboxAdmin.WriteAsync(context, VisitorsView(runtime)).ConfigureAwait(false);
        });

        app.MapGet("/_sandbox/goals", context =>
        {
            IEnumerable<SandboxGoal> goals = runtime.State.Goals;
            if (int.TryParse(context.Request.Query["counter"], NumberStyles.None, CultureInfo.InvariantCulture, out int counter))
            {
                goals = goals.Where(g => g.CounterId == counter);
            }

            return SandboxAdmin.WriteAsync(context, goals.Select(g => new
            {
                id = g.Id,
                counter_id = g.CounterId,
                name = g.Name,
                type = g.Type,
                goal_source = g.GoalSource,
                conditions = g.Conditions.Select(c => new { type = c.Type, url = c.Url }).ToArray(),
                created_at = g.CreatedAt,
            }).ToArray());
        });

        app.MapGet("/_sandbox/settings", context => SandboxAdmin.WriteAsync(context, SettingsView(runtime)));

        app.MapPost("/_sandbox/settings", async context =>
        {
            using JsonDocument body = await SandboxAdmin.ReadBodyAsync(context).ConfigureAwait(false);
            if (body.RootElement.TryGetProperty("upload_by_id_path", out JsonElement path))
            {
                string? name = path.GetString();
                if (!Enum.TryParse(name, ignoreCase: true, out SandboxUploadByIdPath value) || !Enum.IsDefined(value) || int.TryParse(name, out _))
                {
                    throw new ArgumentException($"Unknown upload_by_id_path '{name}'; use {string.Join(", ", Enum.GetNames<SandboxUploadByIdPath>())}.");
                }

                runtime.UploadByIdPath = value;
            }

            await SandboxAdmin.WriteAsync(context, SettingsView(runtime)).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Applies <c>{"counter_id": 12345, "ClientId": ["..."], "UserId": ["..."], ...}</c>: every
    /// other property names a Metrica id column and lists its values; without <c>counter_id</c>
    /// the visitors are known on every counter.
    /// </summary>
    private static void AddVisitors(SandboxRuntime runtime, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("Send an object such as {\"counter_id\":12345,\"ClientId\":[\"1700000000000000001\"]}.");
        }

        int[] counters = root.TryGetProperty("counter_id", out JsonElement c) ? new[] { c.GetInt32() } : runtime.State.KnownCounters.ToArray();
        var ids = new List<SandboxVisitorId>();
        foreach (JsonProperty property in root.EnumerateObject().Where(p => p.Name != "counter_id"))
        {
            string column = SandboxVisitors.Canonical(property.Name);
            IEnumerable<JsonElement> values = property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray() : new[] { property.Value };
            foreach (JsonElement value in values)
            {
                string text = value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString() ?? string.Empty;
                ids.AddRange(counters.Select(counter => new SandboxVisitorId(counter, column, text)));
            }
        }

        if (ids.Count == 0)
        {
            throw new ArgumentException("No visitor id given: add e.g. \"ClientId\": [\"1700000000000000001\"].");
        }

        foreach (SandboxVisitorId id in ids)
        {
            runtime.State.AddVisitor(id.CounterId, id.Column, id.Value);
        }
    }

    private static object VisitorsView(SandboxRuntime runtime) => runtime.State.Visitors
        .Select(v => new { counter_id = v.CounterId, column = v.Column, value = v.Value })
        .ToArray();

    private static object SettingsView(SandboxRuntime runtime) => new
    {
        upload_by_id_path = runtime.UploadByIdPath.ToString(),
        chat_goal_type = runtime.State.ChatGoalType,
    };
}
