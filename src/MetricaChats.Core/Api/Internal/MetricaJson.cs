using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MetricaChats.Core.Api.Internal;

// The wire shapes of Metrica's JSON, in one place. Unknown fields are ignored; numbers are
// accepted as numbers or strings, flags as booleans, 0/1 or text, dates as text (parsed
// tolerantly when mapped), so a small difference in Metrica's answer does not break a run.

internal sealed class UploadingDto
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("create_time")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? CreateTime { get; set; }

    [JsonPropertyName("source_quantity")]
    public long SourceQuantity { get; set; }

    [JsonPropertyName("line_quantity")]
    public long LineQuantity { get; set; }

    [JsonPropertyName("comment")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Comment { get; set; }

    [JsonPropertyName("type")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Type { get; set; }

    [JsonPropertyName("client_id_type")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? ClientIdType { get; set; }

    [JsonPropertyName("status")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Status { get; set; }

    // Newer answers only: absent (null) in older ones and, on the real API, possibly before processing ends.
    [JsonPropertyName("linked_quantity")]
    public long? LinkedQuantity { get; set; }

    [JsonPropertyName("user_not_found_quantity")]
    public long? UserNotFoundQuantity { get; set; }

    [JsonPropertyName("goal_not_found_quantity")]
    public long? GoalNotFoundQuantity { get; set; }
}

/// <summary>One upload: <c>{"uploading": {...}}</c>, or <c>{"uploadings": [{...}]}</c> as on the chat page's sample.</summary>
internal sealed class UploadingEnvelope
{
    [JsonPropertyName("uploading")]
    public UploadingDto? Uploading { get; set; }

    [JsonPropertyName("uploadings")]
    public List<UploadingDto>? Uploadings { get; set; }
}

internal sealed class GoalConditionDto
{
    [JsonPropertyName("type")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Type { get; set; }

    [JsonPropertyName("url")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Url { get; set; }
}

internal sealed class GoalDto
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("name")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Name { get; set; }

    [JsonPropertyName("type")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Type { get; set; }

    [JsonPropertyName("goal_source")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? GoalSource { get; set; }

    [JsonPropertyName("conditions")]
    public List<GoalConditionDto?>? Conditions { get; set; }
}

/// <summary>The goals list: <c>{"goals": [...]}</c>.</summary>
internal sealed class GoalsEnvelope
{
    [JsonPropertyName("goals")]
    public List<GoalDto?>? Goals { get; set; }
}

internal sealed class OfflineOptionsDto
{
    [JsonPropertyName("offline_calls_extended_threshold")]
    [JsonConverter(typeof(LooseBooleanConverter))]
    public bool? CallsExtendedThreshold { get; set; }

    [JsonPropertyName("offline_conversion_extended_threshold")]
    [JsonConverter(typeof(LooseBooleanConverter))]
    public bool? ConversionExtendedThreshold { get; set; }
}

internal sealed class Site2Dto
{
    [JsonPropertyName("site")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Site { get; set; }
}

internal sealed class CounterDto
{
    [JsonPropertyName("id")]
    public int Id { get; set; }

    [JsonPropertyName("name")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Name { get; set; }

    [JsonPropertyName("site")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Site { get; set; }

    [JsonPropertyName("site2")]
    public Site2Dto? Site2 { get; set; }

    [JsonPropertyName("status")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Status { get; set; }

    [JsonPropertyName("permission")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Permission { get; set; }

    [JsonPropertyName("owner_login")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? OwnerLogin { get; set; }

    [JsonPropertyName("offline_options")]
    public OfflineOptionsDto? OfflineOptions { get; set; }
}

internal sealed class CounterEnvelope
{
    [JsonPropertyName("counter")]
    public CounterDto? Counter { get; set; }
}

internal sealed class CountersEnvelope
{
    [JsonPropertyName("rows")]
    public long? Rows { get; set; }

    [JsonPropertyName("counters")]
    public List<CounterDto>? Counters { get; set; }
}

internal sealed class VisitJoinThresholdDto
{
    [JsonPropertyName("date")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Date { get; set; }
}

internal sealed class SuccessDto
{
    [JsonPropertyName("success")]
    [JsonConverter(typeof(LooseBooleanConverter))]
    public bool? Success { get; set; }
}

internal sealed class ErrorItemDto
{
    [JsonPropertyName("error_type")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? ErrorType { get; set; }

    [JsonPropertyName("message")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Message { get; set; }

    [JsonPropertyName("location")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Location { get; set; }
}

internal sealed class ErrorEnvelope
{
    [JsonPropertyName("errors")]
    public List<ErrorItemDto>? Errors { get; set; }

    [JsonPropertyName("code")]
    public int? Code { get; set; }

    [JsonPropertyName("message")]
    [JsonConverter(typeof(LooseStringConverter))]
    public string? Message { get; set; }
}

/// <summary>Reads a JSON string, number or boolean as text; null for null, objects and arrays.</summary>
internal sealed class LooseStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var l) ? l.ToString(CultureInfo.InvariantCulture) : reader.GetDouble().ToString("R", CultureInfo.InvariantCulture);
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}

/// <summary>Reads true/false, 1/0 (numbers or text) and "yes"/"no"/"on"/"off" as a flag.</summary>
internal sealed class LooseBooleanConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var l) ? l != 0 : reader.GetDouble() != 0;
            case JsonTokenType.String:
                var s = (reader.GetString() ?? string.Empty).Trim();
                if (s.Length == 0)
                {
                    return null;
                }

                if (s == "1" || s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("yes", StringComparison.OrdinalIgnoreCase) || s.Equals("on", StringComparison.OrdinalIgnoreCase) || s.Equals("enabled", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                return false;
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } b)
        {
            writer.WriteBooleanValue(b);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(UploadingEnvelope))]
[JsonSerializable(typeof(CounterEnvelope))]
[JsonSerializable(typeof(CountersEnvelope))]
[JsonSerializable(typeof(GoalsEnvelope))]
[JsonSerializable(typeof(VisitJoinThresholdDto))]
[JsonSerializable(typeof(SuccessDto))]
[JsonSerializable(typeof(ErrorEnvelope))]
internal sealed partial class MetricaJsonContext : JsonSerializerContext
{
}

/// <summary>Maps wire shapes to the public models.</summary>
internal static class MetricaJsonMapping
{
    public static MetricaUpload ToUpload(UploadingDto dto, int counterId) => new()
    {
        Id = dto.Id,
        CounterId = counterId,
        CreateTime = ParseTime(dto.CreateTime),
        SourceQuantity = dto.SourceQuantity,
        LineQuantity = dto.LineQuantity,
        Comment = dto.Comment,
        Type = dto.Type,
        ClientIdType = dto.ClientIdType,
        Status = dto.Status ?? string.Empty,
        LinkedQuantity = dto.LinkedQuantity,
        UserNotFoundQuantity = dto.UserNotFoundQuantity,
        GoalNotFoundQuantity = dto.GoalNotFoundQuantity,
    };

    public static MetricaGoal ToGoal(GoalDto dto, int counterId) => new()
    {
        Id = dto.Id,
        CounterId = counterId,
        Name = dto.Name ?? string.Empty,
        Type = dto.Type,
        GoalSource = dto.GoalSource,
        Conditions = (dto.Conditions ?? new List<GoalConditionDto?>())
            .Where(c => c is not null)
            .Select(c => new MetricaGoalCondition { Type = c!.Type, Url = c.Url })
            .ToArray(),
    };

    public static MetricaCounter ToCounter(CounterDto dto) => new()
    {
        Id = dto.Id,
        Name = dto.Name ?? string.Empty,
        Site = dto.Site ?? dto.Site2?.Site ?? string.Empty,
        Status = dto.Status,
        Permission = dto.Permission,
        OwnerLogin = dto.OwnerLogin,
        CallsExtendedWindow = dto.OfflineOptions?.CallsExtendedThreshold,
        ConversionsExtendedWindow = dto.OfflineOptions?.ConversionExtendedThreshold,
    };

    public static DateTimeOffset? ParseTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var unix))
        {
            return DateTimeOffset.FromUnixTimeSeconds(unix);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
    }

    public static DateTime? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTime.TryParseExact(text!.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return DateTime.SpecifyKind(d, DateTimeKind.Unspecified);
        }

        return ParseTime(text) is { } t ? t.UtcDateTime.Date : null;
    }
}
