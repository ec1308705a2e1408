using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MetricaChats.Sandbox.Tests.Sandbox;

/// <summary>Call files and the call endpoints' paths, over the chat tests' <see cref="Harness"/>.</summary>
internal static class CallFiles
{
    public const string MinimalHeader = "DateTime,ClientId";

    public static readonly long Past = Harness.PastUnix;

    public static string Offline(int counter = Harness.Counter) => $"management/v1/counter/{counter}/offline_conversions";

    public static string UploadPath(int counter = Harness.Counter, string? comment = null, string? goal = null, string? type = null)
    {
        var query = new List<string>();
        if (type is not null)
        {
            query.Add("type=" + Uri.EscapeDataString(type));
        }

        if (comment is not null)
        {
            query.Add("comment=" + Uri.EscapeDataString(comment));
        }

        if (goal is not null)
        {
            query.Add("new_goal_name=" + Uri.EscapeDataString(goal));
        }

        return Offline(counter) + "/upload_calls" + (query.Count == 0 ? string.Empty : "?" + string.Join("&", query));
    }

    public static string ByIdPath(long id, int counter = Harness.Counter) => $"{Offline(counter)}/calls_uploading/{id}";

    public static string ListPath(int counter = Harness.Counter) => $"{Offline(counter)}/calls_uploadings";

    /// <summary>
    /// A valid call file: row i has a ClientId, a phone and durations; every
    /// <paramref name="staticEvery"/>-th row (1-based) is a static call, the rest dynamic.
    /// </summary>
    public static string Valid(int rows = 2, int staticEvery = 0)
    {
        var sb = new StringBuilder("DateTime,ClientId,StaticCall,PhoneNumber,TalkDuration,HoldDuration,CallMissed\n");
        for (int i = 0; i < rows; i++)
        {
            bool isStatic = staticEvery > 0 && (i + 1) % staticEvery == 0;
            sb.Append(Past - i).Append(",1605608581").Append(i.ToString("000000"))
              .Append(isStatic ? ",1" : ",0").Append(",+7012345").Append(i.ToString("0000"))
              .Append(',').Append(60 + i).Append(",5,0\n");
        }

        return sb.ToString();
    }

    /// <summary>Uploads, asserts 200, and returns the <c>uploading</c> object.</summary>
    public static async Task<JsonElement> UploadCallsOkAsync(this Harness h, string csv, string? comment = null, string? goal = null)
    {
        HttpResponseMessage r = await h.UploadCallsAsync(csv, comment, goal);
        string text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, text);
        using JsonDocument d = JsonDocument.Parse(text);
        return d.RootElement.GetProperty("uploading").Clone();
    }

    public static Task<HttpResponseMessage> UploadCallsAsync(this Harness h, string csv, string? comment = null, string? goal = null, int counter = Harness.Counter) =>
        h.Client.PostAsync(UploadPath(counter, comment, goal), Harness.FilePart(csv));

    /// <summary>The single call upload stored, with its one row error (the file has one bad row).</summary>
    public static SandboxRowError SingleRowError(this Harness h)
    {
        SandboxUpload upload = Assert.Single(h.Server.State.Uploads);
        return Assert.Single(upload.RowErrors);
    }

    public static async Task<JsonElement[]> ListAsync(this Harness h, string path)
    {
        HttpResponseMessage r = await h.Client.GetAsync(path);
        string text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, text);
        using JsonDocument d = JsonDocument.Parse(text);
        return d.RootElement.GetProperty("uploadings").EnumerateArray().Select(e => e.Clone()).ToArray();
    }
}
