using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MetricaChats.Sandbox;

/// <summary>
/// The counter's goals: the list (with the automatic Chat goal once the first chat upload is
/// processed), one goal, and making a goal, checked strictly (the name <c>Chat</c> is Metrica's own).
/// </summary>
internal static class SandboxGoalsApi
{
    /// <summary>The largest goal request body.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>The goal types the reference lists for goals a user makes (the chat goal's is not public).</summary>
    private static readonly HashSet<string> UserGoalTypes = new(StringComparer.Ordinal)
    {
        "number", "action", "step", "url", "email", "phone", "form", "messenger", "button", "file", "search",
    };

    /// <summary>Condition types the reference lists.</summary>
    private static readonly HashSet<string> ConditionTypes = new(StringComparer.Ordinal) { "regexp", "contain", "start", "exact", "action" };

    public static void Map(WebApplication app, SandboxRuntime runtime)
    {
        string counter = "/management/v1/counter/{counterId}";
        app.MapGet(counter + "/goals", context => ListAsync(context, runtime));
        app.MapPost(counter + "/goals", context => CreateAsync(context, runtime));
        app.MapGet(counter + "/goal/{goalId}", context => GetAsync(context, runtime));
    }

    internal static void WriteGoal(Utf8JsonWriter writer, SandboxGoal goal)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", goal.Id);
        writer.WriteString("name", goal.Name);
        writer.WriteString("type", goal.Type);
        writer.WriteNumber("default_price", 0);
        writer.WriteNumber("is_retargeting", 0);
        writer.WriteString("goal_source", goal.GoalSource);
        writer.WriteBoolean("is_favorite", false);
        writer.WriteString("status", "Active");
        writer.WriteStartArray("conditions");
        foreach (SandboxGoalCondition condition in goal.Conditions)
        {
            writer.WriteStartObject();
            writer.WriteString("type", condition.Type);
            writer.WriteString("url", condition.Url);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string RouteValue(HttpContext context, string name) =>
        context.Request.RouteValues[name] as string ?? string.Empty;

    private static async Task ListAsync(HttpContext context, SandboxRuntime runtime)
    {
        int counterId = runtime.Authorize(context, RouteValue(context, "counterId"));
        string? useDeleted = context.Request.Query["useDeleted"];
        if (!string.IsNullOrEmpty(useDeleted) && useDeleted is not ("true" or "false" or "1" or "0"))
        {
            throw new ApiErrorException(400, "invalid_parameter",
                $"Неверное значение параметра useDeleted. / Parameter useDeleted '{useDeleted}' must be true or false.", "useDeleted");
        }

        // The sandbox deletes no goal, so useDeleted changes nothing.
        IReadOnlyList<SandboxGoal> goals = runtime.State.GoalsOf(counterId);
        await SandboxApi.WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("goals");
            foreach (SandboxGoal goal in goals)
            {
                WriteGoal(writer, goal);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task GetAsync(HttpContext context, SandboxRuntime runtime)
    {
        int counterId = runtime.Authorize(context, RouteValue(context, "counterId"));
        string idText = RouteValue(context, "goalId");
        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out long id))
        {
            throw new ApiErrorException(400, "invalid_parameter",
                $"Неверный идентификатор цели. / Goal id '{idText}' is not an integer.", "goalId");
        }

        SandboxGoal goal = runtime.State.GoalsOf(counterId).FirstOrDefault(g => g.Id == id)
            ?? throw new ApiErrorException(404, "not_found", $"Цель {id} не найдена. / Goal {id} does not exist on counter {counterId}.");
        await WriteOneAsync(context, goal).ConfigureAwait(false);
    }

    private static async Task CreateAsync(HttpContext context, SandboxRuntime runtime)
    {
        int counterId = runtime.Authorize(context, RouteValue(context, "counterId"));
        using JsonDocument body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body.RootElement.ValueKind != JsonValueKind.Object || !body.RootElement.TryGetProperty("goal", out JsonElement goal) || goal.ValueKind != JsonValueKind.Object)
        {
            throw new ApiErrorException(400, "invalid_json",
                "Неверный формат запроса. / The body must be {\"goal\": {\"name\": ..., \"type\": ..., \"conditions\": [...]}}.", "goal");
        }

        string name = Text(goal, "name").Trim();
        if (name.Length == 0)
        {
            throw new ApiErrorException(400, "missing_parameter", "Не указано название цели. / The goal has no name.", "goal.name");
        }

        if (string.Equals(name, SandboxGoal.ChatGoalName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiErrorException(400, "invalid_parameter",
                $"Название «{name}» зарезервировано. / The name '{name}' belongs to the automatic goal Metrica creates with the counter's first chat upload; choose another name.",
                "goal.name");
        }

        string type = Text(goal, "type").Trim();
        if (!UserGoalTypes.Contains(type))
        {
            throw new ApiErrorException(400, "invalid_parameter",
                $"Неверный тип цели. / Goal type '{type}' cannot be made here; use one of {string.Join(", ", UserGoalTypes)} (the chat goal is made by Metrica itself).",
                "goal.type");
        }

        IReadOnlyList<SandboxGoalCondition> conditions = Conditions(goal);
        if (conditions.Count == 0 && type is "url" or "action")
        {
            throw new ApiErrorException(400, "missing_parameter",
                $"Не указаны условия цели. / A goal of type '{type}' needs at least one condition, e.g. {{\"type\":\"contain\",\"url\":\"thank-you\"}}.",
                "goal.conditions");
        }

        SandboxGoal made = runtime.State.AddGoal(counterId, name, type, conditions);
        await WriteOneAsync(context, made).ConfigureAwait(false);
    }

    private static IReadOnlyList<SandboxGoalCondition> Conditions(JsonElement goal)
    {
        if (!goal.TryGetProperty("conditions", out JsonElement list) || list.ValueKind == JsonValueKind.Null)
        {
            return Array.Empty<SandboxGoalCondition>();
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new ApiErrorException(400, "invalid_json", "Условия цели должны быть списком. / 'conditions' must be an array.", "goal.conditions");
        }

        var conditions = new List<SandboxGoalCondition>();
        foreach (JsonElement item in list.EnumerateArray())
        {
            string type = item.ValueKind == JsonValueKind.Object ? Text(item, "type") : string.Empty;
            string url = item.ValueKind == JsonValueKind.Object ? Text(item, "url") : string.Empty;
            if (!ConditionTypes.Contains(type) || url.Length == 0)
            {
                throw new ApiErrorException(400, "invalid_parameter",
                    $"Неверное условие цели. / Condition {conditions.Count + 1} needs a type ({string.Join(", ", ConditionTypes)}) and a non-empty url, not type '{type}' and url '{url}'.",
                    "goal.conditions");
            }

            conditions.Add(new SandboxGoalCondition(type, url));
        }

        return conditions;
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;

    private static Task WriteOneAsync(HttpContext context, SandboxGoal goal) =>
        SandboxApi.WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("goal");
            WriteGoal(writer, goal);
            writer.WriteEndObject();
        });

    private static async Task<JsonDocument> ReadBodyAsync(HttpContext context)
    {
        byte[] body = await SandboxAdmin.ReadBoundedAsync(context, MaxBodyBytes).ConfigureAwait(false)
            ?? throw new ApiErrorException(400, "invalid_json", $"Слишком большой запрос. / The body is larger than {MaxBodyBytes} bytes; a goal is a small JSON object.", "goal");
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException error)
        {
            throw new ApiErrorException(400, "invalid_json", "Неверный JSON. / The body is not JSON: " + error.Message, "goal");
        }
    }
}
