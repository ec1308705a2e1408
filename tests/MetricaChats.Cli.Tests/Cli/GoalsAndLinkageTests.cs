using System.Globalization;
using System.Text.Json;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Cli.Tests.Cli;

/// <summary>goals (and the Chat goal the first chat upload creates), the upload statistics in import and status, and status when the by-id path answers 404: the real executable against the sandbox.</summary>
public sealed class GoalsAndLinkageTests
{
    private static string Text(long n) => n.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Goals_says_the_first_chat_upload_creates_the_Chat_goal_then_shows_its_id()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var empty = await sandbox.RunAsync(["goals", "--counter", "12345"]);
        Assert.Equal(0, empty.ExitCode);
        Assert.Contains("Counter 12345 has no goals.", empty.Out);
        Assert.Contains("has no Chat goal yet: the first chat upload creates it", empty.Out);

        var none = await sandbox.RunAsync(["goals", "--counter", "12345", "--chat"]);
        Assert.Equal(ExitCodes.Failure, none.ExitCode);
        Assert.Contains("the first chat upload creates it. Import chats with 'metrica-chats import <file.csv> --counter 12345'", none.Out);
        Assert.DoesNotContain("Get-Metrica", none.Out + none.Error);

        var noneJson = await sandbox.RunAsync(["goals", "--counter", "12345", "--chat", "--json"]);
        Assert.Equal(ExitCodes.Failure, noneJson.ExitCode);
        using (var doc = JsonDocument.Parse(noneJson.Out))
        {
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("chatGoal").ValueKind);
            Assert.Empty(doc.RootElement.GetProperty("goals").EnumerateArray());
            Assert.Contains("first chat upload", doc.RootElement.GetProperty("message").GetString());
            Assert.Equal(1, doc.RootElement.GetProperty("exitCode").GetInt32());
        }

        var work = sandbox.TempFile("goals.csv");
        await File.WriteAllTextAsync(work, TestFiles.GoodCsv(3));
        Assert.Equal(0, (await sandbox.RunAsync(["import", work, "--counter", "12345", "--wait"])).ExitCode);
        var chat = sandbox.Server.State.GoalsOf(CliSandbox.Counter).Single(g => g.IsChatGoal);

        var one = await sandbox.RunAsync(["goals", "--counter", "12345", "--chat"]);
        Assert.Equal(0, one.ExitCode);
        Assert.Contains("Chat goal of counter 12345: id " + Text(chat.Id), one.Out);
        Assert.Contains("ym:s:goal" + Text(chat.Id) + "reaches", one.Out);

        var list = await sandbox.RunAsync(["goals", "--counter", "12345"]);
        Assert.Equal(0, list.ExitCode);
        Assert.Matches("(?m)^" + Text(chat.Id) + @"\s+Chat\s+chat\s+auto\s+yes$", list.Out);

        var json = await sandbox.RunAsync(["goals", "--counter", "12345", "--json"]);
        using var listed = JsonDocument.Parse(json.Out);
        var goal = listed.RootElement.GetProperty("chatGoal");
        Assert.Equal(chat.Id, goal.GetProperty("id").GetInt64());
        Assert.True(goal.GetProperty("chat").GetBoolean());
        Assert.Equal("auto", goal.GetProperty("goalSource").GetString());
        Assert.Equal(JsonValueKind.Null, listed.RootElement.GetProperty("message").ValueKind);
    }

    [Fact]
    public async Task The_Chat_goal_is_found_by_name_and_source_whatever_type_Metrica_gives_it()
    {
        await using var sandbox = await CliSandbox.StartAsync(o => o.ChatGoalType = "unpublished_" + Guid.NewGuid().ToString("N"));
        var work = sandbox.TempFile("type.csv");
        await File.WriteAllTextAsync(work, TestFiles.GoodCsv(1));
        Assert.Equal(0, (await sandbox.RunAsync(["import", work, "--counter", "12345", "--wait"])).ExitCode);

        var r = await sandbox.RunAsync(["goals", "--counter", "12345", "--chat", "--json"]);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal(sandbox.Server.State.ChatGoalType, doc.RootElement.GetProperty("chatGoal").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Import_wait_and_status_show_how_many_chats_were_linked_to_visits()
    {
        await using var sandbox = await CliSandbox.StartAsync(o =>
        {
            o.AddVisitor(CliSandbox.Counter, "ClientId", "1730000000000000001");
            o.AddVisitor(CliSandbox.Counter, "ClientId", "1730000000000000003");
        });
        var work = sandbox.TempFile("linked.csv");
        await File.WriteAllTextAsync(work, TestFiles.GoodCsv(5));

        var text = await sandbox.RunAsync(["import", work, "--counter", "12345", "--wait", "--ledger", sandbox.TempFile("a.db")]);
        Assert.Equal(0, text.ExitCode);
        var upload = Assert.Single(sandbox.Server.State.UploadsOf(CliSandbox.Counter));
        Assert.Equal(2, upload.LinkedQuantity);
        Assert.Contains("upload " + Text(upload.Id) + "  status PROCESSED  5 of 5 row(s) accepted by Metrica, 2 of 5 linked to visits", text.Out);
        Assert.Contains("Linked to visits: 2 of 5 accepted chat(s); 3 matched no visitor", text.Out);

        var status = await sandbox.RunAsync(["status", "--counter", "12345", "--id", Text(upload.Id)]);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("  linked    2 of 5 accepted chat(s) joined a visit; 3 matched no visitor", status.Out);
        var statusJson = await sandbox.RunAsync(["status", "--counter", "12345", "--id", Text(upload.Id), "--json"]);
        using (var doc = JsonDocument.Parse(statusJson.Out))
        {
            Assert.Equal(2, doc.RootElement.GetProperty("linkedQuantity").GetInt64());
            Assert.Equal(3, doc.RootElement.GetProperty("userNotFoundQuantity").GetInt64());
            Assert.Equal(0, doc.RootElement.GetProperty("goalNotFoundQuantity").GetInt64());
        }

        var list = await sandbox.RunAsync(["status", "--counter", "12345"]);
        Assert.Matches(@"(?m)^\s*ID\s+STATUS\s+CREATED \(UTC\)\s+ROWS\s+ACCEPTED\s+LINKED\s+COMMENT", list.Out);
        Assert.Matches("(?m)^" + Text(upload.Id) + @"\s+PROCESSED\s+\S+ \S+\s+5\s+5\s+2\s", list.Out);

        await File.WriteAllTextAsync(work, TestFiles.GoodCsv(2).Replace("1730000000000000002", "1730000000000000003", StringComparison.Ordinal));
        var json = await sandbox.RunAsync(["import", work, "--counter", "12345", "--wait", "--resend", "--ledger", sandbox.TempFile("b.db"), "--json"]);
        using var result = JsonDocument.Parse(json.Out);
        Assert.Equal(2, result.RootElement.GetProperty("linkedToVisits").GetInt64());
        Assert.Equal(2, result.RootElement.GetProperty("uploads")[0].GetProperty("upload").GetProperty("linkedQuantity").GetInt64());
    }

    [Fact]
    public async Task Without_wait_the_statistics_are_not_known_yet_and_say_so()
    {
        await using var sandbox = await CliSandbox.StartAsync(o => o.ProcessingTime = TimeSpan.FromHours(1));
        var work = sandbox.TempFile("slow.csv");
        await File.WriteAllTextAsync(work, TestFiles.GoodCsv(2));
        var import = await sandbox.RunAsync(["import", work, "--counter", "12345", "--json"]);
        using (var doc = JsonDocument.Parse(import.Out))
        {
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("linkedToVisits").ValueKind);
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("uploads")[0].GetProperty("upload").GetProperty("linkedQuantity").ValueKind);
        }

        var upload = Assert.Single(sandbox.Server.State.UploadsOf(CliSandbox.Counter));
        var status = await sandbox.RunAsync(["status", "--counter", "12345", "--id", Text(upload.Id)]);
        Assert.Contains("  linked    - (known once Metrica has processed the upload)", status.Out);
        Assert.DoesNotContain("Linked to visits", (await sandbox.RunAsync(["import", work, "--counter", "12345", "--resend"])).Out);
    }

    [Fact]
    public async Task Status_and_import_wait_find_the_upload_in_the_list_when_the_by_id_path_answers_404()
    {
        await using var sandbox = await CliSandbox.StartAsync(o => o.UploadByIdPath = SandboxUploadByIdPath.Plural);
        var work = sandbox.TempFile("plural.csv");
        await File.WriteAllTextAsync(work, TestFiles.GoodCsv(2));

        var import = await sandbox.RunAsync(["import", work, "--counter", "12345", "--wait"]);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("Uploads (final status)", import.Out);
        var upload = Assert.Single(sandbox.Server.State.UploadsOf(CliSandbox.Counter));
        Assert.Contains(sandbox.Server.State.Requests, r => r.StatusCode == 404 && r.PathAndQuery.Contains("/uploading/" + Text(upload.Id), StringComparison.Ordinal));

        var status = await sandbox.RunAsync(["status", "--counter", "12345", "--id", Text(upload.Id), "--json"]);
        Assert.Equal(0, status.ExitCode);
        using var doc = JsonDocument.Parse(status.Out);
        Assert.Equal("PROCESSED", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("linkedQuantity").GetInt64());

        var missing = await sandbox.RunAsync(["status", "--counter", "12345", "--id", "424242"]);
        Assert.Equal(ExitCodes.Failure, missing.ExitCode);
        Assert.Contains("404", missing.Error);
    }
}
