using System.Text;
using MetricaChats.Core.Chats;
using Xunit;

namespace MetricaChats.Core.Tests.Chats;

public class ChatCsvReaderTests
{
    private static ChatCsvReader FromText(string text, ChatCsvReaderOptions? options = null) => new(new StringReader(text), options);

    private static ChatCsvReader FromBytes(byte[] bytes, ChatCsvReaderOptions? options = null) => new(new MemoryStream(bytes), options);

    private static List<ChatCsvRow> ReadAll(ChatCsvReader reader) => reader.ReadRows().ToList();

    private const string Header = "DateTime,ChatPlatform,ChatUsername,ClientId\n";

    [Fact]
    public void Reads_records_mapping_headers_through_the_alias_table()
    {
        using var reader = FromText("Timestamp,Messenger,Phone,_ym_uid,Amount,Currency,Page\n" +
                                    "2026-11-20T10:00:00Z,WhatsApp,+79161234567,123,10.5,RUB,https://e.com/\n");
        var rows = ReadAll(reader);
        var r = Assert.Single(rows).Record!;
        Assert.Equal(1, r.RowNumber);
        Assert.Equal("2026-11-20T10:00:00Z", r.DateTime);
        Assert.Equal("WhatsApp", r.ChatPlatform);
        Assert.Equal("+79161234567", r.PhoneNumber);
        Assert.Equal("123", r.ClientId);
        Assert.Equal("10.5", r.Revenue);
        Assert.Equal("RUB", r.Currency);
        Assert.Equal("https://e.com/", r.Url);
        Assert.Equal(1, reader.RowsRead);
        Assert.Equal(0, reader.RowsRejected);
        Assert.Empty(reader.Header.IgnoredColumns);
        Assert.Null(reader.Header.Warning);
    }

    [Fact]
    public void Header_only_file_has_zero_rows()
    {
        using var reader = FromText(Header);
        Assert.Empty(ReadAll(reader));
        Assert.Equal(0, reader.RowsRead);
        Assert.Equal(4, reader.Header.Columns.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \r\n")]
    public void Empty_file_is_a_file_level_error(string text)
    {
        using var reader = FromText(text);
        var ex = Assert.Throws<ChatCsvFormatException>(() => reader.ReadHeader());
        Assert.Equal(ChatIssueCodes.EmptyFile, ex.Code);
        Assert.Contains("header", ex.Message);
        Assert.Contains("Fix:", ex.Message);
    }

    [Fact]
    public void Duplicate_column_names_are_a_file_level_error()
    {
        using var reader = FromText("DateTime,ChatPlatform,Phone,phone\n");
        var ex = Assert.Throws<ChatCsvFormatException>(() => reader.ReadHeader());
        Assert.Equal(ChatIssueCodes.DuplicateColumn, ex.Code);
        Assert.Contains("'phone'", ex.Message);
    }

    [Fact]
    public void Two_aliases_of_one_field_are_a_file_level_error()
    {
        using var reader = FromText("DateTime,ChatPlatform,Phone,Mobile\n");
        var ex = Assert.Throws<ChatCsvFormatException>(() => reader.ReadHeader());
        Assert.Equal(ChatIssueCodes.DuplicateColumn, ex.Code);
        Assert.Contains("PhoneNumber", ex.Message);
    }

    [Fact]
    public void No_recognisable_column_is_a_file_level_error()
    {
        using var reader = FromText("2026-11-20T10:00:00Z,telegram,ivan\n");
        var ex = Assert.Throws<ChatCsvFormatException>(() => reader.TryReadNext(out _, out _));
        Assert.Equal(ChatIssueCodes.NoKnownColumns, ex.Code);
        Assert.Contains("documentation of the chat fields", ex.Fix);
        Assert.DoesNotContain("docs/", ex.Fix); // an installed tool has no repository paths; the front end links its docs
    }

    [Theory]
    [InlineData("ChatPlatform,ChatUsername\n", "DateTime")]
    [InlineData("DateTime,ChatUsername\n", "ChatPlatform")]
    [InlineData("DateTime,ChatPlatform,ClientId\n", "chat partner")]
    public void Missing_required_columns_are_a_file_level_error(string header, string named)
    {
        using var reader = FromText(header);
        var ex = Assert.Throws<ChatCsvFormatException>(() => reader.ReadHeader());
        Assert.Equal(ChatIssueCodes.MissingColumn, ex.Code);
        Assert.Contains(named, ex.Message);

        using var lenient = FromText(header + "x,y\n", new ChatCsvReaderOptions { RequireColumns = false });
        Assert.Single(ReadAll(lenient));
    }

    [Fact]
    public void Unknown_columns_are_ignored_and_reported_once()
    {
        using var reader = FromText("DateTime,Comment,ChatPlatform,Manager,ChatUsername,\n" +
                                    "2026-11-20T10:00:00Z,hello,tg,Olga,ivan,\n" +
                                    "2026-11-20T11:00:00Z,bye,tg,Olga,petr,\n");
        var rows = ReadAll(reader);
        Assert.Equal(2, rows.Count);
        Assert.Equal(new[] { "Comment", "Manager", "(column 6, no name)" }, reader.Header.IgnoredColumns);
        var w = reader.Header.Warning!;
        Assert.Equal(ChatIssueCodes.UnknownColumns, w.Code);
        Assert.Equal(ChatIssueSeverity.Warning, w.Severity);
        Assert.Equal(0, w.RowNumber);
        Assert.Contains("Comment", w.Message);
        Assert.Null(reader.Header.Fields[1]);
        Assert.Equal(ChatField.ChatPlatform, reader.Header.Fields[2]);
    }

    [Theory]
    [InlineData(",", ',')]
    [InlineData(";", ';')]
    [InlineData("\t", '\t')]
    public void Delimiter_is_detected_from_the_header(string d, char expected)
    {
        var text = $"DateTime{d}ChatPlatform{d}ChatUsername{d}Revenue\n2026-11-20T10:00:00Z{d}tg{d}\"a{d}b\"{d}1,5\n";
        if (d == ",")
        {
            text = text.Replace(",1,5", ",\"1,5\"");
        }

        using var reader = FromText(text);
        var r = Assert.Single(ReadAll(reader)).Record!;
        Assert.Equal(expected, reader.Header.Delimiter);
        Assert.Equal($"a{d}b", r.ChatUsername);
        Assert.Equal("1,5", r.Revenue);
    }

    [Fact]
    public void Rfc4180_quoting_with_embedded_newlines_and_doubled_quotes()
    {
        using var reader = FromText(Header +
            "2026-11-20T10:00:00Z,tg,\"multi\r\nline, \"\"quoted\"\"\",1\r\n" +
            "2026-11-20T11:00:00Z,tg,\"\",2\n" +
            "  2026-11-20T12:00:00Z , tg ,  \"spaced\"  ,3");
        var rows = ReadAll(reader);
        Assert.Equal(3, rows.Count);
        Assert.Equal("multi\r\nline, \"quoted\"", rows[0].Record!.ChatUsername);
        Assert.Null(rows[1].Record!.ChatUsername);
        Assert.Equal("spaced", rows[2].Record!.ChatUsername);
        Assert.Equal(" tg ", rows[2].Record!.ChatPlatform);
        Assert.Equal("3", rows[2].Record!.ClientId);
        Assert.Equal(new long[] { 1, 2, 3 }, rows.Select(r => r.RowNumber));
    }

    [Fact]
    public void Wrong_field_count_is_one_issue_and_the_row_is_skipped_but_counted()
    {
        using var reader = FromText(Header +
            "2026-11-20T10:00:00Z,tg,ivan,1\n" +
            "2026-11-20T10:00:00Z,tg,ivan\n" +
            "2026-11-20T10:00:00Z,tg,ivan,1,extra\n" +
            "2026-11-20T10:00:00Z,tg,ivan,1,,\n" +
            "2026-11-20T10:00:00Z,tg,petr,2\n");
        var rows = ReadAll(reader);
        Assert.Equal(5, rows.Count);
        Assert.NotNull(rows[0].Record);
        Assert.Equal(ChatIssueCodes.WrongFieldCount, rows[1].Issue!.Code);
        Assert.Null(rows[1].Issue!.Field);
        Assert.Contains("3 fields, but the header has 4", rows[1].Issue!.Message);
        Assert.Equal(2, rows[1].Issue!.RowNumber);
        Assert.Equal(ChatIssueCodes.WrongFieldCount, rows[2].Issue!.Code);
        Assert.NotNull(rows[3].Record); // trailing empty fields are tolerated
        Assert.Equal("petr", rows[4].Record!.ChatUsername);
        Assert.Equal(5, reader.RowsRead);
        Assert.Equal(2, reader.RowsRejected);
    }

    [Theory]
    [InlineData("2026-11-20T10:00:00Z,tg,iv\"an,1\n")]
    [InlineData("2026-11-20T10:00:00Z,tg,\"ivan\"x,1\n")]
    public void Stray_quotes_are_row_issues_and_reading_resumes_on_the_next_line(string badRow)
    {
        using var reader = FromText(Header + badRow + "2026-11-20T10:00:00Z,tg,petr,2\n");
        var rows = ReadAll(reader);
        Assert.Equal(2, rows.Count);
        var issue = rows[0].Issue!;
        Assert.Equal(ChatIssueCodes.StrayQuote, issue.Code);
        Assert.Contains("line 2", issue.Message);
        Assert.Contains("Row 1 (line 2), field ChatUsername,", issue.Message);
        Assert.Equal(ChatField.ChatUsername, issue.Field);
        Assert.Equal(1, issue.RowNumber);
        Assert.Contains("double every quote", issue.Fix);
        Assert.Equal("petr", rows[1].Record!.ChatUsername);
        Assert.Equal(2, rows[1].RowNumber);
    }

    [Fact]
    public void An_unterminated_quote_is_one_issue_at_the_end()
    {
        using var reader = FromText(Header + "2026-11-20T10:00:00Z,tg,petr,2\n2026-11-20T10:00:00Z,tg,\"ivan,1\nmore,rows,here,4\n");
        var rows = ReadAll(reader);
        Assert.Equal(2, rows.Count);
        Assert.NotNull(rows[0].Record);
        Assert.Equal(ChatIssueCodes.UnterminatedQuote, rows[1].Issue!.Code);
        Assert.Equal(1, reader.RowsRejected);
    }

    [Fact]
    public void Binary_junk_is_a_row_issue()
    {
        using var reader = FromText(Header + "2026-11-20T10:00:00Z,tg,iv\0\0an,1\n2026-11-20T10:00:00Z,tg,petr,2\n");
        var rows = ReadAll(reader);
        Assert.Equal(ChatIssueCodes.BinaryContent, rows[0].Issue!.Code);
        Assert.Equal(ChatField.ChatUsername, rows[0].Issue!.Field);
        Assert.NotNull(rows[1].Record);
    }

    [Fact]
    public void Overlong_fields_are_a_row_issue_and_memory_stays_bounded()
    {
        var options = new ChatCsvReaderOptions { MaxFieldLength = 1000 };
        using var reader = FromText(Header + "2026-11-20T10:00:00Z,tg," + new string('x', 50_000) + ",1\n2026-11-20T10:00:00Z,tg,petr,2\n", options);
        var rows = ReadAll(reader);
        Assert.Equal(ChatIssueCodes.FieldTooLong, rows[0].Issue!.Code);
        Assert.Contains("1000", rows[0].Issue!.Message);
        Assert.Equal("petr", rows[1].Record!.ChatUsername);
    }

    [Fact]
    public void Blank_lines_and_rows_of_empty_fields_are_skipped_and_counted_separately()
    {
        using var reader = FromText(Header + "\n2026-11-20T10:00:00Z,tg,ivan,1\n,,,\n  , ,,\r\n\r\n2026-11-20T10:00:00Z,tg,petr,2");
        var rows = ReadAll(reader);
        Assert.Equal(2, rows.Count);
        Assert.Equal(2, rows[0].RowNumber);  // the blank line before it is row 1
        Assert.Equal(6, rows[1].RowNumber);
        Assert.Equal(4, reader.BlankLinesSkipped);
        Assert.Equal(2, reader.RowsRead);
    }

    [Fact]
    public void Repeated_short_values_share_one_string_but_keep_their_text()
    {
        using var reader = FromText("DateTime,ChatPlatform,ChatUsername,Tag\n" +
                                    "2026-11-20T10:00:00Z,telegram,a,lead\n2026-11-20T10:00:00Z,telegram,b,leaD\n2026-11-20T10:00:00Z,viber,c,lead\n");
        var rows = ReadAll(reader).Select(r => r.Record!).ToList();
        Assert.Same(rows[0].ChatPlatform, rows[1].ChatPlatform);
        Assert.Equal("viber", rows[2].ChatPlatform);
        Assert.Equal(new[] { "lead", "leaD", "lead" }, rows.Select(r => r.Tag));
    }

    [Fact]
    public void Duplicate_rows_are_read_as_separate_records()
    {
        using var reader = FromText(Header + "2026-11-20T10:00:00Z,tg,ivan,1\n2026-11-20T10:00:00Z,tg,ivan,1\n");
        var rows = ReadAll(reader);
        Assert.Equal(2, rows.Count);
        Assert.Equal(rows[0].Record!.ChatUsername, rows[1].Record!.ChatUsername);
        Assert.Equal(new long[] { 1, 2 }, rows.Select(r => r.Record!.RowNumber));
    }

    [Fact]
    public void Separate_Date_and_Time_columns_are_joined()
    {
        using var reader = FromText("Date;Time;Messenger;Phone\n20.11.2026;13:00;viber;79161234567\n");
        var r = Assert.Single(ReadAll(reader)).Record!;
        Assert.Equal("20.11.2026 13:00", r.DateTime);
        var e = FixedClock.Normalizer().Normalize(r);
        Assert.Equal(1795168800, e.Event!.UnixTime);
    }

    [Fact]
    public void Excel_russian_locale_export_bom_semicolons_crlf_and_decimal_commas()
    {
        var text = "\uFEFF\"Дата и время\";\"Мессенджер\";\"Телефон\";\"Сумма\";\"Валюта\"\r\n" +
                   "20.11.2026 13:00;WhatsApp;+7 916 123-45-67;1 500,50;RUB\r\n";
        using var reader = FromBytes(new UTF8Encoding(true).GetPreamble().Concat(new UTF8Encoding(false).GetBytes(text.Substring(1))).ToArray());
        var r = Assert.Single(ReadAll(reader)).Record!;
        Assert.Equal(';', reader.Header.Delimiter);
        var e = FixedClock.Normalizer().Normalize(r).Event!;
        Assert.Equal(1795168800, e.UnixTime);
        Assert.Equal(ChatPlatform.WhatsApp, e.ChatPlatform);
        Assert.Equal("+79161234567", e.PhoneNumber);
        Assert.Equal(1500.50m, e.Revenue);
        Assert.Equal("RUB", e.Currency);
    }

    [Fact]
    public void Lone_cr_line_ends_and_quoted_header_names()
    {
        using var reader = FromText("\"DateTime\",\"Chat Platform\",\"User Name\"\r2026-11-20T10:00:00Z,tg,a\r2026-11-20T10:00:00Z,tg,b\r");
        var rows = ReadAll(reader);
        Assert.Equal(new[] { "a", "b" }, rows.Select(x => x.Record!.ChatUsername));
        Assert.Equal(ChatField.ChatUsername, reader.Header.Fields[2]);
    }

    // ---------------- encodings ----------------

    private const string Cyrillic = "DateTime,ChatPlatform,ChatUsername,Tag\n2026-11-20T10:00:00Z,tg,Иван,привет 👋\n";

    [Fact]
    public void Utf8_without_bom()
    {
        using var reader = FromBytes(new UTF8Encoding(false).GetBytes(Cyrillic));
        var r = Assert.Single(ReadAll(reader)).Record!;
        Assert.Equal("Иван", r.ChatUsername);
        Assert.Equal("привет 👋", r.Tag);
    }

    [Fact]
    public void Utf8_with_bom()
    {
        var bytes = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(Cyrillic)).ToArray();
        using var reader = FromBytes(bytes);
        Assert.Equal("DateTime", reader.Header.Columns[0]);
        Assert.Equal("Иван", Assert.Single(ReadAll(reader)).Record!.ChatUsername);
    }

    [Fact]
    public void Bom_left_in_text_is_ignored()
    {
        using var reader = FromText("\uFEFF" + Cyrillic);
        Assert.Equal(ChatField.DateTime, reader.Header.Fields[0]);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    public void Utf16_by_bom(string name)
    {
        var encoding = Encoding.GetEncoding(name);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(Cyrillic)).ToArray();
        using var reader = FromBytes(bytes);
        var r = Assert.Single(ReadAll(reader)).Record!;
        Assert.Equal("Иван", r.ChatUsername);
        Assert.Equal("привет 👋", r.Tag);
    }

    [Fact]
    public void Invalid_utf8_in_a_row_is_reported_for_that_row()
    {
        var head = Encoding.UTF8.GetBytes(Header + "2026-11-20T10:00:00Z,tg,iv");
        var bad = new byte[] { 0xC3, 0x28, 0xFF };
        var tail = Encoding.UTF8.GetBytes("an,1\n2026-11-20T10:00:00Z,tg,petr,2\n");
        using var reader = FromBytes(head.Concat(bad).Concat(tail).ToArray());
        var rows = ReadAll(reader);
        Assert.Equal(ChatIssueCodes.InvalidEncoding, rows[0].Issue!.Code);
        Assert.Contains("UTF-8", rows[0].Issue!.Fix);
        Assert.Equal("petr", rows[1].Record!.ChatUsername);
    }

    [Fact]
    public void A_windows_1251_header_is_read_as_windows_1251_with_one_notice()
    {
        // "Телефон" in Windows-1251 is not valid UTF-8; the reader detects the code page.
        var bytes = Encoding.ASCII.GetBytes("DateTime,ChatPlatform,").Concat(new byte[] { 0xD2, 0xE5, 0xEB, 0xE5, 0xF4, 0xEE, 0xED, (byte)'\n' }).ToArray();
        var notices = new List<ChatIssue>();
        using var reader = new ChatCsvReader(new MemoryStream(bytes), new ChatCsvReaderOptions { OnNotice = notices.Add });
        var header = reader.ReadHeader();
        Assert.Equal("Телефон", header.Columns[2]);
        Assert.Equal(ChatField.PhoneNumber, header.Fields[2]);
        var notice = Assert.Single(notices);
        Assert.Equal(ChatIssueCodes.EncodingDetected, notice.Code);
        Assert.Equal(ChatIssueSeverity.Warning, notice.Severity);
        Assert.Contains("Windows-1251", notice.Message);
        Assert.Equal(1251, reader.Encoding!.CodePage);
    }

    [Fact]
    public void A_header_in_an_encoding_it_cannot_tell_is_a_file_level_error_naming_the_setting()
    {
        // "Телефон" in KOI8-R: not UTF-8, and not Russian when read as Windows-1251; never guessed.
        var bytes = Encoding.ASCII.GetBytes("DateTime,ChatPlatform,").Concat(new byte[] { 0xF4, 0xC5, 0xCC, 0xC5, 0xC6, 0xCF, 0xCE, (byte)'\n' }).ToArray();
        using var reader = new ChatCsvReader(new MemoryStream(bytes), new ChatCsvReaderOptions { OptionNames = new ChatOptionNames { EncodingOption = "--encoding {0}" } });
        var ex = Assert.Throws<ChatCsvFormatException>(() => reader.ReadHeader());
        Assert.Equal(ChatIssueCodes.InvalidEncoding, ex.Code);
        Assert.Contains("KOI8-R", ex.Message);
        Assert.Contains("--encoding koi8-r", ex.Fix);
    }

    [Fact]
    public void Utf16_without_bom_is_recognised_as_binary()
    {
        using var reader = FromBytes(Encoding.Unicode.GetBytes(Cyrillic));
        var ex = Assert.Throws<ChatCsvFormatException>(() => reader.ReadHeader());
        Assert.Equal(ChatIssueCodes.BinaryContent, ex.Code);
    }

    [Fact]
    public void Configured_encoding_is_used_when_there_is_no_bom()
    {
        var latin1 = Encoding.Latin1;
        using var reader = FromBytes(latin1.GetBytes("DateTime,ChatPlatform,ChatUsername\n2026-11-20T10:00:00Z,tg,José\n"), new ChatCsvReaderOptions { Encoding = latin1 });
        Assert.Equal("José", Assert.Single(ReadAll(reader)).Record!.ChatUsername);
    }

    // ---------------- streaming ----------------

    [Fact]
    public void Rows_spanning_buffer_boundaries_are_read_intact()
    {
        var sb = new StringBuilder(Header);
        for (var i = 0; i < 20_000; i++)
        {
            sb.Append("2026-11-20T10:00:00Z,tg,\"user \"\"").Append(i).Append("\"\"\r\nnext\",").Append(i + 1).Append("\r\n");
        }

        using var reader = FromBytes(Encoding.UTF8.GetBytes(sb.ToString()));
        var count = 0;
        while (reader.TryReadNext(out var record, out var issue))
        {
            Assert.Null(issue);
            Assert.Equal($"user \"{count}\"\r\nnext", record!.ChatUsername);
            Assert.Equal((count + 1).ToString(), record.ClientId);
            count++;
        }

        Assert.Equal(20_000, count);
        Assert.False(reader.TryReadNext(out _, out _));
    }

    [Fact]
    public void Streams_large_input_without_holding_it()
    {
        // 200,000 rows produced on the fly; the reader sees them through a non-seekable stream.
        using var source = new GeneratedCsvStream(Header, "2026-11-20T10:00:00Z,tg,ivan,1\n", 200_000);
        using var reader = new ChatCsvReader(source);
        long n = 0;
        foreach (var row in reader.ReadRows())
        {
            n++;
        }

        Assert.Equal(200_000, n);
        Assert.Equal(200_000, reader.RowsRead);
        Assert.False(source.CanSeek);
    }

    [Fact]
    public void Dispose_closes_the_stream_unless_left_open()
    {
        var s1 = new MemoryStream(Encoding.UTF8.GetBytes(Header));
        new ChatCsvReader(s1).Dispose();
        Assert.False(s1.CanRead);

        var s2 = new MemoryStream(Encoding.UTF8.GetBytes(Header));
        new ChatCsvReader(s2, leaveOpen: true).Dispose();
        Assert.True(s2.CanRead);
    }

    [Fact]
    public void End_to_end_reader_then_normaliser_reconciles_counts()
    {
        using var reader = FromText(Header +
            "2026-11-20T10:00:00Z,tg,ivan,1\n" +
            "2026-11-20T10:00:00Z,icq,ivan,1\n" +
            "2026-11-20T10:00:00Z,tg\n" +
            "2026-11-20T10:00:00Z,tg,ivan,\n");
        var n = FixedClock.Normalizer();
        int sent = 0, rejected = 0, unattributed = 0;
        foreach (var row in reader.ReadRows())
        {
            if (row.Issue is not null)
            {
                rejected++;
                continue;
            }

            var result = n.Normalize(row.Record!);
            if (result.IsValid)
            {
                sent++;
                unattributed += result.Issues.Count(i => i.Code == ChatIssueCodes.Unattributed);
            }
            else
            {
                rejected++;
            }
        }

        Assert.Equal(reader.RowsRead, sent + rejected);
        Assert.Equal(2, sent);
        Assert.Equal(2, rejected);
        Assert.Equal(1, unattributed);
    }

    /// <summary>A forward-only stream that generates a CSV of N identical rows.</summary>
    private sealed class GeneratedCsvStream : Stream
    {
        private readonly byte[] _header;
        private readonly byte[] _row;
        private readonly long _rows;
        private long _emitted = -1;
        private int _offset;

        public GeneratedCsvStream(string header, string row, long rows)
        {
            _header = Encoding.UTF8.GetBytes(header);
            _row = Encoding.UTF8.GetBytes(row);
            _rows = rows;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var written = 0;
            while (written < count)
            {
                var current = _emitted < 0 ? _header : _emitted < _rows ? _row : null;
                if (current is null)
                {
                    break;
                }

                var n = Math.Min(count - written, current.Length - _offset);
                Buffer.BlockCopy(current, _offset, buffer, offset + written, n);
                written += n;
                _offset += n;
                if (_offset == current.Length)
                {
                    _offset = 0;
                    _emitted++;
                }
            }

            return written;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
