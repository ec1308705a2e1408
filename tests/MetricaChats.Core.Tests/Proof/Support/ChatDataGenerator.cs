// Shared by the proof tests (fuzz, faults) and the load benchmark (bench/MetricaChats.Bench
// links this file), so both run on the same kind of data from the same seed.
using System.Globalization;
using System.Text;

namespace MetricaChats.Proof;

/// <summary>Which export column a generated value belongs to (the order of <see cref="ChatDataGenerator.Header"/>).</summary>
public enum ExportColumn
{
    /// <summary>Event time.</summary>
    DateTime = 0,

    /// <summary>Messenger.</summary>
    ChatPlatform,

    /// <summary>Partner username.</summary>
    ChatUsername,

    /// <summary>Partner messenger id; the generator makes it unique per row (the row's identity).</summary>
    ChatUserId,

    /// <summary>Partner phone.</summary>
    PhoneNumber,

    /// <summary>Metrica ClientID.</summary>
    ClientId,

    /// <summary>Site UserID.</summary>
    UserId,

    /// <summary>Direct click id.</summary>
    Yclid,

    /// <summary>Order id.</summary>
    PurchaseId,

    /// <summary>Answered flag.</summary>
    Answered,

    /// <summary>Tag.</summary>
    Tag,

    /// <summary>Revenue.</summary>
    Revenue,

    /// <summary>Currency.</summary>
    Currency,

    /// <summary>Page URL.</summary>
    Url,

    /// <summary>Tracker link.</summary>
    TrackerUrl,
}

/// <summary>One generated row: its values in <see cref="ChatDataGenerator.Header"/> order, and what a correct engine must say about it.</summary>
public sealed class GeneratedRow
{
    /// <summary>Creates a row.</summary>
    public GeneratedRow(long index, string[] values, ExportColumn? badColumn, string? badKind)
    {
        Index = index;
        Values = values;
        BadColumn = badColumn;
        BadKind = badKind;
    }

    /// <summary>0-based index in the generated stream (the data row number is Index + 1).</summary>
    public long Index { get; }

    /// <summary>Values in header order; empty string for an absent value.</summary>
    public string[] Values { get; }

    /// <summary>The column made invalid on purpose, or null for a valid row.</summary>
    public ExportColumn? BadColumn { get; }

    /// <summary>Short name of the injected fault (for failure messages), or null.</summary>
    public string? BadKind { get; }

    /// <summary>True when the row must be rejected.</summary>
    public bool IsBad => BadColumn is not null;

    /// <summary>The unique row identity (the ChatUserID value).</summary>
    public string Key => Values[(int)ExportColumn.ChatUserId];
}

/// <summary>
/// A seeded, deterministic generator of chat-export rows in the export CSV format the engine
/// reads. Valid rows vary in every way a real export does (time formats, messenger spellings,
/// phone formatting, optional columns, quoting); optionally a share of rows carries exactly one
/// invalid value whose column is known, so a test can assert the exact rejection. Every row's
/// <see cref="ExportColumn.ChatUserId"/> is unique (<c>"9" + index</c> padded), so a receiver
/// can count how often each row arrived.
/// </summary>
public sealed class ChatDataGenerator
{
    /// <summary>The export header, one name per <see cref="ExportColumn"/>, in that order.</summary>
    public static readonly string[] Header =
    {
        "DateTime", "ChatPlatform", "ChatUsername", "ChatUserID", "PhoneNumber", "ClientId", "UserId",
        "Yclid", "PurchaseId", "ChatAnswered", "ChatTag", "Price", "Currency", "URL", "ChatTrackerURL",
    };

    private static readonly string[] PlatformSpellings = { "whatsapp", "telegram", "viber", "WhatsApp", "Telegram", "Viber", "wa", "tg", "TELEGRAM" };
    private static readonly string[] PlainPlatforms = { "whatsapp", "telegram", "viber" };
    private static readonly string[] AnsweredSpellings = { "1", "0", "true", "false", "yes", "no", "" };
    private static readonly string[] Tags = { "lead", "support", "promo, spring", "vip \"gold\"", "заявка", "回复", "line\nbreak", "sale" };
    private static readonly string[] Currencies = { "RUB", "USD", "EUR", "KZT", "BYN" };

    /// <summary>Bad values by column: (value, kind). Each makes exactly that column invalid.</summary>
    private static readonly (ExportColumn Column, string Value, string Kind)[] BadValues =
    {
        (ExportColumn.DateTime, "2023-02-30T10:00:00Z", "impossible date"),
        (ExportColumn.DateTime, "2099-01-01T00:00:00Z", "future date"),
        (ExportColumn.DateTime, "yesterday", "not a date"),
        (ExportColumn.DateTime, "", "missing date"),
        (ExportColumn.ChatPlatform, "icq", "unknown messenger"),
        (ExportColumn.ChatPlatform, "", "missing messenger"),
        (ExportColumn.ClientId, "abc123", "non-numeric ClientID"),
        (ExportColumn.Yclid, "12x4", "non-numeric Yclid"),
        (ExportColumn.Tag, new string('t', 101), "overlong tag"),
        (ExportColumn.Revenue, "-10.5", "negative revenue"),
        (ExportColumn.Revenue, "ten", "non-numeric revenue"),
        (ExportColumn.Currency, "XYZ", "unknown currency"),
        (ExportColumn.Url, "htp:/broken", "broken URL"),
        (ExportColumn.Url, "ftp://example.com/x", "non-http URL"),
        (ExportColumn.TrackerUrl, "not a url", "broken tracker URL"),
        (ExportColumn.Answered, "maybe", "bad answered flag"),
    };

    private static readonly char[] QuoteTriggers = { ',', '"', '\n', '\r' };

    private readonly Random _random;
    private readonly DateTimeOffset _now;
    private readonly bool _variety;
    private readonly double _badShare;
    private long _next;

    /// <summary>Creates a generator.</summary>
    /// <param name="seed">The seed; the same seed and <paramref name="now"/> give the same rows.</param>
    /// <param name="now">The clock the rows are generated against: times fall in the 10 days before it.</param>
    /// <param name="variety">True for every spelling and format a real export has; false for plain canonical values (the load benchmark).</param>
    /// <param name="badShare">Share of rows (0..1) that carry exactly one invalid value.</param>
    public ChatDataGenerator(int seed, DateTimeOffset now, bool variety = true, double badShare = 0)
    {
        _random = new Random(seed);
        _now = now;
        _variety = variety;
        _badShare = badShare;
    }

    /// <summary>The next row.</summary>
    public GeneratedRow Next()
    {
        var index = _next++;
        var v = new string[Header.Length];
        var r = _random;
        var time = _now.AddSeconds(-r.Next(120, 10 * 24 * 3600));
        var timeFormat = _variety ? r.Next(4) : 0;
        v[(int)ExportColumn.DateTime] = timeFormat switch
        {
            0 => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            1 => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            2 => time.ToOffset(TimeSpan.FromHours(3)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            _ => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        };
        v[(int)ExportColumn.ChatPlatform] = _variety ? PlatformSpellings[r.Next(PlatformSpellings.Length)] : PlainPlatforms[r.Next(3)];
        v[(int)ExportColumn.ChatUsername] = r.Next(3) == 0 ? string.Empty : "user" + index.ToString(CultureInfo.InvariantCulture);
        v[(int)ExportColumn.ChatUserId] = RowKey(index);
        var phone = 9000000000L + r.Next(0, 999999999);
        if (phone / 100_000_000 % 10 == 3)
        {
            phone += 100_000_000; // +7 93x is only partly in use (libphonenumber refuses most of it): use 94x, a real mobile range
        }

        v[(int)ExportColumn.PhoneNumber] = r.Next(2) == 0 ? string.Empty
            : _variety && r.Next(2) == 0 ? FormatPhone(phone)
            : "+7" + phone.ToString(CultureInfo.InvariantCulture);
        v[(int)ExportColumn.ClientId] = r.Next(2) == 0 ? string.Empty
            : (1000000000L + r.Next()).ToString(CultureInfo.InvariantCulture) + r.Next(100000000, 999999999).ToString(CultureInfo.InvariantCulture);
        v[(int)ExportColumn.UserId] = r.Next(4) == 0 ? "site-" + r.Next(1, 100000).ToString(CultureInfo.InvariantCulture) : string.Empty;
        v[(int)ExportColumn.Yclid] = r.Next(4) == 0 ? (100000000L + r.Next()).ToString(CultureInfo.InvariantCulture) : string.Empty;
        v[(int)ExportColumn.PurchaseId] = r.Next(5) == 0 ? "order" + index.ToString(CultureInfo.InvariantCulture) : string.Empty;
        v[(int)ExportColumn.Answered] = _variety ? AnsweredSpellings[r.Next(AnsweredSpellings.Length)] : (r.Next(2) == 0 ? "1" : "0");
        v[(int)ExportColumn.Tag] = r.Next(3) == 0 ? (_variety ? Tags[r.Next(Tags.Length)] : "lead") : string.Empty;
        if (r.Next(3) == 0)
        {
            var cents = r.Next(0, 10000000);
            var amount = (cents / 100).ToString(CultureInfo.InvariantCulture) + "." + (cents % 100).ToString("00", CultureInfo.InvariantCulture);
            v[(int)ExportColumn.Revenue] = _variety && r.Next(3) == 0 ? amount.Replace('.', ',') : amount;
            v[(int)ExportColumn.Currency] = Currencies[r.Next(Currencies.Length)];
        }
        else
        {
            v[(int)ExportColumn.Revenue] = string.Empty;
            v[(int)ExportColumn.Currency] = string.Empty;
        }

        v[(int)ExportColumn.Url] = r.Next(2) == 0 ? "https://shop.example.com/p/" + r.Next(1, 5000).ToString(CultureInfo.InvariantCulture) + "?utm_source=chat&x=1" : string.Empty;
        v[(int)ExportColumn.TrackerUrl] = r.Next(4) == 0 ? "https://tracker.example.net/c/" + index.ToString(CultureInfo.InvariantCulture) : string.Empty;

        if (_badShare > 0 && r.NextDouble() < _badShare)
        {
            var bad = BadValues[r.Next(BadValues.Length)];
            v[(int)bad.Column] = bad.Value;
            if (bad.Column == ExportColumn.Revenue || bad.Column == ExportColumn.Currency)
            {
                // A bad amount needs a good currency beside it and the other way round, so only one field fails.
                if (bad.Column == ExportColumn.Revenue)
                {
                    v[(int)ExportColumn.Currency] = "RUB";
                }
                else
                {
                    v[(int)ExportColumn.Revenue] = "10.00";
                }
            }

            return new GeneratedRow(index, v, bad.Column, bad.Kind);
        }

        return new GeneratedRow(index, v, null, null);
    }

    /// <summary>The unique key of row <paramref name="index"/> (its ChatUserID).</summary>
    public static string RowKey(long index) => (9000000000L + index).ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes the header line.</summary>
    public static void WriteHeader(TextWriter writer)
    {
        writer.Write(string.Join(",", Header));
        writer.Write('\n');
    }

    /// <summary>Writes one row as an RFC 4180 CSV line (quoting only where needed).</summary>
    public static void WriteRow(TextWriter writer, string[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            WriteField(writer, values[i]);
        }

        writer.Write('\n');
    }

    /// <summary>Writes a header and <paramref name="count"/> rows from this generator; returns the rows' bad-row facts when <paramref name="collect"/> is true.</summary>
    public List<GeneratedRow>? WriteCsv(TextWriter writer, long count, bool collect)
    {
        var rows = collect ? new List<GeneratedRow>() : null;
        WriteHeader(writer);
        for (long i = 0; i < count; i++)
        {
            var row = Next();
            WriteRow(writer, row.Values);
            rows?.Add(row);
        }

        return rows;
    }

    /// <summary>Writes a UTF-8 (no BOM) CSV file of <paramref name="count"/> rows; streams, never holds the rows.</summary>
    public void WriteCsvFile(string path, long count)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        WriteCsv(writer, count, collect: false);
    }

    /// <summary>Builds a whole CSV in memory (small counts only).</summary>
    public (byte[] Bytes, List<GeneratedRow> Rows) BuildCsv(int count)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var rows = WriteCsv(writer, count, collect: true)!;
        return (new UTF8Encoding(false).GetBytes(writer.ToString()), rows);
    }

    private static void WriteField(TextWriter writer, string value)
    {
        if (value.IndexOfAny(QuoteTriggers) < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\""));
        writer.Write('"');
    }

    private static string FormatPhone(long phone)
    {
        var s = phone.ToString(CultureInfo.InvariantCulture);
        return "+7 (" + s.Substring(0, 3) + ") " + s.Substring(3, 3) + "-" + s.Substring(6, 2) + "-" + s.Substring(8, 2);
    }
}
