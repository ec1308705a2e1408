using System.Text.Json;
using MetricaChats.Core.Api;

namespace MetricaChats.Cli.Output;

/// <summary>The --json shape of an upload (the same in import and status).</summary>
internal static class UploadJson
{
    /// <summary>The upload as one JSON object.</summary>
    public static void Write(Utf8JsonWriter w, MetricaUpload u)
    {
        w.WriteStartObject();
        WriteProperties(w, u);
        w.WriteEndObject();
    }

    /// <summary>The upload's properties into the open object (status --id writes them at the top level).</summary>
    public static void WriteProperties(Utf8JsonWriter w, MetricaUpload u)
    {
        w.WriteNumber("id", u.Id);
        w.WriteNumber("counter", u.CounterId);
        w.WriteString("status", u.Status);
        w.WriteBoolean("final", u.IsFinal);
        if (u.CreateTime is { } t)
        {
            w.WriteString("createTime", t.UtcDateTime);
        }
        else
        {
            w.WriteNull("createTime");
        }

        w.WriteNumber("sourceQuantity", u.SourceQuantity);
        w.WriteNumber("lineQuantity", u.LineQuantity);
        w.WriteNumber("rejectedByMetrica", u.RejectedByMetrica);
        w.StringOrNull("comment", u.Comment);
        w.StringOrNull("type", u.Type);
        w.NumberOrNull("linkedQuantity", u.LinkedQuantity);
        w.NumberOrNull("userNotFoundQuantity", u.UserNotFoundQuantity);
        w.NumberOrNull("goalNotFoundQuantity", u.GoalNotFoundQuantity);
    }
}
