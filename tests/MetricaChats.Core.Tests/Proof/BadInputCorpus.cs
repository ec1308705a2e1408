using System.Text;
using MetricaChats.Core.Chats;
using static MetricaChats.Core.Chats.ChatIssueCodes;

namespace MetricaChats.Proof;

/// <summary>One expected rejection: the data row, the issue code, and the field it must name (null for a row-level problem).</summary>
internal sealed record ExpectedError(long Row, string Code, ChatField? Field);

/// <summary>
/// One kind of malformed input and what a correct import must make of it: a file-level refusal
/// (<see cref="FileError"/>), or exactly the listed row errors with every other row sent.
/// </summary>
internal sealed record CorpusCase(string Name, string What, Func<byte[]> Content, string? FileError, ExpectedError[] Errors, int Good, bool AllRejected = false)
{
    public override string ToString() => Name;
}

/// <summary>
/// The bad-input corpus: small files in Proof/Corpus (one kind each; a good row 1, a bad row 2,
/// a good row 3 unless the name says otherwise) and large or binary inputs built in code.
/// </summary>
internal static class BadInputCorpus
{
    private static readonly string Header = string.Join(",", ChatDataGenerator.Header);

    public static readonly CorpusCase[] Cases =
    {
        // ---- Values the normaliser must refuse (one error, naming the field) ----
        File("r01_impossible_date.csv", "2023-02-30 does not exist", Bad(2, InvalidDateTime, ChatField.DateTime)),
        File("r02_feb29_non_leap_year.csv", "29 February in a non-leap year", Bad(2, InvalidDateTime, ChatField.DateTime)),
        File("r03_month_13.csv", "month 13", Bad(2, InvalidDateTime, ChatField.DateTime)),
        File("r04_hour_25.csv", "hour 25", Bad(2, InvalidDateTime, ChatField.DateTime)),
        File("r05_future_date.csv", "a date in 2099", Bad(2, FutureDateTime, ChatField.DateTime)),
        File("r06_future_unix_seconds.csv", "Unix seconds in 2100", Bad(2, FutureDateTime, ChatField.DateTime)),
        File("r07_date_as_text.csv", "'yesterday' as a date (wrong type)", Bad(2, InvalidDateTime, ChatField.DateTime)),
        File("r08_date_missing.csv", "empty date", Bad(2, MissingDateTime, ChatField.DateTime)),
        File("r09_date_overflow_digits.csv", "a 20-digit number as a date", Bad(2, InvalidDateTime, ChatField.DateTime)),
        File("r10_unknown_messenger.csv", "messenger 'icq'", Bad(2, InvalidChatPlatform, ChatField.ChatPlatform)),
        File("r11_messenger_missing.csv", "empty messenger", Bad(2, MissingChatPlatform, ChatField.ChatPlatform)),
        File("r12_messenger_numeric.csv", "a number as messenger (wrong type)", Bad(2, InvalidChatPlatform, ChatField.ChatPlatform)),
        File("r13_no_partner_id.csv", "no username, user id or phone", Bad(2, MissingChatPartner, null)),
        File("r14_clientid_letters.csv", "ClientId with letters", Bad(2, InvalidClientId, ChatField.ClientId)),
        File("r15_clientid_exponent.csv", "ClientId in exponent notation", Bad(2, InvalidClientId, ChatField.ClientId)),
        File("r16_yclid_letters.csv", "Yclid with letters", Bad(2, InvalidYclid, ChatField.Yclid)),
        File("r17_tag_101_chars.csv", "a tag of 101 characters", Bad(2, TagTooLong, ChatField.Tag)),
        File("r18_tag_10000_chars.csv", "a tag of 10,000 characters", Bad(2, TagTooLong, ChatField.Tag)),
        File("r19_currency_unknown.csv", "currency 'XYZ'", Bad(2, InvalidCurrency, ChatField.Currency)),
        File("r20_currency_too_long.csv", "currency 'RUBLES'", Bad(2, InvalidCurrency, ChatField.Currency)),
        File("r21_currency_numeric_code.csv", "the numeric ISO code 643 as currency", Bad(2, InvalidCurrency, ChatField.Currency)),
        File("r22_revenue_negative.csv", "negative revenue", Bad(2, NegativeRevenue, ChatField.Revenue)),
        File("r23_revenue_text.csv", "revenue 'ten' (non-numeric)", Bad(2, InvalidRevenue, ChatField.Revenue)),
        File("r24_revenue_nan.csv", "revenue NaN", Bad(2, InvalidRevenue, ChatField.Revenue)),
        File("r25_revenue_two_points.csv", "revenue 12.34.56", Bad(2, InvalidRevenue, ChatField.Revenue)),
        File("r26_revenue_overflow.csv", "revenue 1e400", Bad(2, InvalidRevenue, ChatField.Revenue)),
        File("r27_revenue_infinity.csv", "revenue Infinity", Bad(2, InvalidRevenue, ChatField.Revenue)),
        File("r28_url_broken.csv", "URL 'htp:/broken'", Bad(2, InvalidUrl, ChatField.Url)),
        File("r29_url_ftp.csv", "an ftp URL", Bad(2, InvalidUrl, ChatField.Url)),
        File("r30_url_relative.csv", "a relative URL", Bad(2, InvalidUrl, ChatField.Url)),
        File("r31_url_javascript.csv", "a javascript: URL", Bad(2, InvalidUrl, ChatField.Url)),
        File("r32_tracker_url_broken.csv", "tracker link 'not a url'", Bad(2, InvalidUrl, ChatField.TrackerUrl)),
        File("r33_answered_maybe.csv", "answered 'maybe'", Bad(2, InvalidAnswered, ChatField.Answered)),
        File("r34_answered_two.csv", "answered '2'", Bad(2, InvalidAnswered, ChatField.Answered)),
        File("r35_phone_without_digits.csv", "phone 'call me' as the only partner id", Bad(2, InvalidPhoneNumber, ChatField.PhoneNumber)),
        File("r36_two_bad_fields.csv", "bad date and bad messenger: one error, the first field", Bad(2, InvalidDateTime, ChatField.DateTime)),
        File("r37_url_with_space.csv", "a URL with a space in the host", Bad(2, InvalidUrl, ChatField.Url)),
        File("r38_date_year_zero.csv", "year 0000", Bad(2, InvalidDateTime, ChatField.DateTime)),

        // ---- CSV structure ----
        File("s01_short_row.csv", "a row with 5 of 15 fields", Bad(2, WrongFieldCount, null)),
        File("s02_long_row.csv", "a row with 17 of 15 fields", Bad(2, WrongFieldCount, null)),
        File("s03_stray_quote_in_field.csv", "a quote inside an unquoted value", Bad(2, StrayQuote, ChatField.Tag)),
        File("s04_unterminated_quote.csv", "a quote never closed (to the end of the file)", Bad(3, UnterminatedQuote, ChatField.Tag), good: 2),
        File("s05_embedded_newline_quoted.csv", "a quoted value with a line break (valid)", None, good: 4),
        File("s06_embedded_newline_unquoted.csv", "an unquoted line break splits a row in two", new[] { new ExpectedError(2, WrongFieldCount, null), new ExpectedError(3, WrongFieldCount, null) }, good: 2),
        File("s07_crlf_line_ends.csv", "CRLF line ends (valid)", None),
        File("s08_blank_lines.csv", "blank lines between rows (skipped, not rows)", None),
        File("s09_trailing_separator_lines.csv", "a line of separators only (skipped)", None, good: 2),
        File("s10_quote_in_quoted_field_unescaped.csv", "an undoubled quote inside a quoted value", Bad(2, StrayQuote, ChatField.Tag)),
        File("s11_duplicate_rows.csv", "the same row twice (both are the user's data)", None),
        File("s12_whitespace_around_values.csv", "spaces around values (trimmed)", None),

        // ---- Encodings ----
        File("e01_utf8_bom.csv", "UTF-8 with BOM", None),
        File("e02_utf16le_bom.csv", "UTF-16 LE with BOM", None),
        File("e03_utf16be_bom.csv", "UTF-16 BE with BOM", None),
        File("e04_windows1251.csv", "a Windows-1251 Cyrillic tag in an otherwise ASCII file (detected: read as Windows-1251)", None),
        File("e05_invalid_utf8.csv", "bytes FF FE inside a value", Bad(2, InvalidEncoding, ChatField.ChatUsername)),
        File("e06_nul_byte.csv", "a NUL byte inside a value", Bad(2, BinaryContent, ChatField.ChatUsername)),
        File("e07_control_char.csv", "a BEL control character in a tag (dropped, row sent)", None),
        File("e08_truncated_utf8_sequence.csv", "a truncated UTF-8 sequence", Bad(2, InvalidEncoding, ChatField.ChatUsername)),

        // ---- Files and headers ----
        File("f01_empty.csv", "an empty file (0 bytes)", EmptyFile),
        File("f02_header_only.csv", "a header and no rows", None, good: 0),
        File("f03_header_only_no_newline.csv", "a header without a line end", None, good: 0),
        File("f04_whitespace_only.csv", "only spaces and line ends", EmptyFile),
        File("f05_duplicate_header.csv", "the DateTime column twice", DuplicateColumn),
        File("f06_missing_required_column.csv", "no ChatPlatform column", MissingColumn),
        File("f07_unknown_column.csv", "an extra column 'Foo' (ignored, warned)", None),
        File("f08_semicolon_separated.csv", "semicolons as separators (detected)", None),
        File("f09_header_lower_case.csv", "lower-case header names", None),
        File("f10_no_header.csv", "a data row where the header should be", NoKnownColumns),
        File("f11_empty_header_name.csv", "a header column without a name", None),
        File("f12_minimal_columns.csv", "only the three required columns", None, good: 2),

        // ---- Built in code: huge, binary or many ----
        Built("g01_10MB_field", "a 10 MB tag (bounded by the reader's field limit)", () => Rows(Good(1), Good(2).Replace("lead", new string('x', 10_000_000), StringComparison.Ordinal), Good(3)), Bad(2, FieldTooLong, ChatField.Tag)),
        Built("g02_10MB_line_no_newline", "10 MB without a separator or line end", () => Csv.Bytes(Header + "\n" + new string('z', 10_000_000)), Bad(1, FieldTooLong, ChatField.DateTime), good: 0),
        Built("g03_binary_junk", "64 KB of random bytes", () => Junk(65_536, 3), BinaryContent),
        Built("g04_header_then_binary_junk", "a good header, then 64 KB of random bytes", () => Csv.Bytes(Header + "\n").Concat(Junk(65_536, 4)).ToArray(), null, good: 0, allRejected: true),
        Built("g05_30000_rows_bad_far_apart", "30,000 rows, bad at rows 1, 15,000 and 30,000 (numbers across batches)", ManyRows, new[] { new ExpectedError(1, InvalidChatPlatform, ChatField.ChatPlatform), new ExpectedError(15_000, NegativeRevenue, ChatField.Revenue), new ExpectedError(30_000, InvalidDateTime, ChatField.DateTime) }, good: 29_997),
        Built("g06_10MB_quoted_multiline_field", "a quoted 10 MB value of 2 million lines", () => Rows(Good(1).Replace("lead", "\"" + string.Concat(Enumerable.Repeat("line\n", 2_000_000)) + "\"", StringComparison.Ordinal), Good(2)), Bad(1, FieldTooLong, ChatField.Tag), good: 1),
        Built("g07_utf16_without_bom", "UTF-16 LE without a byte order mark", () => Encoding.Unicode.GetBytes(Header + "\n" + Good(1) + "\n"), BinaryContent),
        Built("g08_1MB_header_name", "an unknown column with a 1 MB name", () => Csv.Bytes(new string('h', 1_000_000) + "," + Header + "\n" + "x," + Good(1) + "\n" + "x," + Good(2) + "\n"), None, good: 2),
        Built("g09_100000_blank_lines", "a header and 100,000 blank lines", () => Csv.Bytes(Header + "\n" + new string('\n', 100_000)), None, good: 0),
        Built("g10_utf8_bom_only", "a UTF-8 BOM and nothing else", () => new byte[] { 0xEF, 0xBB, 0xBF }, EmptyFile),
        Built("g11_utf16_bom_only", "a UTF-16 BOM and nothing else", () => new byte[] { 0xFF, 0xFE }, EmptyFile),
        Built("g12_cr_only_line_ends", "old Mac line ends (CR only)", () => Csv.Bytes(Header + "\r" + Good(1) + "\r" + Good(2) + "\r"), None, good: 2),
        Built("g13_5M_separators_line", "a line of 5 million separators between good rows", () => Csv.Bytes(Header + "\n" + Good(1) + "\n" + new string(',', 5_000_000) + "\n" + Good(2) + "\n"), None, good: 2),
        Built("g14_nul_flood_row", "a row of 1 MB of NUL bytes", () => Rows(Good(1), new string('\0', 1_000_000), Good(2)), Bad(2, BinaryContent, ChatField.DateTime), good: 2),
    };

    private static ExpectedError[] None => Array.Empty<ExpectedError>();

    /// <summary>A valid export row whose ChatUserID is 100 + n (the same template as the corpus files).</summary>
    public static string Good(int n) => string.Format(
        System.Globalization.CultureInfo.InvariantCulture,
        "2024-05-01T10:00:{0:00}Z,telegram,user{1},{2},{4},{3},,,,1,lead,100.50,RUB,https://shop.example.com/p/{1},",
        n % 60,
        n,
        100 + n,
        1_000_000_000_000_000_000L + n,
        Phone(n));

    /// <summary>+7 900 123-nn-nn as in the corpus files; from row 10,000 on, +7 90n nnn-nn-nn (a valid number keeps 10 digits after +7).</summary>
    private static string Phone(int n) => n < 10_000
        ? "+7900123" + n.ToString("0000", System.Globalization.CultureInfo.InvariantCulture)
        : "+790" + n.ToString("00000000", System.Globalization.CultureInfo.InvariantCulture);

    private static ExpectedError[] Bad(long row, string code, ChatField? field) => new[] { new ExpectedError(row, code, field) };

    private static CorpusCase File(string name, string what, ExpectedError[] errors, int good = -1) =>
        new(name, what, () => System.IO.File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Proof", "Corpus", name)), null, errors, good >= 0 ? good : 3 - errors.Length);

    private static CorpusCase File(string name, string what, string fileError) =>
        new(name, what, () => System.IO.File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Proof", "Corpus", name)), fileError, None, 0);

    private static CorpusCase Built(string name, string what, Func<byte[]> content, ExpectedError[]? errors, int good = -1, bool allRejected = false) =>
        new(name, what, content, null, errors ?? None, good >= 0 ? good : 3 - (errors ?? None).Length, allRejected);

    private static CorpusCase Built(string name, string what, Func<byte[]> content, string fileError) =>
        new(name, what, content, fileError, None, 0);

    private static byte[] Rows(params string[] rows) => Csv.Bytes(Header + "\n" + string.Join("\n", rows) + "\n");

    private static byte[] Junk(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] ManyRows()
    {
        var sb = new StringBuilder(Header).Append('\n');
        for (int n = 1; n <= 30_000; n++)
        {
            string row = Good(n);
            row = n switch
            {
                1 => row.Replace("telegram", "icq", StringComparison.Ordinal),
                15_000 => row.Replace("100.50", "-1", StringComparison.Ordinal),
                30_000 => row.Replace("2024-05-01T", "2024-05-41T", StringComparison.Ordinal),
                _ => row,
            };
            sb.Append(row).Append('\n');
        }

        return Csv.Bytes(sb.ToString());
    }
}
