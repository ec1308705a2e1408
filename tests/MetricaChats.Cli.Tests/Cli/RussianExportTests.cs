using System.Text;
using Xunit;

namespace MetricaChats.Cli.Tests.Cli;

/// <summary>
/// The real-shaped exports of tests/corpus imported end to end by the CLI into the sandbox, compared
/// row by row with what Metrica must receive (issue 13), and the three shapes that failed before:
/// a Windows-1251 Excel export, national phone numbers, times without an offset.
/// </summary>
public sealed class RussianExportTests
{
    private static readonly string[] Russian = ["--default-region", "RU", "--timezone", "Europe/Moscow"];

    [Theory]
    [InlineData("excel-ru-1251", ExitCodes.Partial, 5, 4)]
    [InlineData("bitrix24-open-lines", ExitCodes.Success, 4, 4)]
    [InlineData("amocrm-leads", ExitCodes.Success, 3, 3)]
    public async Task Each_export_arrives_as_the_exact_rows_Metrica_must_receive(string name, int exitCode, int read, int sent)
    {
        await using var sandbox = await CliSandbox.StartAsync();

        var r = await sandbox.RunAsync(["import", Corpus(name + ".csv"), "--counter", "12345", .. Russian]);

        Assert.True(exitCode == r.ExitCode, r.All);
        Assert.Contains($"read = sent + rejected: {read} = {sent} + {read - sent}", r.Out);
        var rows = sandbox.Server.State.UploadsOf(CliSandbox.Counter).SelectMany(u => u.Rows).ToList();
        AssertRows(Expected(name), rows);
    }

    [Fact]
    public async Task The_1251_export_is_detected_once_and_its_unused_and_bad_rows_are_named()
    {
        await using var sandbox = await CliSandbox.StartAsync();

        var r = await sandbox.RunAsync(["import", Corpus("excel-ru-1251.csv"), "--counter", "12345", .. Russian]);

        Assert.Equal(1, Count(r.Error, "read as Windows-1251"));
        Assert.Contains("--encoding utf-8", r.Error);
        Assert.Contains("Менеджер", r.Error);
        Assert.Contains("rejected: Row 5, field ChatPlatform, value 'Skype'", r.Error);
    }

    [Fact]
    public async Task Named_as_it_is_the_1251_export_needs_no_detection_and_named_wrongly_it_says_so()
    {
        await using var sandbox = await CliSandbox.StartAsync();

        var named = await sandbox.RunAsync(["import", Corpus("excel-ru-1251.csv"), "--counter", "12345", "--dry-run", sandbox.TempFile("dry"), "--encoding", "windows-1251", .. Russian]);
        Assert.Equal(ExitCodes.Partial, named.ExitCode);
        Assert.DoesNotContain("read as Windows-1251", named.Error);

        var wrong = await sandbox.RunAsync(["import", Corpus("excel-ru-1251.csv"), "--counter", "12345", "--dry-run", sandbox.TempFile("dry2"), "--encoding", "utf-8", .. Russian]);
        Assert.Equal(ExitCodes.Failure, wrong.ExitCode);
        Assert.Contains("not valid UTF-8", wrong.Error);
        Assert.Contains("--encoding windows-1251", wrong.Error);
    }

    [Fact]
    public async Task National_phones_without_a_region_are_rejected_naming_the_option()
    {
        await using var sandbox = await CliSandbox.StartAsync();

        var r = await sandbox.RunAsync(["import", Corpus("bitrix24-open-lines.csv"), "--counter", "12345", "--timezone", "Europe/Moscow"]);

        Assert.Equal(ExitCodes.Partial, r.ExitCode);
        Assert.Contains("rejected: Row 2, field PhoneNumber, value '8 912 000 00 11'", r.Error);
        Assert.Contains("--default-region RU", r.Error);
        Assert.DoesNotContain("-DefaultRegion", r.All);
    }

    [Fact]
    public async Task A_Windows_zone_id_reads_times_as_the_IANA_id_does()
    {
        await using var sandbox = await CliSandbox.StartAsync();

        var r = await sandbox.RunAsync(["import", Corpus("amocrm-leads.csv"), "--counter", "12345", "--default-region", "RU", "--timezone", "Russian Standard Time"]);

        Assert.True(r.ExitCode == ExitCodes.Success, r.All);
        AssertRows(Expected("amocrm-leads"), sandbox.Server.State.UploadsOf(CliSandbox.Counter).SelectMany(u => u.Rows).ToList());
    }

    [Theory]
    [InlineData("--encoding", "klingon", "not an encoding")]
    [InlineData("--default-region", "Russia", "not a country")]
    [InlineData("--timezone", "Mars/Olympus", "not a time zone")]
    public async Task A_bad_option_value_is_a_usage_error_before_anything_is_read(string option, string value, string reason)
    {
        await using var sandbox = await CliSandbox.StartAsync();

        var r = await sandbox.RunAsync(["import", Corpus("amocrm-leads.csv"), "--counter", "12345", option, value]);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains(option + ": ", r.Error);
        Assert.Contains(reason, r.Error);
        Assert.Empty(sandbox.Server.State.UploadsOf(CliSandbox.Counter));
    }

    [Fact]
    public async Task A_link_to_a_national_number_needs_the_region_and_validates_it()
    {
        var without = await CliRun.RunAsync(["link", "whatsapp", "--target", "8 (912) 000-00-00", "--id", "K7M2Q9XH4TPA"]);
        Assert.Equal(ExitCodes.Usage, without.ExitCode);
        Assert.Contains("--default-region RU", without.Error);
        Assert.DoesNotContain("wa.me/8912", without.All);

        var with = await CliRun.RunAsync(["link", "whatsapp", "--target", "8 (912) 000-00-00", "--id", "K7M2Q9XH4TPA", "--default-region", "RU"]);
        Assert.Equal(ExitCodes.Success, with.ExitCode);
        Assert.StartsWith("https://wa.me/79120000000?text=", with.Out, StringComparison.Ordinal);

        var invalid = await CliRun.RunAsync(["link", "whatsapp", "--target", "+7 000 000-00-00", "--id", "K7M2Q9XH4TPA"]);
        Assert.Equal(ExitCodes.Usage, invalid.ExitCode);
        Assert.Contains("not a valid RU (+7) number", invalid.Error);
    }

    [Fact]
    public async Task Join_settles_phones_and_times_so_the_import_needs_no_options()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var chats = sandbox.TempFile("chats.csv");
        var site = sandbox.TempFile("site.csv");
        var joined = sandbox.TempFile("joined.csv");
        await File.WriteAllBytesAsync(chats, CodePagesEncodingProvider.Instance.GetEncoding(1251)!.GetBytes("Дата;Время;Мессенджер;Телефон;TrackingId\r\n02.11.2026;10:15;Ватсап;8 (912) 000-00-00;K7M2Q9XH4TPA\r\n"));
        await File.WriteAllTextAsync(site, "TrackingId,ClientId\nK7M2Q9XH4TPA,1793600000123456701\n");

        var join = await CliRun.RunAsync(["join", chats, "--site", site, "--out", joined, .. Russian]);
        Assert.True(join.ExitCode == ExitCodes.Success, join.All);
        var import = await sandbox.RunAsync(["import", joined, "--counter", "12345"]);

        Assert.True(import.ExitCode == ExitCodes.Success, import.All);
        var row = Assert.Single(sandbox.Server.State.UploadsOf(CliSandbox.Counter).SelectMany(u => u.Rows));
        Assert.Equal("+79120000000", row["PhoneNumber"]);
        Assert.Equal("1793600000123456701", row["ClientId"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 7, 15, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), row["DateTime"]);
    }

    internal static string Corpus(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "tests", "corpus", file);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("tests/corpus/" + file + " not found above " + AppContext.BaseDirectory);
    }

    private static List<string[]> Expected(string name) =>
        File.ReadAllLines(Corpus(name + ".expected.csv"), Encoding.UTF8).Select(Split).ToList();

    private static void AssertRows(List<string[]> expected, List<IReadOnlyDictionary<string, string>> rows)
    {
        var header = expected[0];
        Assert.Equal(expected.Count - 1, rows.Count);
        for (var i = 1; i < expected.Count; i++)
        {
            for (var c = 0; c < header.Length; c++)
            {
                var actual = rows[i - 1].TryGetValue(header[c], out var v) ? v : string.Empty;
                Assert.True(expected[i][c] == actual, $"row {i}, {header[c]}: expected '{expected[i][c]}', received '{actual}'");
            }
        }
    }

    /// <summary>One line of RFC 4180 CSV (the expected files have no line breaks inside values).</summary>
    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }

        fields.Add(sb.ToString());
        return fields.ToArray();
    }

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
