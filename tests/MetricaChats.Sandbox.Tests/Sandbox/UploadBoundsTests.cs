using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MetricaChats.Sandbox.Tests.Sandbox;

/// <summary>
/// Nothing an upload sends can make the sandbox buffer without a bound: a field, a record, the
/// row errors it keeps, the multipart part headers and admin bodies are all capped, and a NUL in
/// the file is refused, each with Metrica's error body, over real HTTP.
/// </summary>
public class UploadBoundsTests
{
    private const string Header = "DateTime,ChatPlatform,ChatUsername";
    private static readonly long Past = Harness.PastUnix;

    [Fact]
    public async Task A_field_over_the_bound_refuses_the_file_naming_line_and_column_and_stores_nothing()
    {
        await using Harness h = await Harness.StartAsync(o => o.MaxFieldLength = 1_000);
        string csv = Harness.Csv(Header, $"{Past},telegram,ok", $"{Past},telegram,{new string('a', 5_000)}");

        string message = await Harness.AssertErrorAsync(await h.UploadAsync(csv), 400, "invalid_uploading");

        Assert.Contains("Ошибка в строке 3", message);
        Assert.Contains("Line 3, column 3 (ChatUsername)", message);
        Assert.Contains("longer than 1000 characters", message);
        Assert.Empty(h.Server.State.Uploads);
        Assert.Equal(0, h.Server.State.StoredRows);
    }

    [Fact]
    public async Task A_field_exactly_at_the_bound_is_accepted()
    {
        await using Harness h = await Harness.StartAsync(o => o.MaxFieldLength = 1_000);
        string name = new('b', 1_000);

        HttpResponseMessage r = await h.UploadAsync(Harness.Csv(Header, $"{Past},telegram,{name}"));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(name, h.Server.State.Uploads.Single().Rows[0]["ChatUsername"]);
    }

    [Fact]
    public async Task The_default_bound_refuses_a_megabyte_field_while_it_streams()
    {
        await using Harness h = await Harness.StartAsync();
        string csv = Harness.Csv(Header, $"{Past},telegram,\"{new string('q', 1 << 20)}\"");

        string message = await Harness.AssertErrorAsync(await h.UploadAsync(csv), 400, "invalid_uploading");

        Assert.Contains("longer than 65536 characters", message);
        Assert.Empty(h.Server.State.Uploads);
    }

    [Fact]
    public async Task A_quoted_field_over_the_bound_is_refused_on_the_line_where_it_overflows()
    {
        await using Harness h = await Harness.StartAsync(o => o.MaxFieldLength = 50);
        string csv = Harness.Csv(Header, $"{Past},telegram,\"{new string('x', 30)}\n{new string('y', 30)}\"");

        string message = await Harness.AssertErrorAsync(await h.UploadAsync(csv), 400, "invalid_uploading");

        Assert.Contains("Line 3, column 3 (ChatUsername)", message);
    }

    [Fact]
    public async Task A_header_name_over_the_bound_is_refused_by_column_number()
    {
        await using Harness h = await Harness.StartAsync(o => o.MaxFieldLength = 20);
        string csv = Harness.Csv("DateTime," + new string('H', 40), $"{Past},telegram");

        string message = await Harness.AssertErrorAsync(await h.UploadAsync(csv), 400, "invalid_uploading");

        Assert.Contains("Line 1, column 2:", message);
    }

    [Fact]
    public async Task A_NUL_inside_a_value_refuses_the_file_naming_line_and_column()
    {
        await using Harness h = await Harness.StartAsync();
        string csv = Harness.Csv(Header, $"{Past},telegram,ok", $"{Past},telegram,bo\0b");

        string message = await Harness.AssertErrorAsync(await h.UploadAsync(csv), 400, "invalid_uploading");

        Assert.Contains("Ошибка в строке 3", message);
        Assert.Contains("Line 3, column 3 (ChatUsername)", message);
        Assert.Contains("NUL", message);
        Assert.Empty(h.Server.State.Uploads);
    }

    [Fact]
    public async Task A_NUL_in_a_quoted_value_or_the_header_is_refused_too()
    {
        await using Harness h = await Harness.StartAsync();

        string quoted = await Harness.AssertErrorAsync(await h.UploadAsync(Harness.Csv(Header, $"{Past},telegram,\"a,\0\"")), 400, "invalid_uploading");
        string header = await Harness.AssertErrorAsync(await h.UploadAsync(Harness.Csv("DateTime,Chat\0Platform,ChatUsername", $"{Past},telegram,bob")), 400, "invalid_uploading");

        Assert.Contains("Line 2, column 3 (ChatUsername)", quoted);
        Assert.Contains("Line 1, column 2:", header);
        Assert.Empty(h.Server.State.Uploads);
    }

    [Fact]
    public async Task A_record_with_too_many_fields_is_refused()
    {
        await using Harness h = await Harness.StartAsync(o => o.MaxFieldsPerRecord = 10);
        string csv = Harness.Csv(Header, $"{Past},telegram,bob" + new string(',', 50));

        string message = await Harness.AssertErrorAsync(await h.UploadAsync(csv), 400, "invalid_uploading");

        Assert.Contains("Line 2 has more than 10 fields", message);
    }

    [Fact]
    public async Task Fields_up_to_the_field_count_bound_still_reach_the_row_check()
    {
        await using Harness h = await Harness.StartAsync(o => o.MaxFieldsPerRecord = 10);
        string csv = Harness.Csv(Header, $"{Past},telegram,bob", $"{Past},telegram,bob,,,,");

        HttpResponseMessage r = await h.UploadAsync(csv);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        SandboxUpload upload = h.Server.State.Uploads.Single();
        Assert.Equal(1, upload.LineQuantity);
        Assert.Contains("7 fields", upload.RowErrors.Single().Message);
    }

    [Fact]
    public async Task A_record_over_the_length_bound_is_refused_even_when_every_field_is_short()
    {
        await using Harness h = await Harness.StartAsync(o =>
        {
            o.MaxFieldLength = 100;
            o.MaxRecordLength = 150;
        });
        string csv = Harness.Csv("DateTime,ChatPlatform,ChatUsername,ChatUserID", $"{Past},telegram,{new string('u', 90)},{new string('i', 90)}");

        string message = await Harness.AssertErrorAsync(await h.UploadAsync(csv), 400, "invalid_uploading");

        Assert.Contains("record on line 2 is longer than 150 characters", message);
    }

    [Fact]
    public async Task Row_errors_kept_are_capped_but_every_rejected_row_is_still_counted()
    {
        await using Harness h = await Harness.StartAsync(o => o.MaxStoredRowErrors = 5);
        var lines = new List<string> { Header, $"{Past},telegram,good" };
        for (int i = 0; i < 20; i++)
        {
            lines.Add($"{Past},icq,bad{i}");
        }

        HttpResponseMessage r = await h.UploadAsync(Harness.Csv(lines.ToArray()));

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        SandboxUpload upload = h.Server.State.Uploads.Single();
        Assert.Equal(21, upload.SourceQuantity);
        Assert.Equal(1, upload.LineQuantity);
        Assert.Equal(5, upload.RowErrors.Count);
        Assert.True(upload.RowErrorsTruncated);
        Assert.Equal("good", Assert.Single(upload.AcceptedRows)["ChatUsername"]); // does not rely on the row errors kept
        JsonElement view = await Harness.JsonAsync(await h.Client.GetAsync($"_sandbox/uploads/{upload.Id}"));
        Assert.True(view.GetProperty("row_errors_truncated").GetBoolean());
    }

    [Fact]
    public async Task A_long_bad_value_is_cut_in_the_row_error_and_its_message()
    {
        await using Harness h = await Harness.StartAsync();
        string platform = new('z', 5_000);
        string csv = Harness.Csv(Header, $"{Past},telegram,good", $"{Past},{platform},bob");

        HttpResponseMessage r = await h.UploadAsync(csv);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        SandboxRowError error = h.Server.State.Uploads.Single().RowErrors.Single();
        Assert.Equal("ChatPlatform", error.Column);
        Assert.Contains("(5000 characters)", error.Value);
        Assert.True(error.Value.Length < 250);
        Assert.True(error.Message.Length < 500, error.Message);
        Assert.False(h.Server.State.Uploads.Single().RowErrorsTruncated);
    }

    [Fact]
    public async Task Multipart_part_headers_over_their_bound_are_refused()
    {
        await using Harness h = await Harness.StartAsync();
        string body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\nX-Padding: " + new string('p', 40_000)
            + "\r\n\r\n" + Harness.ValidCsv() + "\r\n--b--\r\n";
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        await Harness.AssertErrorAsync(await h.Client.PostAsync(Harness.UploadPath(), content), 400, "invalid_uploading");
        Assert.Empty(h.Server.State.Uploads);
    }

    [Fact]
    public async Task An_admin_body_over_a_megabyte_is_refused()
    {
        await using Harness h = await Harness.StartAsync();
        string json = "{\"failure_rate\":0.5,\"pad\":\"" + new string('p', (1 << 20) + 10) + "\"}";

        HttpResponseMessage r = await h.Client.PostAsync("_sandbox/faults", new StringContent(json, Encoding.UTF8, "application/json"));

        string message = await Harness.AssertErrorAsync(r, 400, "invalid_parameter");
        Assert.Contains("larger than 1048576 bytes", message);
        Assert.Equal(0, h.Server.Faults.FailureRate);
    }

    [Theory]
    [InlineData(0, 100, 1000, 10)]
    [InlineData(100, 0, 1000, 10)]
    [InlineData(100, 100, 0, 10)]
    [InlineData(100, 100, 1000, 0)]
    public async Task Bounds_below_one_are_refused_at_start(int field, int fields, int record, int errors)
    {
        var options = new SandboxOptions { MaxFieldLength = field, MaxFieldsPerRecord = fields, MaxRecordLength = record, MaxStoredRowErrors = errors };
        options.AddToken(Harness.Token, Harness.Counter);

        await Assert.ThrowsAsync<ArgumentException>(() => SandboxServer.StartAsync(options));
    }
}
