using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MetricaChats.Sandbox.Tests.Sandbox;

public class AdminTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Admin_uploads_show_rows_without_a_token()
    {
        await using Harness h = await Harness.StartAsync();
        await h.UploadAsync(Harness.ValidCsv(2), comment: "adm");
        using var admin = new HttpClient { BaseAddress = h.Server.BaseAddress };
        JsonElement uploads = await Harness.JsonAsync(await admin.GetAsync("_sandbox/uploads"));
        JsonElement upload = Assert.Single(uploads.EnumerateArray());
        Assert.Equal("adm", upload.GetProperty("comment").GetString());
        Assert.Equal("user1", upload.GetProperty("rows")[1].GetProperty("ChatUsername").GetString());
        Assert.Equal("UPLOADED", upload.GetProperty("status").GetString());

        long id = upload.GetProperty("id").GetInt64();
        JsonElement one = await Harness.JsonAsync(await admin.GetAsync($"_sandbox/uploads/{id}"));
        Assert.Equal(2, one.GetProperty("source_quantity").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("_sandbox/uploads/1")).StatusCode);
    }

    [Fact]
    public async Task Admin_uploads_give_every_row_of_every_upload_so_a_proof_can_count_duplicates_and_missing_chats()
    {
        await using Harness h = await Harness.StartAsync();
        long t = Harness.PastUnix;
        Assert.Equal(HttpStatusCode.OK, (await h.UploadAsync(Harness.Csv("DateTime,ChatPlatform,ChatUsername", $"{t},telegram,ann", $"{t},telegram,bob"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.UploadAsync(Harness.Csv("DateTime,ChatPlatform,ChatUsername", $"{t},telegram,bob", $"{t},icq,cat", $"{t},viber,dan"))).StatusCode);

        JsonElement uploads = await Harness.JsonAsync(await h.Client.GetAsync($"_sandbox/uploads?counter={Harness.Counter}"));

        // Accepted rows only: row_errors name the 1-based row numbers that were rejected.
        var arrived = new Dictionary<string, int>();
        foreach (JsonElement upload in uploads.EnumerateArray())
        {
            var rejected = upload.GetProperty("row_errors").EnumerateArray().Select(e => e.GetProperty("row_number").GetInt32()).ToHashSet();
            JsonElement rows = upload.GetProperty("rows");
            Assert.Equal(upload.GetProperty("source_quantity").GetInt32(), rows.GetArrayLength());
            for (int i = 0; i < rows.GetArrayLength(); i++)
            {
                if (!rejected.Contains(i + 1))
                {
                    string chat = rows[i].GetProperty("ChatPlatform").GetString() + "/" + rows[i].GetProperty("ChatUsername").GetString();
                    arrived[chat] = arrived.GetValueOrDefault(chat) + 1;
                }
            }
        }

        Assert.Equal(2, arrived["telegram/bob"]);
        Assert.Equal(1, arrived["telegram/ann"]);
        Assert.Equal(1, arrived["viber/dan"]);
        Assert.False(arrived.ContainsKey("icq/cat"));

        // The same count from the accepted rows alone, which does not depend on the row errors kept.
        var accepted = new Dictionary<string, int>();
        foreach (JsonElement upload in (await Harness.JsonAsync(await h.Client.GetAsync("_sandbox/uploads?rows=accepted"))).EnumerateArray())
        {
            Assert.True(upload.GetProperty("rows_accepted_only").GetBoolean());
            Assert.Equal(upload.GetProperty("line_quantity").GetInt32(), upload.GetProperty("rows").GetArrayLength());
            foreach (JsonElement row in upload.GetProperty("rows").EnumerateArray())
            {
                string chat = row.GetProperty("ChatPlatform").GetString() + "/" + row.GetProperty("ChatUsername").GetString();
                accepted[chat] = accepted.GetValueOrDefault(chat) + 1;
            }
        }

        Assert.Equal(arrived, accepted);
        Assert.Equal(4, h.Server.State.Uploads.Sum(u => u.AcceptedRows.Count));

        JsonElement light = await Harness.JsonAsync(await h.Client.GetAsync("_sandbox/uploads?rows=false"));
        Assert.Equal(2, light.GetArrayLength());
        Assert.Equal(JsonValueKind.Null, light[0].GetProperty("rows").ValueKind);
        Assert.Equal(3, light[1].GetProperty("source_quantity").GetInt32());
    }

    [Fact]
    public async Task Admin_requests_and_reset()
    {
        await using Harness h = await Harness.StartAsync();
        await h.UploadAsync(Harness.ValidCsv(1));
        using var admin = new HttpClient { BaseAddress = h.Server.BaseAddress };
        JsonElement requests = await Harness.JsonAsync(await admin.GetAsync("_sandbox/requests"));
        JsonElement first = Assert.Single(requests.EnumerateArray());
        Assert.Equal("POST", first.GetProperty("method").GetString());
        Assert.Equal(200, first.GetProperty("status_code").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("_sandbox/reset", null)).StatusCode);
        Assert.Empty(h.Server.State.Uploads);
        Assert.Empty(h.Server.State.Requests);
    }

    [Fact]
    public async Task Admin_faults_force_next_and_weights()
    {
        await using Harness h = await Harness.StartAsync();
        using var admin = new HttpClient { BaseAddress = h.Server.BaseAddress };
        HttpResponseMessage set = await admin.PostAsync("_sandbox/faults", Json("{\"force_next\":[\"ServiceUnavailable\"],\"slow_delay_ms\":10,\"weights\":{\"DropConnection\":0}}"));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(0, h.Server.Faults.GetWeight(SandboxFaultKind.DropConnection));
        Assert.Equal(TimeSpan.FromMilliseconds(10), h.Server.Faults.SlowDelay);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await h.Client.GetAsync($"management/v1/counter/{Harness.Counter}")).StatusCode);

        HttpResponseMessage bad = await admin.PostAsync("_sandbox/faults", Json("{\"force_next\":[\"Nope\"]}"));
        string message = await Harness.AssertErrorAsync(bad, 400, "invalid_parameter");
        Assert.Contains("Nope", message);
    }

    [Fact]
    public async Task Admin_seeds_uploads_of_other_types_and_sets_quotas()
    {
        await using Harness h = await Harness.StartAsync();
        using var admin = new HttpClient { BaseAddress = h.Server.BaseAddress };
        await admin.PostAsync("_sandbox/uploads", Json($"{{\"counter_id\":{Harness.Counter},\"type\":\"CALLS\",\"comment\":\"calls1\"}}"));
        JsonElement list = (await Harness.JsonAsync(await h.Client.GetAsync($"management/v1/counter/{Harness.Counter}/offline_conversions/uploadings"))).GetProperty("uploadings");
        Assert.Equal("CALLS", Assert.Single(list.EnumerateArray()).GetProperty("type").GetString());

        await admin.PostAsync("_sandbox/quotas", Json("{\"daily_per_token\":1,\"processing_seconds\":0}"));
        Assert.Equal(1, h.Server.Quotas.DailyPerToken);
        Assert.Equal(TimeSpan.Zero, h.Server.ProcessingTime);
    }

    [Fact]
    public async Task Standalone_program_prints_its_endpoint_and_serves_the_demo_token()
    {
        string dll = typeof(SandboxServer).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { dll, "--port", "0", "--token", "demo", "--counter", "555", "--processing-seconds", "1" })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        try
        {
            string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.NotNull(line);
            Assert.Contains("listening on http://127.0.0.1:", line);
            var endpoint = new Uri(line!.Substring(line.IndexOf("http://", StringComparison.Ordinal)).Trim() + "/");
            using var client = new HttpClient { BaseAddress = endpoint };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("OAuth", "demo");
            JsonElement counters = await Harness.JsonAsync(await client.GetAsync("management/v1/counters"));
            Assert.Equal(555, counters.GetProperty("counters")[0].GetProperty("id").GetInt32());
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Standalone_program_without_a_token_prints_usage_and_fails()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(SandboxServer).Assembly.Location);
        using Process process = Process.Start(start)!;
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--token", error);
    }
}
