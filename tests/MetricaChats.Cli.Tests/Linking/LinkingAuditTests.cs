using System.Globalization;
using MetricaChats.Cli.Tests.Cli;
using Xunit;

namespace MetricaChats.Cli.Tests.Linking;

/// <summary>
/// What a site owner needs from find-id and join, through the real executable: one output line
/// per message, the joined CSV's audit trail (TrackingId, LinkStatus, SiteRow) that import keeps
/// out of the upload without a warning, and the reason a chat stayed unattributed.
/// </summary>
public sealed class LinkingAuditTests
{
    [Fact]
    public async Task Find_id_prints_one_line_per_message_so_line_N_answers_message_N()
    {
        var r = await ExeRun.RunAsync(["find-id"], stdin: "hi [#ref K7M2Q9XH4TPA]\nСколько стоит доставка?\n/start 23456789ABCD\n");

        Assert.Equal(ExitCodes.Partial, r.ExitCode);
        Assert.Equal(["K7M2Q9XH4TPA", string.Empty, "23456789ABCD"], r.Out.Replace("\r", string.Empty, StringComparison.Ordinal).TrimEnd('\n').Split('\n'));
        Assert.Contains("message 2: no tracking id", r.Error);
    }

    [Fact]
    public async Task Join_keeps_the_tracking_id_and_link_status_and_says_why_a_chat_stayed_unattributed_and_import_sends_without_the_audit_columns()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var time = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var chats = sandbox.TempFile("chats.csv");
        var site = sandbox.TempFile("site.csv");
        var joined = sandbox.TempFile("joined.csv");
        await File.WriteAllTextAsync(chats,
            "DateTime,ChatPlatform,ChatUsername,TrackingId\n" +
            $"{time},telegram,olga,K7M2Q9XH4TPA\n" +
            $"{time},telegram,ivan,RRRR2222RRRR\n" +
            $"{time},telegram,anna,ZZZZ2222ZZZZ\n");
        await File.WriteAllTextAsync(site,
            "TrackingId,ClientId\n" +
            "K7M2Q9XH4TPA,1730000000000000001\n" +
            "RRRR2222RRRR,\n"); // the site recorded the id, but no ClientId beside it

        var join = await ExeRun.RunAsync(["join", chats, "--site", site, "--out", joined]);
        var import = await ExeRun.RunAsync(["import", joined, "--counter", "12345", "--endpoint", sandbox.Endpoint], sandbox.Environment());

        Assert.Equal(ExitCodes.Partial, join.ExitCode);
        var lines = (await File.ReadAllLinesAsync(joined)).ToList();
        Assert.EndsWith(",TrackingId,LinkStatus,SiteRow", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(",K7M2Q9XH4TPA,Matched,1", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",RRRR2222RRRR,SiteRecordRefused,", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(",ZZZZ2222ZZZZ,NotFound,", lines[3], StringComparison.Ordinal);
        Assert.Contains("site row refused       1", join.Error);
        Assert.Contains("id not in the site records (unattributed): ZZZZ2222ZZZZ", join.Error);
        Assert.DoesNotContain("RRRR2222RRRR", join.Error.Split('\n').Single(l => l.Contains("id not in the site records", StringComparison.Ordinal)));

        Assert.Equal(ExitCodes.Success, import.ExitCode);
        Assert.DoesNotContain("UnknownColumns", import.Error);
        var upload = Assert.Single(sandbox.Server.State.UploadsOf(CliSandbox.Counter));
        Assert.Equal(3, upload.Rows.Count);
        Assert.DoesNotContain(upload.Rows, row => row.ContainsKey("TrackingId") || row.ContainsKey("LinkStatus"));
    }
}
