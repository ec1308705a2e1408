using System.Globalization;
using System.Text;
using System.Text.Json;
using MetricaChats.Cli.Tests.Cli;
using Xunit;

namespace MetricaChats.Cli.Tests.Linking;

/// <summary>join, in-process: the CSV it writes, the report, exit codes, and its output imported into the sandbox.</summary>
public sealed class JoinTests
{
    private const string Site =
        "created_at,TrackingId,_ym_uid,yclid\n" +
        "2026-11-20,K7M2Q9XH4TPA,1730000000000000001,\n" +
        "2026-11-20,23456789ABCD,1730000000000000002,5550001\n" +
        "2026-11-20,EEEE4444FFFF,1730000000000000003,\n" +
        "2026-11-20,,1730000000000000009,\n"; // refused: no tracking id

    private static string Time(int minutesAgo) =>
        DateTimeOffset.UtcNow.AddHours(-2).AddMinutes(-minutesAgo).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>olga (start parameter), ivan (edited tag, Cyrillic text), petr (/start), anna (unknown id), boris (no id), vera (own ClientId).</summary>
    private static string Chats() =>
        "DateTime,ChatPlatform,ChatUsername,PhoneNumber,ClientId,start_param,Text,Price,Currency\n" +
        $"{Time(1)},telegram,olga,,,k7m2q9xh4tpa,,,\n" +
        $"{Time(2)},whatsapp,ivan,+79001234567,,,\"Добрый день!\nНомер: #REF 23456789abcd\",1500,RUB\n" +
        $"{Time(3)},telegram,petr,,,,/start EEEE4444FFFF,,\n" +
        $"{Time(4)},viber,anna,,,,\"hi, [#ref ZZZZ2222ZZZZ]\",,\n" +
        $"{Time(5)},whatsapp,boris,+79007654321,,,Сколько стоит доставка?,,\n" +
        $"{Time(6)},telegram,vera,,1730000000000000777,,hello,,\n";

    private static async Task<(string Chats, string Site)> WriteInputs(CliSandbox sandbox, string? chats = null, string site = Site)
    {
        var chatsFile = sandbox.TempFile("chats.csv");
        var siteFile = sandbox.TempFile("site.csv");
        await File.WriteAllTextAsync(chatsFile, chats ?? Chats());
        await File.WriteAllTextAsync(siteFile, site);
        return (chatsFile, siteFile);
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> RowsByUser(CliSandbox sandbox) =>
        sandbox.Server.State.UploadsOf(CliSandbox.Counter).SelectMany(u => u.Rows).ToDictionary(row => row["ChatUsername"]);

    private static string? Get(IReadOnlyDictionary<string, string> row, string column) =>
        row.TryGetValue(column, out var v) && v.Length > 0 ? v : null;

    [Fact]
    public async Task Joined_chats_imported_into_the_sandbox_carry_the_site_s_ClientIds()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var (chats, site) = await WriteInputs(sandbox);
        var joined = sandbox.TempFile("out/joined.csv");

        var join = await CliRun.RunAsync(["join", chats, "--site", site, "--out", joined]);
        var import = await sandbox.RunAsync(["import", joined, "--counter", "12345"]);

        Assert.Equal(ExitCodes.Partial, join.ExitCode); // anna's id is not in the site records, and one site row was refused
        Assert.Equal(string.Empty, join.Out);
        Assert.Contains("matched                3", join.Error, StringComparison.Ordinal);
        Assert.Contains("not found              1   id not in the site records (unattributed): ZZZZ2222ZZZZ", join.Error, StringComparison.Ordinal);
        Assert.Contains("read = matched + not found + no id + own ids + unreadable: 6 = 3 + 1 + 1 + 1 + 0", join.Error, StringComparison.Ordinal);
        Assert.Contains("rejected (site): Row 4", join.Error, StringComparison.Ordinal);
        Assert.Contains("Result: partial (exit code 3)", join.Error, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Success, import.ExitCode);
        Assert.Contains("read = sent + rejected: 6 = 6 + 0", import.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("not chat fields", import.Error, StringComparison.Ordinal); // the join writes only the import's columns
        var rows = RowsByUser(sandbox);
        Assert.Equal("1730000000000000001", Get(rows["olga"], "ClientId"));
        Assert.Equal("1730000000000000002", Get(rows["ivan"], "ClientId"));
        Assert.Equal("5550001", Get(rows["ivan"], "Yclid"));
        Assert.Equal("1500", Get(rows["ivan"], "Price")?.Split('.')[0]);
        Assert.Equal("1730000000000000003", Get(rows["petr"], "ClientId"));
        Assert.Null(Get(rows["anna"], "ClientId"));
        Assert.Null(Get(rows["boris"], "ClientId"));
        Assert.Equal("1730000000000000777", Get(rows["vera"], "ClientId")); // its own id, untouched
    }

    [Fact]
    public async Task The_join_s_standard_output_pipes_into_import_dash()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var chats = "DateTime,ChatPlatform,ChatUsername,FirstMessage\n" +
                    $"{Time(1)},telegram,olga,\"Hello, \"\"shop\"\" [#ref K7M2Q9XH4TPA]\"\n" +
                    $"{Time(2)},whatsapp,ivan,[#ref 23456789ABCD]\n";
        var (chatsFile, site) = await WriteInputs(sandbox, chats, "TrackingId,ClientId\nK7M2Q9XH4TPA,1730000000000000001\n23456789ABCD,1730000000000000002\n");

        var join = await CliRun.RunAsync(["join", chatsFile, "--site", site]);
        var import = await sandbox.RunAsync(["import", "-", "--counter", "12345"], stdin: join.Out);

        Assert.Equal(ExitCodes.Success, join.ExitCode);
        Assert.StartsWith("DateTime,ChatPlatform,ChatUsername,ChatUserId,PhoneNumber,ClientId,UserId,Yclid,PurchaseId,Answered,Tag,Revenue,Currency,Url,TrackerUrl", join.Out, StringComparison.Ordinal);
        Assert.Contains("Result: success (exit code 0)", join.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, import.ExitCode);
        var rows = RowsByUser(sandbox);
        Assert.Equal("1730000000000000001", Get(rows["olga"], "ClientId"));
        Assert.Equal("1730000000000000002", Get(rows["ivan"], "ClientId"));
    }

    [Fact]
    public async Task Json_from_standard_input_reports_both_sides_and_reconciles()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var site = Site + "2026-11-21,k7m2q9xh4tpa,1730000000000000099,\n"; // the same id again, with another ClientId
        var (_, siteFile) = await WriteInputs(sandbox, site: site);
        var chats = Chats() + $"{Time(7)},telegram,olga2,,,K7M2Q9XH4TPA,,,\n" + "not,a,row,\"broken\n";
        var joined = sandbox.TempFile("joined.csv");

        var r = await CliRun.RunAsync(["join", "-", "--site", siteFile, "--out", joined, "--json"], stdin: chats);

        Assert.Equal(ExitCodes.Partial, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal("partial", root.GetProperty("result").GetString());
        Assert.True(root.GetProperty("reconciles").GetBoolean());
        Assert.Equal(7, root.GetProperty("written").GetInt64());
        var s = root.GetProperty("site");
        Assert.Equal(5, s.GetProperty("read").GetInt64());
        Assert.Equal(1, s.GetProperty("refused").GetInt64());
        Assert.Equal(3, s.GetProperty("ids").GetInt32());
        Assert.Equal(1, s.GetProperty("duplicateIds").GetInt32());
        Assert.Equal(1, s.GetProperty("conflictingIds").GetInt32());
        var c = root.GetProperty("chats");
        Assert.Equal(8, c.GetProperty("read").GetInt64());
        Assert.Equal(4, c.GetProperty("matched").GetInt64());
        Assert.Equal(1, c.GetProperty("notFound").GetInt64());
        Assert.Equal(1, c.GetProperty("noTrackingId").GetInt64());
        Assert.Equal(1, c.GetProperty("alreadyAttributed").GetInt64());
        Assert.Equal(1, c.GetProperty("unreadable").GetInt64());
        Assert.Equal(2, c.GetProperty("unattributed").GetInt64());
        Assert.Equal(1, c.GetProperty("duplicateIds").GetInt32());
        Assert.Equal(["K7M2Q9XH4TPA"], c.GetProperty("duplicateIdSample").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("start_param", c.GetProperty("trackingColumns").GetProperty("StartParameter").GetString());
        Assert.Equal("Text", c.GetProperty("trackingColumns").GetProperty("FirstMessage").GetString());
        var issues = root.GetProperty("issues").EnumerateArray().ToList();
        Assert.Contains(issues, i => i.GetProperty("side").GetString() == "site" && i.GetProperty("code").GetString() == "MissingTrackingId" && i.GetProperty("row").GetInt64() == 4);
        Assert.Contains(issues, i => i.GetProperty("side").GetString() == "chats" && i.GetProperty("row").GetInt64() == 8);
        Assert.Equal(8, (await File.ReadAllLinesAsync(joined)).Length); // header + 7 chats; the unreadable row is not written
        Assert.DoesNotContain("Join report", r.Error, StringComparison.Ordinal); // with --json the report is the JSON
    }

    [Fact]
    public async Task All_found_is_success()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var chats = "DateTime,ChatPlatform,ChatUsername,TrackingId\n" + $"{Time(1)},telegram,olga,K7M2Q9XH4TPA\n" + $"{Time(2)},telegram,ivan,\n";
        var (chatsFile, site) = await WriteInputs(sandbox, chats, "TrackingId,ClientId\nK7M2Q9XH4TPA,1730000000000000001\n");

        var r = await CliRun.RunAsync(["join", chatsFile, "--site", site, "--out", sandbox.TempFile("o.csv"), "--json"]);

        Assert.Equal(ExitCodes.Success, r.ExitCode); // a chat without any id (ivan) is an organic chat, not a failure
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal(1, doc.RootElement.GetProperty("chats").GetProperty("noTrackingId").GetInt64());
    }

    [Fact]
    public async Task Json_without_out_missing_files_and_out_over_the_input_are_usage_errors()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var (chats, site) = await WriteInputs(sandbox);

        var noOut = await CliRun.RunAsync(["join", chats, "--site", site, "--json"]);
        var noSite = await CliRun.RunAsync(["join", chats, "--site", sandbox.TempFile("missing.csv")]);
        var noChats = await CliRun.RunAsync(["join", sandbox.TempFile("missing.csv"), "--site", site]);
        var overInput = await CliRun.RunAsync(["join", chats, "--site", site, "--out", chats]);
        var siteStdin = await CliRun.RunAsync(["join", chats, "--site", "-"], stdin: Site);

        Assert.Equal(ExitCodes.Usage, noOut.ExitCode);
        Assert.Contains("--json needs --out", noOut.Error, StringComparison.Ordinal);
        Assert.Equal("usage", JsonDocument.Parse(noOut.Out).RootElement.GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(ExitCodes.Usage, noSite.ExitCode);
        Assert.Contains("site records file", noSite.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, noChats.ExitCode);
        Assert.Equal(ExitCodes.Usage, overInput.ExitCode);
        Assert.Contains("would destroy the input", overInput.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, siteStdin.ExitCode);
        Assert.Contains("--site reads a file", siteStdin.Error, StringComparison.Ordinal);
        Assert.StartsWith("DateTime,ChatPlatform,ChatUsername,PhoneNumber", await File.ReadAllTextAsync(chats), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unusable_headers_and_too_many_site_ids_fail_with_exit_1_and_write_nothing()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var (chats, site) = await WriteInputs(sandbox);
        var badSite = sandbox.TempFile("bad-site.csv");
        await File.WriteAllTextAsync(badSite, "TrackingId,Comment\nK7M2Q9XH4TPA,x\n");
        var noTracking = sandbox.TempFile("no-tracking.csv");
        await File.WriteAllTextAsync(noTracking, "DateTime,ChatPlatform,ChatUsername\n" + $"{Time(1)},telegram,olga\n");
        var outFile = sandbox.TempFile("never.csv");

        var siteHeader = await CliRun.RunAsync(["join", chats, "--site", badSite, "--out", outFile, "--json"]);
        var chatsHeader = await CliRun.RunAsync(["join", noTracking, "--site", site, "--out", outFile]);
        var tooMany = await CliRun.RunAsync(["join", chats, "--site", site, "--max-site-ids", "2"]);

        Assert.Equal(ExitCodes.Failure, siteHeader.ExitCode);
        Assert.Equal("input", JsonDocument.Parse(siteHeader.Out).RootElement.GetProperty("error").GetProperty("kind").GetString());
        Assert.Contains("no ClientId, UserId, Yclid or PurchaseId column", siteHeader.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, chatsHeader.ExitCode);
        Assert.Contains("no column that carries the tracking id", chatsHeader.Error, StringComparison.Ordinal);
        Assert.Contains("FirstMessage", chatsHeader.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, tooMany.ExitCode);
        Assert.Contains("--max-site-ids", tooMany.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, tooMany.Out);
        Assert.False(File.Exists(outFile));
    }

    [Fact]
    public async Task Ids_with_a_prefix_are_matched_only_in_that_format()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var chats = "DateTime,ChatPlatform,ChatUsername,FirstMessage\n" +
                    $"{Time(1)},telegram,olga,заказ shop-2345abcd\n" + // bare id in the expected format
                    $"{Time(2)},telegram,ivan,[#ref K7M2Q9XH4TPA]\n";  // not the expected format: no id
        var (chatsFile, site) = await WriteInputs(sandbox, chats, "TrackingId,ClientId\nSHOP-2345ABCD,1730000000000000001\nK7M2Q9XH4TPA,1730000000000000002\n");
        var outFile = sandbox.TempFile("o.csv");

        var r = await CliRun.RunAsync(["join", chatsFile, "--site", site, "--prefix", "SHOP-", "--length", "8", "--out", outFile, "--json"]);

        using var doc = JsonDocument.Parse(r.Out);
        var c = doc.RootElement.GetProperty("chats");
        Assert.Equal(1, c.GetProperty("matched").GetInt64());
        Assert.Equal(1, c.GetProperty("noTrackingId").GetInt64());
        Assert.Equal(1, doc.RootElement.GetProperty("site").GetProperty("refused").GetInt64()); // K7M2Q9XH4TPA is not SHOP- + 8
        var lines = await File.ReadAllLinesAsync(outFile, Encoding.UTF8);
        Assert.Contains(lines, l => l.Contains(",olga,", StringComparison.Ordinal) && l.Contains(",1730000000000000001,", StringComparison.Ordinal));
    }
}
