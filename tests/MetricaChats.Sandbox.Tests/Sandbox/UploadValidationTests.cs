using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MetricaChats.Sandbox.Tests.Sandbox;

public class UploadValidationTests
{
    private static readonly long Past = Harness.PastUnix;

    private static async Task<JsonElement> UploadOkAsync(Harness h, string csv)
    {
        HttpResponseMessage r = await h.UploadAsync(csv);
        string text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, text);
        using JsonDocument d = JsonDocument.Parse(text);
        return d.RootElement.GetProperty("uploading").Clone();
    }

    [Fact]
    public async Task Missing_type_is_400_missing_parameter()
    {
        await using Harness h = await Harness.StartAsync();
        HttpResponseMessage r = await h.Client.PostAsync($"management/v1/counter/{Harness.Counter}/offline_conversions/upload", Harness.FilePart(Harness.ValidCsv()));
        string message = await Harness.AssertErrorAsync(r, 400, "missing_parameter");
        Assert.Contains("type=CHATS", message);
        Assert.Empty(h.Server.State.Uploads);
    }

    [Fact]
    public async Task Other_type_is_400_invalid_parameter()
    {
        await using Harness h = await Harness.StartAsync();
        HttpResponseMessage r = await h.Client.PostAsync(Harness.UploadPath(type: "BASIC"), Harness.FilePart(Harness.ValidCsv()));
        await Harness.AssertErrorAsync(r, 400, "invalid_parameter");
    }

    [Fact]
    public async Task Comment_of_255_characters_passes_and_256_is_refused()
    {
        await using Harness h = await Harness.StartAsync();
        JsonElement ok = await UploadOkAsync(h, Harness.ValidCsv(1).Length > 0 ? Harness.ValidCsv(1) : "");
        Assert.Equal(JsonValueKind.Number, ok.GetProperty("id").ValueKind);

        HttpResponseMessage fine = await h.UploadAsync(Harness.ValidCsv(1), comment: new string('a', 255));
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        HttpResponseMessage tooLong = await h.UploadAsync(Harness.ValidCsv(1), comment: new string('a', 256));
        string message = await Harness.AssertErrorAsync(tooLong, 400, "invalid_parameter");
        Assert.Contains("256", message);
        Assert.Equal(2, h.Server.State.Uploads.Count);
    }

    [Fact]
    public async Task Body_that_is_not_multipart_is_refused()
    {
        await using Harness h = await Harness.StartAsync();
        var content = new StringContent(Harness.ValidCsv(), Encoding.UTF8, "text/csv");
        await Harness.AssertErrorAsync(await h.Client.PostAsync(Harness.UploadPath(), content), 400, "invalid_uploading");
    }

    [Fact]
    public async Task Part_with_another_name_is_refused()
    {
        await using Harness h = await Harness.StartAsync();
        HttpResponseMessage r = await h.Client.PostAsync(Harness.UploadPath(), Harness.FilePart(Harness.ValidCsv(), "data"));
        string message = await Harness.AssertErrorAsync(r, 400, "invalid_uploading");
        Assert.Contains("'data'", message);
    }

    [Fact]
    public async Task Two_parts_are_refused_and_nothing_is_stored()
    {
        await using Harness h = await Harness.StartAsync();
        MultipartFormDataContent content = Harness.FilePart(Harness.ValidCsv());
        content.Add(new StringContent("x"), "extra");
        string message = await Harness.AssertErrorAsync(await h.Client.PostAsync(Harness.UploadPath(), content), 400, "invalid_uploading");
        Assert.Contains("'extra'", message);
        Assert.Empty(h.Server.State.Uploads);
    }

    [Fact]
    public async Task Multipart_with_no_part_is_refused()
    {
        await using Harness h = await Harness.StartAsync();
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes("--b--\r\n"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        await Harness.AssertErrorAsync(await h.Client.PostAsync(Harness.UploadPath(), content), 400, "invalid_uploading");
    }

    [Fact]
    public async Task Empty_file_and_header_only_file_are_refused()
    {
        await using Harness h = await Harness.StartAsync();
        await Harness.AssertErrorAsync(await h.UploadAsync(""), 400, "invalid_uploading");
        string message = await Harness.AssertErrorAsync(await h.UploadAsync("DateTime,ChatPlatform,ChatUsername\n"), 400, "invalid_uploading");
        Assert.Contains("no data rows", message);
        Assert.Empty(h.Server.State.Uploads);
    }

    [Fact]
    public async Task Unknown_column_is_refused_in_Russian_and_English_naming_the_column()
    {
        await using Harness h = await Harness.StartAsync();
        string csv = Harness.Csv("DateTime,ChatPlatform,ChatUsername,Goal", $"{Past},telegram,bob,x");
        string message = await Harness.AssertErrorAsync(await h.UploadAsync(csv), 400, "invalid_uploading");
        Assert.Contains("Неизвестный столбец", message);
        Assert.Contains("Unknown column \"Goal\"", message);
        Assert.Contains("ChatTrackerURL", message);
    }

    [Fact]
    public async Task Misspelt_column_is_refused()
    {
        await using Harness h = await Harness.StartAsync();
        string csv = Harness.Csv("DateTime,ChatPlatform,ChatUserName2", $"{Past},telegram,bob");
        await Harness.AssertErrorAsync(await h.UploadAsync(csv), 400, "invalid_uploading");
    }

    [Fact]
    public async Task Duplicate_column_is_refused_even_in_other_casing()
    {
        await using Harness h = await Harness.StartAsync();
        string csv = Harness.Csv("DateTime,ChatPlatform,ChatUsername,chatusername", $"{Past},telegram,bob,bob");
        string message = await Harness.AssertErrorAsync(await h.UploadAsync(csv), 400, "invalid_uploading");
        Assert.Contains("twice", message);
    }

    [Theory]
    [InlineData("ChatPlatform,ChatUsername", "DateTime")]
    [InlineData("DateTime,ChatUsername", "ChatPlatform")]
    public async Task Missing_required_column_is_refused(string header, string missing)
    {
        await using Harness h = await Harness.StartAsync();
        string row = header == "ChatPlatform,ChatUsername" ? "telegram,bob" : $"{Past},bob";
        string message = await Harness.AssertErrorAsync(await h.UploadAsync(Harness.Csv(header, row)), 400, "invalid_uploading");
        Assert.Contains($"required column {missing}", message);
    }

    [Fact]
    public async Task Header_without_any_partner_column_is_refused()
    {
        await using Harness h = await Harness.StartAsync();
        string message = await Harness.AssertErrorAsync(await h.UploadAsync(Harness.Csv("DateTime,ChatPlatform,ClientId", $"{Past},telegram,1")), 400, "invalid_uploading");
        Assert.Contains("PhoneNumber", message);
    }

    [Fact]
    public async Task Column_names_match_case_insensitively()
    {
        await using Harness h = await Harness.StartAsync();
        JsonElement u = await UploadOkAsync(h, Harness.Csv("datetime,CHATPLATFORM,chatuserid,clientid,chatanswered", $"{Past},viber,42,123,1"));
        Assert.Equal(1, u.GetProperty("line_quantity").GetInt32());
        Assert.Equal("42", h.Server.State.Uploads[0].Rows[0]["ChatUserID"]);
    }

    [Fact]
    public async Task Every_documented_column_is_accepted_in_a_valid_row()
    {
        await using Harness h = await Harness.StartAsync();
        string csv = Harness.Csv(
            "DateTime,ChatPlatform,ChatUsername,ChatUserID,PhoneNumber,ClientId,UserId,Yclid,PurchaseId,ChatAnswered,ChatTag,Price,Currency,URL,ChatTrackerURL",
            $"{Past},whatsapp,alice,111,+70123456789,1605608581226592337,u-1,4567,order-9,0,vip,1500.50,RUB,https://shop.example/p?a=1,https://tracker.example/c/1");
        JsonElement u = await UploadOkAsync(h, csv);
        Assert.Equal(1, u.GetProperty("line_quantity").GetInt32());
        Assert.Empty(h.Server.State.Uploads[0].RowErrors);
    }

    [Fact]
    public async Task Non_utf8_file_is_refused()
    {
        await using Harness h = await Harness.StartAsync();
        byte[] latin1 = Encoding.Latin1.GetBytes($"DateTime,ChatPlatform,ChatUsername\n{Past},telegram,J\u00f6rg\n");
        var content = new MultipartFormDataContent { { new ByteArrayContent(latin1), "file", "c.csv" } };
        string message = await Harness.AssertErrorAsync(await h.Client.PostAsync(Harness.UploadPath(), content), 400, "invalid_uploading");
        Assert.Contains("UTF-8", message);
    }

    [Fact]
    public async Task Utf8_bom_and_crlf_are_accepted_and_non_ascii_values_kept()
    {
        await using Harness h = await Harness.StartAsync();
        byte[] body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"DateTime,ChatPlatform,ChatUsername\r\n{Past},telegram,Йорг\r\n")).ToArray();
        var content = new MultipartFormDataContent { { new ByteArrayContent(body), "file", "c.csv" } };
        HttpResponseMessage r = await h.Client.PostAsync(Harness.UploadPath(), content);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        SandboxUpload upload = Assert.Single(h.Server.State.Uploads);
        Assert.Equal("DateTime", upload.Header[0]);
        Assert.Equal("Йорг", upload.Rows[0]["ChatUsername"]);
        Assert.Equal(body.Length, upload.RawByteLength);
    }

    [Fact]
    public async Task Quoted_fields_with_commas_quotes_and_line_breaks_are_parsed()
    {
        await using Harness h = await Harness.StartAsync();
        string csv = "DateTime,ChatPlatform,ChatUsername,ChatTag\n" +
                     $"{Past},telegram,\"smith, john\",\"say \"\"hi\"\"\nsecond line\"\n" +
                     $"{Past},viber,bob,plain\n";
        JsonElement u = await UploadOkAsync(h, csv);
        Assert.Equal(2, u.GetProperty("source_quantity").GetInt32());
        Assert.Equal(2, u.GetProperty("line_quantity").GetInt32());
        SandboxUpload upload = h.Server.State.Uploads[0];
        Assert.Equal("smith, john", upload.Rows[0]["ChatUsername"]);
        Assert.Equal("say \"hi\"\nsecond line", upload.Rows[0]["ChatTag"]);
        Assert.Equal("bob", upload.Rows[1]["ChatUsername"]);
    }

    [Fact]
    public async Task Unclosed_quote_refuses_the_file_naming_the_line()
    {
        await using Harness h = await Harness.StartAsync();
        string csv = $"DateTime,ChatPlatform,ChatUsername\n{Past},telegram,bob\n{Past},telegram,\"open\n";
        string message = await Harness.AssertErrorAsync(await h.UploadAsync(csv), 400, "invalid_uploading");
        Assert.Contains("line 3", message);
    }

    [Theory]
    [InlineData("DateTime", "abc", "Unix time")]
    [InlineData("DateTime", "FUTURE", "in the future")]
    [InlineData("DateTime", "", "required")]
    [InlineData("ChatPlatform", "Telegram", "whatsapp, telegram, viber")]
    [InlineData("ChatPlatform", "icq", "whatsapp, telegram, viber")]
    [InlineData("PhoneNumber", "+7 012 345", "phone number")]
    [InlineData("ClientId", "abc123", "digits only")]
    [InlineData("Yclid", "12.5", "digits only")]
    [InlineData("ChatAnswered", "yes", "1 or 0")]
    [InlineData("ChatTag", "LONGTAG", "at most 100")]
    [InlineData("Price", "1500,50", "'.' as separator")]
    [InlineData("Price", "-5", "non-negative")]
    [InlineData("Currency", "rub", "ISO 4217")]
    [InlineData("URL", "shop.example/page", "absolute http(s) URL")]
    [InlineData("ChatTrackerURL", "ftp://x.example/", "absolute http(s) URL")]
    public async Task Bad_value_rejects_the_row_and_lowers_line_quantity(string column, string value, string expected)
    {
        await using Harness h = await Harness.StartAsync();
        if (value == "FUTURE")
        {
            value = (Harness.Start.ToUnixTimeSeconds() + 60).ToString();
        }
        else if (value == "LONGTAG")
        {
            value = new string('t', 101);
        }

        string[] header = { "DateTime", "ChatPlatform", "ChatUsername", "PhoneNumber", "ClientId", "Yclid", "ChatAnswered", "ChatTag", "Price", "Currency", "URL", "ChatTrackerURL" };
        string[] good = { Past.ToString(), "telegram", "bob", "+70123456789", "123", "456", "1", "tag", "10.5", "RUB", "https://a.example/", "https://t.example/" };
        string[] bad = (string[])good.Clone();
        bad[Array.IndexOf(header, column)] = value.Contains(',') ? "\"" + value + "\"" : value;
        string csv = Harness.Csv(string.Join(",", header), string.Join(",", good), string.Join(",", bad), string.Join(",", good));

        JsonElement u = await UploadOkAsync(h, csv);
        Assert.Equal(3, u.GetProperty("source_quantity").GetInt32());
        Assert.Equal(2, u.GetProperty("line_quantity").GetInt32());
        SandboxRowError error = Assert.Single(h.Server.State.Uploads[0].RowErrors);
        Assert.Equal(2, error.RowNumber);
        Assert.Equal(3, error.LineNumber);
        Assert.Equal(column, error.Column);
        Assert.Equal(value, error.Value);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task Row_without_any_partner_id_is_rejected()
    {
        await using Harness h = await Harness.StartAsync();
        string csv = Harness.Csv("DateTime,ChatPlatform,ChatUsername,ChatUserID,PhoneNumber,ClientId", $"{Past},telegram,,,,123", $"{Past},telegram,,42,,123");
        JsonElement u = await UploadOkAsync(h, csv);
        Assert.Equal(1, u.GetProperty("line_quantity").GetInt32());
        SandboxRowError error = Assert.Single(h.Server.State.Uploads[0].RowErrors);
        Assert.Contains("at least one of ChatUsername, ChatUserID, PhoneNumber", error.Message);
    }

    [Fact]
    public async Task Row_with_the_wrong_number_of_fields_is_rejected()
    {
        await using Harness h = await Harness.StartAsync();
        string csv = Harness.Csv("DateTime,ChatPlatform,ChatUsername", $"{Past},telegram,smith, john", $"{Past},telegram,bob");
        JsonElement u = await UploadOkAsync(h, csv);
        Assert.Equal(1, u.GetProperty("line_quantity").GetInt32());
        Assert.Contains("4 fields but the header has 3", h.Server.State.Uploads[0].RowErrors[0].Message);
    }

    [Fact]
    public async Task Several_bad_fields_in_a_row_give_one_error_naming_all()
    {
        await using Harness h = await Harness.StartAsync();
        string csv = Harness.Csv("DateTime,ChatPlatform,ChatUsername", $"x,icq,bob", $"{Past},telegram,bob");
        await UploadOkAsync(h, csv);
        SandboxRowError error = Assert.Single(h.Server.State.Uploads[0].RowErrors);
        Assert.Equal("DateTime", error.Column);
        Assert.Contains("ChatPlatform 'icq'", error.Message);
    }

    [Fact]
    public async Task File_where_every_row_fails_is_refused_naming_the_first_line()
    {
        await using Harness h = await Harness.StartAsync();
        string csv = Harness.Csv("DateTime,ChatPlatform,ChatUsername", $"{Past},Telegram,bob", $"{Past},WhatsApp,bob");
        string message = await Harness.AssertErrorAsync(await h.UploadAsync(csv), 400, "invalid_uploading");
        Assert.Contains("Ошибка в строке 2", message);
        Assert.Contains("Error on line 2", message);
        Assert.Empty(h.Server.State.Uploads);
    }

    [Fact]
    public async Task Unsupported_currency_is_dropped_silently_not_rejected()
    {
        await using Harness h = await Harness.StartAsync();
        JsonElement u = await UploadOkAsync(h, Harness.Csv("DateTime,ChatPlatform,ChatUsername,Price,Currency", $"{Past},telegram,bob,10,XYZ"));
        Assert.Equal(1, u.GetProperty("line_quantity").GetInt32());
        Assert.Contains("XYZ", Assert.Single(h.Server.State.Uploads[0].Notes));
    }

    [Fact]
    public async Task File_over_the_size_limit_is_refused_and_not_stored()
    {
        await using Harness h = await Harness.StartAsync(o => o.MaxFileBytes = 200);
        Assert.Equal(HttpStatusCode.OK, (await h.UploadAsync(Harness.ValidCsv(2))).StatusCode);
        HttpResponseMessage r = await h.UploadAsync(Harness.ValidCsv(20));
        string message = await Harness.AssertErrorAsync(r, 400, "limit_exceeded");
        Assert.Contains("200 bytes", message);
        Assert.Single(h.Server.State.Uploads);
        Assert.Equal(2, h.Server.State.StoredRows);
    }

    [Fact]
    public async Task Large_upload_streams_through_and_keeps_at_most_the_configured_rows()
    {
        await using Harness h = await Harness.StartAsync(o => o.MaxStoredRows = 150);
        JsonElement u = await UploadOkAsync(h, Harness.ValidCsv(20_000));
        Assert.Equal(20_000, u.GetProperty("source_quantity").GetInt32());
        Assert.Equal(20_000, u.GetProperty("line_quantity").GetInt32());
        SandboxUpload upload = h.Server.State.Uploads[0];
        Assert.Equal(150, upload.Rows.Count);
        Assert.True(upload.RowsTruncated);
        Assert.Equal("user149", upload.Rows[149]["ChatUsername"]);

        // The cap is across uploads: the next upload keeps none until a reset.
        await UploadOkAsync(h, Harness.ValidCsv(10));
        Assert.Empty(h.Server.State.Uploads[1].Rows);
        Assert.True(h.Server.State.Uploads[1].RowsTruncated);
        h.Server.Reset();
        await UploadOkAsync(h, Harness.ValidCsv(10));
        Assert.Equal(10, h.Server.State.Uploads[0].Rows.Count);
    }

    [Fact]
    public async Task Per_upload_row_cap_zero_counts_rows_but_keeps_none()
    {
        await using Harness h = await Harness.StartAsync(o => o.MaxStoredRowsPerUpload = 0);
        JsonElement u = await UploadOkAsync(h, Harness.ValidCsv(50));
        Assert.Equal(50, u.GetProperty("line_quantity").GetInt32());
        Assert.Empty(h.Server.State.Uploads[0].Rows);
        Assert.True(h.Server.State.Uploads[0].RowsTruncated);
        Assert.Equal(0, h.Server.State.StoredRows);
    }

    [Fact]
    public async Task Cyrillic_comment_round_trips_and_client_id_type_is_echoed()
    {
        await using Harness h = await Harness.StartAsync();
        HttpResponseMessage r = await h.Client.PostAsync(Harness.UploadPath(comment: "Чаты апрель") + "&client_id_type=CLIENT_ID", Harness.FilePart(Harness.ValidCsv(1)));
        JsonElement u = (await Harness.JsonAsync(r)).GetProperty("uploading");
        Assert.Equal("Чаты апрель", u.GetProperty("comment").GetString());
        Assert.Equal("CLIENT_ID", u.GetProperty("client_id_type").GetString());
        Assert.Equal("Чаты апрель", h.Server.State.Uploads[0].Comment);
    }

    [Fact]
    public async Task Upload_without_comment_has_no_comment_field()
    {
        await using Harness h = await Harness.StartAsync();
        JsonElement u = await UploadOkAsync(h, Harness.ValidCsv(1));
        Assert.False(u.TryGetProperty("comment", out _));
        Assert.False(u.TryGetProperty("client_id_type", out _));
        Assert.Null(h.Server.State.Uploads[0].Comment);
    }

    [Fact]
    public async Task Old_mac_line_endings_and_a_missing_final_newline_are_accepted()
    {
        await using Harness h = await Harness.StartAsync();
        JsonElement u = await UploadOkAsync(h, $"DateTime,ChatPlatform,ChatUsername\r{Past},telegram,a\r{Past},viber,b");
        Assert.Equal(2, u.GetProperty("line_quantity").GetInt32());
        Assert.Equal("b", h.Server.State.Uploads[0].Rows[1]["ChatUsername"]);
    }
}
