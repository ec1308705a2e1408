using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MetricaChats.Sandbox.Tests.Sandbox;

/// <summary>
/// The call upload, strictly: what refuses the whole file (multipart, encoding, header) and
/// what only refuses a row (a bad value, no visitor id), which is counted out of line_quantity.
/// </summary>
public class CallUploadValidationTests
{
    private static readonly long Past = CallFiles.Past;

    [Fact]
    public async Task A_body_that_is_not_multipart_is_refused()
    {
        await using Harness h = await Harness.StartAsync();
        var content = new StringContent(CallFiles.Valid(1), Encoding.UTF8, "text/csv");
        string message = await Harness.AssertErrorAsync(await h.Client.PostAsync(CallFiles.UploadPath(), content), 400, "invalid_uploading");
        Assert.Contains("multipart/form-data", message);
    }

    [Fact]
    public async Task A_part_with_another_name_two_parts_or_no_part_are_refused_and_nothing_is_stored()
    {
        await using Harness h = await Harness.StartAsync();
        string named = await Harness.AssertErrorAsync(await h.Client.PostAsync(CallFiles.UploadPath(), Harness.FilePart(CallFiles.Valid(1), "calls")), 400, "invalid_uploading");
        MultipartFormDataContent two = Harness.FilePart(CallFiles.Valid(1));
        two.Add(new StringContent("x"), "extra");
        string twice = await Harness.AssertErrorAsync(await h.Client.PostAsync(CallFiles.UploadPath(), two), 400, "invalid_uploading");
        var none = new ByteArrayContent(Encoding.ASCII.GetBytes("--b--\r\n"));
        none.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        await Harness.AssertErrorAsync(await h.Client.PostAsync(CallFiles.UploadPath(), none), 400, "invalid_uploading");

        Assert.Contains("'calls'", named);
        Assert.Contains("'extra'", twice);
        Assert.Empty(h.Server.State.Uploads);
        Assert.Equal(0, h.Server.State.StoredRows);
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_is_refused_and_a_bom_with_crlf_is_fine()
    {
        await using Harness h = await Harness.StartAsync();
        byte[] latin1 = Encoding.Latin1.GetBytes($"DateTime,UserId\n{Past},J\u00f6rg\n");
        var bad = new MultipartFormDataContent { { new ByteArrayContent(latin1), "file", "calls.csv" } };
        Assert.Contains("UTF-8", await Harness.AssertErrorAsync(await h.Client.PostAsync(CallFiles.UploadPath(), bad), 400, "invalid_uploading"));

        byte[] body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"DateTime,UserId,Tag\r\n{Past},Йорг,\"горячий, важный\"\r\n")).ToArray();
        var good = new MultipartFormDataContent { { new ByteArrayContent(body), "file", "calls.csv" } };
        Assert.Equal(HttpStatusCode.OK, (await h.Client.PostAsync(CallFiles.UploadPath(), good)).StatusCode);
        SandboxUpload upload = Assert.Single(h.Server.State.Uploads);
        Assert.Equal("DateTime", upload.Header[0]);
        Assert.Equal("горячий, важный", upload.Rows[0]["Tag"]);
        Assert.Equal(body.Length, upload.RawByteLength);
    }

    [Fact]
    public async Task An_empty_file_and_a_header_without_rows_are_refused()
    {
        await using Harness h = await Harness.StartAsync();
        string empty = await Harness.AssertErrorAsync(await h.UploadCallsAsync(""), 400, "invalid_uploading");
        string headerOnly = await Harness.AssertErrorAsync(await h.UploadCallsAsync("DateTime,ClientId\n"), 400, "invalid_uploading");

        Assert.Contains("one line per call", empty);
        Assert.Contains("no data rows", headerOnly);
        Assert.Empty(h.Server.State.Uploads);
    }

    [Fact]
    public async Task An_unknown_column_refuses_the_file_naming_it_and_the_columns_a_call_file_takes()
    {
        await using Harness h = await Harness.StartAsync();
        string message = await Harness.AssertErrorAsync(await h.UploadCallsAsync(Harness.Csv("DateTime,ClientId,Duration", $"{Past},1,60")), 400, "invalid_uploading");

        Assert.Contains("Неизвестный столбец", message);
        Assert.Contains("Unknown column \"Duration\" in the header (column 3)", message);
        Assert.Contains("CallTrackerURL", message);
        Assert.Contains("Rename or remove", message);
        Assert.Empty(h.Server.State.Uploads);
    }

    [Theory]
    [InlineData("ChatPlatform")]
    [InlineData("PurchaseId")]
    [InlineData("ChatTag")]
    public async Task A_chat_column_in_a_call_file_is_refused_with_a_pointer_to_the_chat_upload(string column)
    {
        await using Harness h = await Harness.StartAsync();
        string message = await Harness.AssertErrorAsync(await h.UploadCallsAsync(Harness.Csv($"DateTime,ClientId,{column}", $"{Past},1,x")), 400, "invalid_uploading");

        Assert.Contains($"Unknown column \"{column}\"", message);
        Assert.Contains("type=CHATS", message);
    }

    [Fact]
    public async Task A_chat_file_sent_to_upload_calls_is_refused()
    {
        await using Harness h = await Harness.StartAsync();
        string message = await Harness.AssertErrorAsync(await h.UploadCallsAsync(Harness.ValidCsv(2)), 400, "invalid_uploading");
        Assert.Contains("ChatPlatform", message);
        Assert.Empty(h.Server.State.Uploads);
    }

    [Fact]
    public async Task A_duplicate_column_in_any_casing_is_refused()
    {
        await using Harness h = await Harness.StartAsync();
        string message = await Harness.AssertErrorAsync(await h.UploadCallsAsync(Harness.Csv("DateTime,ClientId,clientid", $"{Past},1,1")), 400, "invalid_uploading");
        Assert.Contains("Column \"clientid\" appears twice in the header (also as \"ClientId\")", message);
    }

    [Fact]
    public async Task A_header_without_DateTime_is_refused()
    {
        await using Harness h = await Harness.StartAsync();
        string message = await Harness.AssertErrorAsync(await h.UploadCallsAsync(Harness.Csv("ClientId,TalkDuration", "1,60")), 400, "invalid_uploading");
        Assert.Contains("required column DateTime is missing", message);
    }

    [Fact]
    public async Task A_header_without_any_visitor_id_column_is_refused()
    {
        await using Harness h = await Harness.StartAsync();
        string message = await Harness.AssertErrorAsync(await h.UploadCallsAsync(Harness.Csv("DateTime,PhoneNumber", $"{Past},+70123456789")), 400, "invalid_uploading");
        Assert.Contains("at least one of UserId, ClientId, Yclid", message);
    }

    [Theory]
    [InlineData("DateTime", "abc", "is not a Unix time in whole seconds")]
    [InlineData("DateTime", "0", "is not a Unix time in whole seconds")]
    [InlineData("DateTime", "1700000000.5", "is not a Unix time in whole seconds")]
    [InlineData("DateTime", "2026-05-01 10:00:00", "is not a Unix time in whole seconds")]
    [InlineData("ClientId", "12a", "must be digits only")]
    [InlineData("ClientId", "123456789012345678901", "must be digits only")]
    [InlineData("Yclid", "-5", "must be digits only")]
    [InlineData("StaticCall", "2", "must be 1 or 0")]
    [InlineData("StaticCall", "yes", "must be 1 or 0")]
    [InlineData("CallMissed", "true", "must be 1 or 0")]
    [InlineData("FirstTimeCaller", "-1", "must be 1 or 0")]
    [InlineData("Price", "12,50", "is not a non-negative decimal")]
    [InlineData("Price", "-1", "is not a non-negative decimal")]
    [InlineData("Price", "1.2.3", "is not a non-negative decimal")]
    [InlineData("Currency", "rub", "is not a 3-letter ISO 4217 code")]
    [InlineData("Currency", "RUBL", "is not a 3-letter ISO 4217 code")]
    [InlineData("PhoneNumber", "+7 012 345 67 89", "no spaces")]
    [InlineData("PhoneNumber", "8(012)3456789", "no spaces")]
    [InlineData("PhoneNumber", "+123", "no spaces")]
    [InlineData("TalkDuration", "-5", "whole, non-negative number of seconds")]
    [InlineData("TalkDuration", "1.5", "whole, non-negative number of seconds")]
    [InlineData("TalkDuration", "2147483648", "whole, non-negative number of seconds")]
    [InlineData("TalkDuration", "1m30s", "whole, non-negative number of seconds")]
    [InlineData("HoldDuration", "-1", "whole, non-negative number of seconds")]
    [InlineData("URL", "shop.example/p", "is not an absolute http(s) URL")]
    [InlineData("URL", "ftp://shop.example/p", "is not an absolute http(s) URL")]
    [InlineData("CallTrackerURL", "not a url", "is not an absolute http(s) URL")]
    public async Task A_bad_value_rejects_its_row_naming_row_field_and_value_and_good_rows_still_go(string column, string value, string expected)
    {
        await using Harness h = await Harness.StartAsync();
        string header = column is "DateTime" or "ClientId" ? "DateTime,ClientId" : $"DateTime,ClientId,{column}";
        string Row(string v) => column switch
        {
            "DateTime" => $"\"{v}\",77",
            "ClientId" => $"{Past},\"{v}\"",
            _ => $"{Past},77,\"{v}\"",
        };
        string good = column switch
        {
            "DateTime" => Past.ToString(),
            "ClientId" or "Yclid" => "123",
            "Price" => "10.5",
            "Currency" => "RUB",
            "PhoneNumber" => "+70123456789",
            "URL" or "CallTrackerURL" => "https://shop.example/",
            "TalkDuration" or "HoldDuration" => "2147483647",
            _ => "1",
        };

        JsonElement u = await h.UploadCallsOkAsync(Harness.Csv(header, Row(good), Row(value), Row(good)));

        Assert.Equal(3, u.GetProperty("source_quantity").GetInt32());
        Assert.Equal(2, u.GetProperty("line_quantity").GetInt32());
        Assert.Equal(2, u.GetProperty("dynamic_calls_quantity").GetInt32() + u.GetProperty("static_calls_quantity").GetInt32());
        SandboxRowError error = h.SingleRowError();
        Assert.Equal(2, error.RowNumber);
        Assert.Equal(3, error.LineNumber);
        Assert.Equal(column, error.Column);
        Assert.Equal(value, error.Value);
        Assert.StartsWith("row 2 (line 3): ", error.Message);
        Assert.Contains(column, error.Message);
        Assert.Contains(expected, error.Message);
        SandboxUpload upload = h.Server.State.Uploads[0];
        Assert.Equal(2, upload.AcceptedRows.Count);
        Assert.DoesNotContain(upload.Rows[1], upload.AcceptedRows);
    }

    [Fact]
    public async Task A_call_in_the_future_is_rejected()
    {
        await using Harness h = await Harness.StartAsync();
        long future = Harness.Start.ToUnixTimeSeconds() + 1;
        JsonElement u = await h.UploadCallsOkAsync(Harness.Csv("DateTime,ClientId", $"{Past},1", $"{future},2"));

        Assert.Equal(1, u.GetProperty("line_quantity").GetInt32());
        Assert.Contains("is in the future", h.SingleRowError().Message);
        Assert.Contains("calls must be in the past", h.SingleRowError().Message);
    }

    [Fact]
    public async Task A_tag_of_100_characters_passes_and_101_is_rejected()
    {
        await using Harness h = await Harness.StartAsync();
        JsonElement u = await h.UploadCallsOkAsync(Harness.Csv("DateTime,ClientId,Tag", $"{Past},1,{new string('t', 100)}", $"{Past},2,{new string('t', 101)}"));

        Assert.Equal(1, u.GetProperty("line_quantity").GetInt32());
        Assert.Contains("Tag is 101 characters long; at most 100", h.SingleRowError().Message);
    }

    [Theory]
    [InlineData(",,")]
    [InlineData(" , ,\t")]
    public async Task A_call_without_any_visitor_id_is_refused_unlike_a_chat(string ids)
    {
        await using Harness h = await Harness.StartAsync();
        JsonElement u = await h.UploadCallsOkAsync(Harness.Csv("DateTime,UserId,ClientId,Yclid,PhoneNumber", $"{Past},,1,,+70123456789", $"{Past},{ids},+70123456789"));

        Assert.Equal(1, u.GetProperty("line_quantity").GetInt32());
        SandboxRowError error = h.SingleRowError();
        Assert.Equal("UserId", error.Column);
        Assert.Contains("no visitor id: fill at least one of UserId, ClientId, Yclid (a call without one is refused)", error.Message);
    }

    [Fact]
    public async Task A_row_with_several_bad_fields_names_each_of_them()
    {
        await using Harness h = await Harness.StartAsync();
        await h.UploadCallsOkAsync(Harness.Csv("DateTime,ClientId,StaticCall,TalkDuration,URL", $"{Past},1,0,5,https://a.example/", $"soon,,2,-1,nope"));

        SandboxRowError error = h.SingleRowError();
        Assert.Equal("DateTime", error.Column);
        Assert.Equal("soon", error.Value);
        foreach (string part in new[] { "DateTime 'soon'", "StaticCall '2'", "TalkDuration '-1'", "URL 'nope'", "no visitor id" })
        {
            Assert.Contains(part, error.Message);
        }
    }

    [Fact]
    public async Task A_row_with_the_wrong_number_of_fields_is_rejected()
    {
        await using Harness h = await Harness.StartAsync();
        JsonElement u = await h.UploadCallsOkAsync(Harness.Csv("DateTime,ClientId,Tag", $"{Past},1,a", $"{Past},2,a,b"));

        Assert.Equal(1, u.GetProperty("line_quantity").GetInt32());
        Assert.Contains("has 4 fields but the header has 3", h.SingleRowError().Message);
    }

    [Fact]
    public async Task A_file_whose_every_row_fails_is_refused_with_the_first_error_and_nothing_is_stored()
    {
        await using Harness h = await Harness.StartAsync();
        string message = await Harness.AssertErrorAsync(
            await h.UploadCallsAsync(Harness.Csv("DateTime,ClientId,CallMissed", $"{Past},,0", $"{Past},2,maybe")), 400, "invalid_uploading");

        Assert.StartsWith("Ошибка в строке 2. / Error on line 2: row 1 (line 2): no visitor id", message);
        Assert.Contains("No row of the file passed validation", message);
        Assert.Empty(h.Server.State.Uploads);
        Assert.Equal(0, h.Server.State.StoredRows);
    }

    [Fact]
    public async Task A_malformed_csv_is_refused_naming_the_line()
    {
        await using Harness h = await Harness.StartAsync();
        string message = await Harness.AssertErrorAsync(await h.UploadCallsAsync($"DateTime,ClientId,Tag\n{Past},1,\"open\n"), 400, "invalid_uploading");
        Assert.Contains("Ошибка в строке", message);
        Assert.Empty(h.Server.State.Uploads);
    }
}
