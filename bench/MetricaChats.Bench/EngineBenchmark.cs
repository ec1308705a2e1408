using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Chats.Values;
using MetricaChats.Core.Wire;

namespace MetricaChats.Bench;

/// <summary>
/// The engine on one thread: ChatRecord -> ChatEventNormalizer -> chat CSV bytes, and the
/// CSV reader. Records come from a ring of pre-generated, varied records (so input
/// generation is not measured); output goes to a byte-counting null stream (so output is
/// not allocated). Figures: events/s, and bytes allocated per event by the engine.
/// </summary>
internal static class EngineBenchmark
{
    private const int Ring = 1 << 16;

    public static int Run(string[] args)
    {
        var events = 1_000_000;
        var clean = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--events" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                events = n;
                i++;
            }
            else if (args[i] == "--mix" && i + 1 < args.Length && args[i + 1] is "clean" or "realistic")
            {
                clean = args[i + 1] == "clean";
                i++;
            }
            else
            {
                Console.Error.WriteLine($"engine: unknown option '{args[i]}'. Usage: engine [--events N] [--mix realistic|clean]");
                return 2;
            }
        }

        var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        var (phoneLoad, phoneHeap) = LoadPhoneMetadata();
        var records = Generate(now, clean);
        var normalizer = new ChatEventNormalizer(new ChatNormalizerOptions
        {
            Clock = new Fixed(now),
            LocalTimeZone = TimeZoneInfo.CreateCustomTimeZone("UTC+3", TimeSpan.FromHours(3), "UTC+3", "UTC+3"),
        });

        Console.WriteLine($"MetricaChats engine benchmark: {events:N0} events, one thread, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");
        Console.WriteLine($"input mix ({(clean ? "clean" : "realistic")}): {Describe(records)}");
        Console.WriteLine($"libphonenumber: metadata loaded and first numbers checked in {phoneLoad.TotalMilliseconds:N0} ms, {phoneHeap / 1024.0 / 1024.0:N1} MB of heap kept");
        Console.WriteLine();

        // Warm-up (JIT tiers, static tables), not measured.
        StreamingWrite(normalizer, records, 200_000);
        BatchedWrite(normalizer, records, 200_000);
        ReadCsv(200_000);

        Report("normalise + validate + write (ChatCsvWriter, all columns)", events, () => StreamingWrite(normalizer, records, events));
        Report("normalise + validate + batch + write (ChatBatchBuilder, 100k rows/batch)", events, () => BatchedWrite(normalizer, records, events), keepsOutput: true);
        Report("CSV reader (UTF-8 bytes -> ChatRecord)", events, () => ReadCsv(events));
        Report("reader + normalise + batch + write (the import path without HTTP)", events, () => ReadNormalizeWrite(normalizer, events), keepsOutput: true);

        // What issue 13 added, measured apart: libphonenumber per number, and the decoder's detection.
        Report("phones: +79161234567 (E.164, the fast path: compiled libphonenumber patterns)", events, () => Phones(events, null, i => Canonical[i & (Canonical.Length - 1)]));
        Report("phones: +7 (916) 123-45-67 (formatted international: digits + the same check)", events, () => Phones(events, null, i => Formatted[i & (Formatted.Length - 1)]));
        Report("phones: 8 (916) 123-45-67 with default region RU (libphonenumber's parser)", events, () => Phones(events, "RU", i => National[i & (National.Length - 1)]));
        Report("CSV reader, ASCII-only file (detection scans every byte for a high bit)", events, () => ReadCsv(events, CsvText.Ascii));
        Report("CSV reader, Windows-1251 file (detected at the first row, then decoded as 1251)", events, () => ReadCsv(events, CsvText.Windows1251));
        return 0;
    }

    private static readonly string[] Canonical = PhoneSamples(p => "+7" + p);

    private static readonly string[] Formatted = PhoneSamples(p => "+7 (" + p.Substring(0, 3) + ") " + p.Substring(3, 3) + "-" + p.Substring(6, 2) + "-" + p.Substring(8));

    private static readonly string[] National = PhoneSamples(p => "8 (" + p.Substring(0, 3) + ") " + p.Substring(3, 3) + "-" + p.Substring(6, 2) + "-" + p.Substring(8));

    private static string[] PhoneSamples(Func<string, string> format)
    {
        var random = new Random(13);
        var samples = new string[Ring];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = format("916" + random.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture));
        }

        return samples;
    }

    /// <summary>The first use of libphonenumber: metadata for +7 and the calling code table; time and heap kept.</summary>
    private static (TimeSpan Time, long Heap) LoadPhoneMetadata()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        var parser = new PhoneNumberParser("RU");
        _ = parser.Parse("+79161234567");
        _ = parser.Parse("8 (916) 123-45-67");
        watch.Stop();
        return (watch.Elapsed, GC.GetTotalMemory(forceFullCollection: true) - before);
    }

    private static (long, long) Phones(int count, string? region, Func<int, string> input)
    {
        var parser = new PhoneNumberParser(region);
        long rejected = 0;
        for (var i = 0; i < count; i++)
        {
            if (parser.Parse(input(i)).Number is null)
            {
                rejected++;
            }
        }

        return (rejected, 0);
    }

    private static void Report(string name, int count, Func<(long Rejected, long Bytes)> run, bool keepsOutput = false)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var pause = GC.GetTotalPauseDuration();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var (rejected, bytes) = run();
        watch.Stop();
        process.Refresh();
        cpu = process.TotalProcessorTime - cpu;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var perSecond = count / watch.Elapsed.TotalSeconds;
        var beyond = keepsOutput ? (double)(allocated - bytes) / count : (double)allocated / count;
        Console.WriteLine(name);
        Console.WriteLine($"  {count:N0} rows in {watch.Elapsed.TotalMilliseconds:N0} ms: {perSecond:N0} rows/s (wall clock); {count / cpu.TotalSeconds:N0} rows per CPU second (process CPU {cpu.TotalMilliseconds:N0} ms);");
        Console.WriteLine($"  {(double)allocated / count:N1} B allocated per row ({beyond:N1} beyond the output); " +
                          $"GCs {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2} (gen0/1/2), pauses {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:N0} ms; {bytes:N0} CSV bytes; {rejected:N0} rejected");
    }

    private static (long, long) StreamingWrite(ChatEventNormalizer normalizer, ChatRecord[] records, int count)
    {
        var sink = new CountingStream();
        long rejected = 0;
        using (var writer = new ChatCsvWriter(sink, ChatCsvSchema.Columns, leaveOpen: true))
        {
            writer.WriteHeader();
            for (var i = 0; i < count; i++)
            {
                var result = normalizer.Normalize(records[i & (Ring - 1)]);
                if (result.Event is { } e)
                {
                    writer.WriteRow(e);
                }
                else
                {
                    rejected++;
                }
            }
        }

        return (rejected, sink.Length);
    }

    private static (long, long) BatchedWrite(ChatEventNormalizer normalizer, ChatRecord[] records, int count)
    {
        var sink = new CountingStream();
        long rejected = 0;
        var builder = new ChatBatchBuilder();
        for (var i = 0; i < count; i++)
        {
            var result = normalizer.Normalize(records[i & (Ring - 1)]);
            if (result.Event is { } e)
            {
                builder.Add(e)?.WriteTo(sink);
            }
            else
            {
                rejected++;
            }
        }

        builder.Complete()?.WriteTo(sink);
        return (rejected, sink.Length);
    }

    private static (long, long) ReadCsv(int count, CsvText text = CsvText.Utf8)
    {
        using var source = new CsvSource(count, text);
        using var reader = new ChatCsvReader(source);
        long rejected = 0;
        while (reader.TryReadNext(out _, out var issue))
        {
            if (issue is not null)
            {
                rejected++;
            }
        }

        return (rejected, source.BytesServed);
    }

    private static (long, long) ReadNormalizeWrite(ChatEventNormalizer normalizer, int count)
    {
        using var source = new CsvSource(count);
        using var reader = new ChatCsvReader(source);
        var sink = new CountingStream();
        var builder = new ChatBatchBuilder();
        long rejected = 0;
        while (reader.TryReadNext(out var record, out var issue))
        {
            if (record is not null && normalizer.Normalize(record).Event is { } e)
            {
                builder.Add(e)?.WriteTo(sink);
            }
            else
            {
                rejected++;
            }

            _ = issue;
        }

        builder.Complete()?.WriteTo(sink);
        return (rejected, sink.Length);
    }

    /// <summary>A varied, realistic mix; about 2% of rows are invalid on purpose.</summary>
    private static ChatRecord[] Generate(DateTimeOffset now, bool clean)
    {
        var random = new Random(20261121);
        var records = new ChatRecord[Ring];
        var platforms = new[] { "whatsapp", "Telegram", "viber", "tg", "WhatsApp" };
        var tags = new[] { "lead", "support", "repeat customer", "price, delivery", "VIP \"gold\"", "заявка" };
        for (var i = 0; i < Ring; i++)
        {
            var t = now.AddSeconds(-random.Next(60, 20 * 86400));
            var r = new ChatRecord { RowNumber = i + 1 };
            r.DateTime = (random.Next(10)) switch
            {
                < 5 => t.ToOffset(TimeSpan.FromHours(3)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                5 => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                6 => t.ToOffset(TimeSpan.FromHours(3)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                7 => t.ToOffset(TimeSpan.FromHours(3)).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture),
                _ => t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            };
            r.ChatPlatform = platforms[random.Next(platforms.Length)];
            if (random.Next(2) == 0)
            {
                r.ChatUsername = "user_" + random.Next(1_000_000).ToString(CultureInfo.InvariantCulture);
            }

            if (random.Next(10) < 3)
            {
                r.ChatUserId = random.Next(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
            }

            if (r.ChatUsername is null || random.Next(10) < 4)
            {
                var digits = random.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
                r.PhoneNumber = random.Next(10) < 8 ? "+7916" + digits : "+7 (916) " + digits.Substring(0, 3) + "-" + digits.Substring(3, 2) + "-" + digits.Substring(5);
            }

            if (random.Next(100) < 85)
            {
                r.ClientId = t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + random.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
            }

            if (random.Next(10) == 0)
            {
                r.Yclid = ((ulong)random.NextInt64(1, long.MaxValue)).ToString(CultureInfo.InvariantCulture);
            }

            if (random.Next(10) == 0)
            {
                r.PurchaseId = "ORD-" + random.Next(1_000_000).ToString(CultureInfo.InvariantCulture);
            }

            if (random.Next(2) == 0)
            {
                r.Answered = random.Next(3) switch { 0 => "1", 1 => "0", _ => "yes" };
            }

            if (random.Next(10) < 3)
            {
                r.Tag = tags[random.Next(tags.Length)];
            }

            if (random.Next(10) < 2)
            {
                r.Revenue = random.Next(2) == 0 ? "1500.50" : "990,00";
                r.Currency = random.Next(2) == 0 ? "RUB" : "rub";
            }

            if (random.Next(10) < 4)
            {
                r.Url = "https://shop.example.ru/catalog/item-" + random.Next(10_000).ToString(CultureInfo.InvariantCulture) + "?utm_source=yandex&utm_medium=cpc";
            }

            if (clean)
            {
                // every row valid and attributed, phones already canonical
                r.ClientId ??= "1795168800123456789";
                if (r.PhoneNumber is not null && r.PhoneNumber.Contains(' ', StringComparison.Ordinal))
                {
                    r.PhoneNumber = "+79161234567";
                }
            }
            else if (random.Next(50) == 0)
            {
                // about 2% bad rows: unknown messenger, broken phone, or bad currency
                switch (random.Next(3))
                {
                    case 0: r.ChatPlatform = "icq"; break;
                    case 1: r.PhoneNumber = "call me"; break;
                    default: r.Revenue = "10"; r.Currency = "RUR"; break;
                }
            }

            records[i] = r;
        }

        return records;
    }

    private static string Describe(ChatRecord[] records)
    {
        double Share(Func<ChatRecord, bool> p) => 100.0 * records.Count(p) / records.Length;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Share(r => r.ClientId is null && r.Yclid is null && r.PurchaseId is null):0}% unattributed, " +
            $"{Share(r => r.PhoneNumber is not null && r.PhoneNumber.Contains(' ', StringComparison.Ordinal)):0}% formatted phones, " +
            $"{Share(r => r.Url is not null):0}% with URL, {Share(r => r.Revenue is not null):0}% with revenue, " +
            $"{Share(r => r.Tag is not null):0}% with tag; times as ISO with offset, Z, local, dd.MM.yyyy and Unix text");
    }

    private sealed class Fixed(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Counts bytes and drops them.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
    }

    private enum CsvText
    {
        Utf8,
        Ascii,
        Windows1251,
    }

    /// <summary>A chat export CSV served from 4,096 pre-rendered varied rows, repeated: never held whole.</summary>
    private sealed class CsvSource : Stream
    {
        private readonly byte[][] _rows;
        private readonly byte[] _header;
        private readonly int _count;
        private int _next = -1;
        private int _offset;

        public CsvSource(int count, CsvText text = CsvText.Utf8)
        {
            _count = count;
            var encoding = text == CsvText.Windows1251 ? CodePagesEncodingProvider.Instance.GetEncoding(1251)! : Encoding.UTF8;
            var comment = text == CsvText.Ascii ? "Hello! Need a delivery" : "Привет! Нужна доставка";
            _header = Encoding.UTF8.GetBytes("Timestamp,Messenger,Username,Phone,ClientID,Answered,Tag,Amount,Currency,Page,Comment\n");
            var random = new Random(7);
            var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
            _rows = new byte[4096][];
            for (var i = 0; i < _rows.Length; i++)
            {
                var t = now.AddSeconds(-random.Next(60, 20 * 86400)).ToOffset(TimeSpan.FromHours(3));
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"{t:yyyy-MM-ddTHH:mm:sszzz},{(i % 3 == 0 ? "WhatsApp" : i % 3 == 1 ? "telegram" : "viber")},user_{random.Next(1_000_000)},+7916{random.Next(1_000_000, 9_999_999)}," +
                    $"{t.ToUnixTimeSeconds()}{random.Next(100_000_000, 999_999_999)},{(i % 2 == 0 ? "yes" : "no")},{(i % 4 == 0 ? "\"price, delivery\"" : "lead")}," +
                    $"{(i % 5 == 0 ? "\"1500,50\"" : "")},{(i % 5 == 0 ? "RUB" : "")},https://shop.example.ru/item-{random.Next(10_000)}?utm_source=yandex,\"{comment}\"\n");
                _rows[i] = encoding.GetBytes(line);
            }
        }

        public long BytesServed { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var written = 0;
            while (written < count && _next < _count)
            {
                var current = _next < 0 ? _header : _rows[_next & (_rows.Length - 1)];
                var n = Math.Min(count - written, current.Length - _offset);
                Buffer.BlockCopy(current, _offset, buffer, offset + written, n);
                written += n;
                _offset += n;
                if (_offset == current.Length)
                {
                    _offset = 0;
                    _next++;
                }
            }

            BytesServed += written;
            return written;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
