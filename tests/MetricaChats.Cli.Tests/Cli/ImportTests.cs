using System.Text.Json;
using Xunit;

namespace MetricaChats.Cli.Tests.Cli;

/// <summary>import, end to end against the sandbox: good input, bad rows, stdin, --json, dry run, --wait.</summary>
public sealed class ImportTests
{
    [Fact]
    public async Task A_good_file_is_sent_once_and_exits_0()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(40));

        var r = await sandbox.RunAsync(["import", file, "--counter", "12345", "--batch-size", "15"]);

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("read = sent + rejected: 40 = 40 + 0", r.Out);
        Assert.Contains("Result: success (exit code 0)", r.Out);
        var uploads = sandbox.Server.State.UploadsOf(CliSandbox.Counter);
        Assert.Equal(3, uploads.Count); // 15 + 15 + 10
        Assert.Equal(40, uploads.Sum(u => u.Rows.Count));
        Assert.Equal(40, uploads.SelectMany(u => u.Rows).Select(row => row["ChatUsername"]).Distinct().Count());
    }

    [Fact]
    public async Task The_sample_with_bad_rows_exits_partial_writes_the_rejects_file_and_reconciles()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var rejects = sandbox.TempFile("out/rejects.csv");

        var r = await sandbox.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345", "--rejects", rejects, "--wait"]);

        Assert.Equal(ExitCodes.Partial, r.ExitCode);
        Assert.Contains("read = sent + rejected: 30 = 25 + 5", r.Out);
        Assert.Contains("status PROCESSED", r.Out);
        Assert.Contains("rejected: Row 6, field ChatPlatform, value 'icq'", r.Error);
        Assert.Equal(25, sandbox.Server.State.UploadsOf(CliSandbox.Counter).Sum(u => u.Rows.Count));

        var lines = await File.ReadAllLinesAsync(rejects);
        Assert.StartsWith("RejectedRow,RejectedField,RejectedValue,RejectReason,DateTime,ChatPlatform", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(["6", "10", "14", "18", "28"], rows);
        Assert.Contains(lines, l => l.StartsWith("6,ChatPlatform,icq,", StringComparison.Ordinal) && l.Contains(",icq,olga_s,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("18,Currency,RUBLES,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fixed_rejects_file_can_be_sent_again()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var rejects = sandbox.TempFile("rejects.csv");
        var first = await sandbox.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345", "--rejects", rejects]);
        Assert.Equal(ExitCodes.Partial, first.ExitCode);

        // The user fixes the currency of row 18 and the platform of row 6 and sends the file again.
        var text = await File.ReadAllTextAsync(rejects);
        text = text.Replace(",RUBLES,", ",RUB,", StringComparison.Ordinal).Replace(",icq,olga_s,", ",telegram,olga_s,", StringComparison.Ordinal);
        var fixedFile = sandbox.TempFile("fixed.csv");
        await File.WriteAllTextAsync(fixedFile, text);

        var again = await sandbox.RunAsync(["import", fixedFile, "--counter", "12345", "--json"]);

        Assert.Equal(ExitCodes.Partial, again.ExitCode);
        using var doc = JsonDocument.Parse(again.Out);
        Assert.Equal(5, doc.RootElement.GetProperty("read").GetInt64());
        Assert.Equal(2, doc.RootElement.GetProperty("sent").GetInt64());
        Assert.Equal(3, doc.RootElement.GetProperty("rejected").GetInt64());
        Assert.Equal(25 + 2, sandbox.Server.State.UploadsOf(CliSandbox.Counter).Sum(u => u.Rows.Count));
    }

    [Fact]
    public async Task Many_rejected_rows_print_the_first_50_and_write_all_to_the_rejects_file()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var csv = TestFiles.GoodCsv(70).Split('\n');
        for (var i = 1; i <= 60; i++)
        {
            csv[i] = csv[i].Replace(",whatsapp,", ",skype,").Replace(",telegram,", ",skype,").Replace(",viber,", ",skype,");
        }

        var file = sandbox.TempFile("many-bad.csv");
        await File.WriteAllTextAsync(file, string.Join('\n', csv));
        var rejects = sandbox.TempFile("rejects.csv");

        var r = await sandbox.RunAsync(["import", file, "--counter", "12345", "--rejects", rejects]);

        Assert.Equal(ExitCodes.Partial, r.ExitCode);
        Assert.Equal(ImportRunnerLimits.MaxPrintedIssues, r.Error.Split('\n').Count(l => l.StartsWith("rejected: Row", StringComparison.Ordinal)));
        Assert.Contains("only the first 50 are shown here (all are in " + rejects + ")", r.Error);
        Assert.Equal(61, (await File.ReadAllLinesAsync(rejects)).Length);
        Assert.Contains("read = sent + rejected: 70 = 10 + 60", r.Out);
    }

    [Fact]
    public async Task Rows_the_CSV_reader_cannot_split_are_counted_as_rejected()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var lines = TestFiles.GoodCsv(5).TrimEnd('\n').Split('\n').ToList();
        lines.Insert(3, lines[3] + ",one,field,too,many"); // becomes data row 3; the old row 3 is row 4
        var file = sandbox.TempFile("ragged.csv");
        await File.WriteAllTextAsync(file, string.Join('\n', lines) + "\n");
        var rejects = sandbox.TempFile("rejects.csv");

        var r = await sandbox.RunAsync(["import", file, "--counter", "12345", "--rejects", rejects, "--json"]);

        Assert.Equal(ExitCodes.Partial, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal(6, doc.RootElement.GetProperty("read").GetInt64());
        Assert.Equal(5, doc.RootElement.GetProperty("sent").GetInt64());
        Assert.Equal(1, doc.RootElement.GetProperty("rejected").GetInt64());
        Assert.True(doc.RootElement.GetProperty("reconciles").GetBoolean());
        var rejected = (await File.ReadAllLinesAsync(rejects)).Skip(1).ToList();
        Assert.StartsWith("3,", Assert.Single(rejected), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Standard_input_is_read_with_a_dash()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var r = await sandbox.RunAsync(["import", "-", "--counter", "12345"], stdin: TestFiles.GoodCsv(7));
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Equal(7, sandbox.Server.State.UploadsOf(CliSandbox.Counter).Sum(u => u.Rows.Count));
    }

    [Fact]
    public async Task Token_stdin_with_a_dash_takes_the_first_line_as_the_token_and_the_rest_as_CSV()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var r = await sandbox.RunAsync(["import", "-", "--counter", "12345", "--token-stdin"], stdin: CliSandbox.Token + "\n" + TestFiles.GoodCsv(4), token: null);
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Equal(4, sandbox.Server.State.UploadsOf(CliSandbox.Counter).Sum(u => u.Rows.Count));
        Assert.DoesNotContain(CliSandbox.Token[..8], r.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_from_standard_input_with_token_stdin_skips_the_token_line()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var dir = sandbox.TempFile("dry-stdin");
        var r = await CliRun.RunAsync(["import", "-", "--counter", "12345", "--token-stdin", "--dry-run", dir], stdin: CliSandbox.Token + "\n" + TestFiles.GoodCsv(3), environment: sandbox.Environment(token: null));
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        var text = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(dir)));
        Assert.Equal(4, text.TrimEnd('\n').Split('\n').Length);
        Assert.DoesNotContain(CliSandbox.Token[..8], text + r.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_is_one_document_with_counts_uploads_and_issues()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var r = await sandbox.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345", "--wait", "--json"]);

        Assert.Equal(ExitCodes.Partial, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal("partial", root.GetProperty("result").GetString());
        Assert.Equal(3, root.GetProperty("exitCode").GetInt32());
        Assert.Equal(30, root.GetProperty("read").GetInt64());
        Assert.Equal(25, root.GetProperty("sent").GetInt64());
        Assert.Equal(5, root.GetProperty("rejected").GetInt64());
        Assert.Equal(6, root.GetProperty("unattributed").GetInt64());
        Assert.True(root.GetProperty("reconciles").GetBoolean());
        Assert.Equal(1, root.GetProperty("rejectedByCode").GetProperty("InvalidChatPlatform").GetInt64());
        var upload = root.GetProperty("uploads")[0].GetProperty("upload");
        Assert.Equal("PROCESSED", upload.GetProperty("status").GetString());
        Assert.True(upload.GetProperty("final").GetBoolean());
        var errors = root.GetProperty("issues").EnumerateArray().Where(i => i.GetProperty("severity").GetString() == "error").ToList();
        Assert.Equal([6L, 10L, 14L, 18L, 28L], errors.Select(e => e.GetProperty("row").GetInt64()).ToArray());
        Assert.Equal("Tag", errors[4].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Dry_run_writes_the_exact_bytes_an_upload_sends_and_needs_no_token()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var dir = sandbox.TempFile("dry");

        var dry = await CliRun.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345", "--dry-run", dir], environment: sandbox.Environment(token: null));

        Assert.Equal(ExitCodes.Partial, dry.ExitCode);
        Assert.Contains("dry run: nothing was sent", dry.Out);
        Assert.Empty(sandbox.Server.State.Uploads);
        var files = Directory.GetFiles(dir, "*.csv");
        var batch = Assert.Single(files);
        var bytes = await File.ReadAllBytesAsync(batch);
        var lines = System.Text.Encoding.UTF8.GetString(bytes).TrimEnd('\n', '\r').Split('\n');
        Assert.Equal(26, lines.Length); // header + 25 valid rows

        // The same file sent for real: the sandbox received exactly these bytes and this header.
        var sent = await sandbox.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345"]);
        Assert.Equal(ExitCodes.Partial, sent.ExitCode);
        var upload = Assert.Single(sandbox.Server.State.UploadsOf(CliSandbox.Counter));
        Assert.Equal(bytes.LongLength, upload.RawByteLength);
        Assert.Equal(lines[0].TrimEnd('\r'), string.Join(",", upload.Header));
    }

    [Fact]
    public async Task Import_then_status_wait_follows_the_upload_to_PROCESSED()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(3));
        var import = await sandbox.RunAsync(["import", file, "--counter", "12345", "--json"]);
        Assert.Equal(0, import.ExitCode);
        long id;
        using (var doc = JsonDocument.Parse(import.Out))
        {
            id = doc.RootElement.GetProperty("uploads")[0].GetProperty("upload").GetProperty("id").GetInt64();
        }

        var status = await sandbox.RunAsync(["status", "--counter", "12345", "--id", id.ToString(), "--wait"]);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("PROCESSED (final)", status.Out);
    }

    [Fact]
    public async Task Rows_without_any_Metrica_id_end_in_LINKAGE_FAILURE_which_is_partial()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var file = sandbox.TempFile("unattributed.csv");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600;
        await File.WriteAllTextAsync(file, $"DateTime,ChatPlatform,ChatUsername\n{now},telegram,someone\n{now - 60},viber,other\n");

        var r = await sandbox.RunAsync(["import", file, "--counter", "12345", "--wait"]);

        Assert.Equal(ExitCodes.Partial, r.ExitCode);
        Assert.Contains("status LINKAGE_FAILURE", r.Out);
        Assert.Contains("unattributed         2", r.Out);
    }

    [Fact]
    public async Task Progress_redraws_one_line_on_a_terminal_and_writes_plain_lines_when_redirected()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var file = sandbox.TempFile("good.csv");
        await File.WriteAllTextAsync(file, TestFiles.GoodCsv(30));

        var terminal = await sandbox.RunAsync(["import", file, "--counter", "12345", "--batch-size", "10"], interactive: true);
        Assert.Equal(0, terminal.ExitCode);
        Assert.Contains("\r", terminal.Error, StringComparison.Ordinal);
        Assert.Contains("100%  read 30", terminal.Error, StringComparison.Ordinal);

        // Its own ledger: the same rows again would otherwise be "already sent" and make no batch.
        var redirected = await sandbox.RunAsync(["import", file, "--counter", "12345", "--batch-size", "10", "--ledger", sandbox.TempFile("second.ledger.db")]);
        Assert.Equal(0, redirected.ExitCode);
        Assert.DoesNotContain("\r", redirected.Error, StringComparison.Ordinal);
        Assert.Equal(3, redirected.Error.Split('\n').Count(l => l.StartsWith("batch ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("h\n1\n2\n", 2L)]
    [InlineData("h\n1\n2", 2L)]
    [InlineData("h\r\n1\r\n", 1L)]
    [InlineData("h", 0L)]
    [InlineData("", 0L)]
    public void Counting_data_lines_for_the_percentage(string content, long expected)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, content);
            Assert.Equal(expected, MetricaChats.Cli.Commands.ImportRunner.CountDataLines(path, CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_readme_first_run_works_with_the_embedded_sandbox()
    {
        var r = await CliRun.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345", "--sandbox", "--wait"], environment: new Dictionary<string, string?>());
        Assert.Equal(ExitCodes.Partial, r.ExitCode);
        Assert.Contains("Started an embedded Metrica sandbox", r.Error);
        Assert.Contains("read = sent + rejected: 30 = 25 + 5", r.Out);
        Assert.Contains("Uploads (final status)", r.Out);
        Assert.Contains("status PROCESSED", r.Out);

        var noWait = await CliRun.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345", "--sandbox"], environment: new Dictionary<string, string?>());
        Assert.Equal(ExitCodes.Partial, noWait.ExitCode);
        Assert.Contains("add --wait to see the final status", noWait.Out);
    }
}
