using System.Text;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Wire;
using Xunit;

namespace MetricaChats.Core.Tests.Wire;

public class ChatCsvWriterTests
{
    private static readonly DateTimeOffset T = DateTimeOffset.FromUnixTimeSeconds(1795168800);

    private static ChatEvent Minimal(long row = 1) => new()
    {
        RowNumber = row,
        DateTime = T,
        ChatPlatform = ChatPlatform.Telegram,
        ChatUsername = "ivan",
    };

    private static string Write(IReadOnlyList<ChatEvent> events)
    {
        using var ms = new MemoryStream();
        using (var writer = new ChatCsvWriter(ms, ChatCsvSchema.ColumnsFor(events), leaveOpen: true))
        {
            writer.WriteHeader();
            foreach (var e in events)
            {
                writer.WriteRow(e);
            }
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }

    [Fact]
    public void Minimal_event_exact_bytes()
    {
        using var ms = new MemoryStream();
        using (var writer = new ChatCsvWriter(ms, ChatCsvSchema.ColumnsFor(new[] { Minimal() }), leaveOpen: true))
        {
            writer.WriteHeader();
            writer.WriteRow(Minimal());
            Assert.Equal(60, writer.BytesWritten);
        }

        var expected = Encoding.ASCII.GetBytes("DateTime,ChatPlatform,ChatUsername\n1795168800,telegram,ivan\n");
        Assert.Equal(expected, ms.ToArray());
    }

    [Fact]
    public void Every_column_in_table_order_with_invariant_formatting()
    {
        var culture = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("ru-RU"); // decimal comma
        try
        {
            var e = new ChatEvent
            {
                DateTime = T,
                ChatPlatform = ChatPlatform.WhatsApp,
                ChatUsername = "ivan",
                ChatUserId = "42",
                PhoneNumber = "+79161234567",
                ClientId = "1700000000123456789",
                UserId = "u1",
                Yclid = "987",
                PurchaseId = "ORD-1",
                Answered = true,
                Tag = "lead",
                Revenue = 1500.50m,
                Currency = "RUB",
                Url = "https://example.com/p?a=1&b=2",
                TrackerUrl = "https://tracker.example/c/1",
            };
            Assert.Equal(
                "DateTime,ChatPlatform,ChatUsername,ChatUserID,PhoneNumber,ClientId,UserId,Yclid,PurchaseId,ChatAnswered,ChatTag,Price,Currency,URL,ChatTrackerURL\n" +
                "1795168800,whatsapp,ivan,42,+79161234567,1700000000123456789,u1,987,ORD-1,1,lead,1500.50,RUB,https://example.com/p?a=1&b=2,https://tracker.example/c/1\n",
                Write(new[] { e }));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Optional_columns_appear_only_when_a_row_uses_them_and_other_rows_leave_them_empty()
    {
        var a = Minimal(1);
        var b = new ChatEvent { RowNumber = 2, DateTime = T, ChatPlatform = ChatPlatform.Viber, PhoneNumber = "+79161234567", Answered = false };
        Assert.Equal(
            "DateTime,ChatPlatform,ChatUsername,PhoneNumber,ChatAnswered\n" +
            "1795168800,telegram,ivan,,\n" +
            "1795168800,viber,,+79161234567,0\n",
            Write(new[] { a, b }));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("line1\nline2", "line1line2")]
    [InlineData("tab\there\r\n", "tabhere")]
    [InlineData("a,\u0000\"b\"\u0085", "\"a,\"\"b\"\"\"")]
    [InlineData(" spaced ", " spaced ")]
    [InlineData("semi;colon", "semi;colon")]
    [InlineData("Привет 👋", "Привет 👋")]
    [InlineData("\u0001\u0002", "")]
    public void Text_is_quoted_per_rfc4180_and_control_characters_never_reach_the_file(string value, string expected)
    {
        var e = new ChatEvent { DateTime = T, ChatPlatform = ChatPlatform.Telegram, Tag = value, ChatUsername = "x" };
        var text = Write(new[] { e });
        Assert.Equal("DateTime,ChatPlatform,ChatUsername,ChatTag\n1795168800,telegram,x," + expected + "\n", text);
        Assert.DoesNotContain(text, c => c < ' ' && c != '\n');
    }

    [Fact]
    public void Output_is_utf8_without_bom_with_lf_line_ends()
    {
        var e = new ChatEvent { DateTime = T, ChatPlatform = ChatPlatform.Telegram, ChatUsername = "Иван" };
        using var ms = new MemoryStream();
        using (var w = new ChatCsvWriter(ms, ChatCsvSchema.ColumnsFor(new[] { e }), leaveOpen: true))
        {
            w.WriteHeader();
            w.WriteRow(e);
        }

        var bytes = ms.ToArray();
        Assert.Equal((byte)'D', bytes[0]);
        Assert.DoesNotContain((byte)'\r', bytes);
        Assert.Equal(new byte[] { 0xD0, 0x98, 0xD0, 0xB2, 0xD0, 0xB0, 0xD0, 0xBD, (byte)'\n' }, bytes.Skip(bytes.Length - 9).ToArray());
    }

    [Fact]
    public void Lone_surrogates_become_replacement_characters()
    {
        var e = new ChatEvent { DateTime = T, ChatPlatform = ChatPlatform.Telegram, ChatUsername = "a\ud800b" };
        Assert.EndsWith(",a\ufffdb\n", Write(new[] { e }));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("0.5", "0.5")]
    [InlineData("123456789012.34", "123456789012.34")]
    [InlineData("1500.50", "1500.50")]
    public void Revenue_uses_dot_and_no_grouping(string value, string expected)
    {
        var e = new ChatEvent { DateTime = T, ChatPlatform = ChatPlatform.Telegram, ChatUsername = "x", Revenue = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture) };
        Assert.EndsWith(",x," + expected + "\n", Write(new[] { e }));
    }

    [Fact]
    public void Very_long_values_grow_the_buffer()
    {
        var tag = new string('я', 200_000);
        var e = new ChatEvent { DateTime = T, ChatPlatform = ChatPlatform.Telegram, ChatUsername = "x", Tag = tag };
        var text = Write(new[] { Minimal(), e, Minimal() });
        Assert.Contains("," + tag + "\n", text);
        Assert.EndsWith("1795168800,telegram,ivan,\n", text);
    }

    [Fact]
    public async Task Async_writes_produce_the_same_bytes()
    {
        var events = Enumerable.Range(1, 5000).Select(i => new ChatEvent { RowNumber = i, DateTime = T.AddSeconds(i), ChatPlatform = ChatPlatform.Viber, ChatUsername = "user, " + i }).ToArray();
        var columns = ChatCsvSchema.ColumnsFor(events);
        using var sync = new MemoryStream();
        using (var w = new ChatCsvWriter(sync, columns, leaveOpen: true))
        {
            w.WriteHeader();
            foreach (var e in events)
            {
                w.WriteRow(e);
            }
        }

        using var async = new MemoryStream();
        await using (var w = new AsyncDisposableWriter(new ChatCsvWriter(async, columns, leaveOpen: true)))
        {
            await w.Writer.WriteHeaderAsync();
            foreach (var e in events)
            {
                await w.Writer.WriteRowAsync(e);
            }

            await w.Writer.FlushAsync();
        }

        Assert.Equal(sync.ToArray(), async.ToArray());
    }

    [Fact]
    public void Argument_checks()
    {
        Assert.Throws<ArgumentNullException>(() => new ChatCsvWriter(null!, ChatCsvSchema.Columns));
        Assert.Throws<ArgumentException>(() => new ChatCsvWriter(new MemoryStream(), Array.Empty<ChatCsvColumn>()));
        var w = new ChatCsvWriter(new MemoryStream(), ChatCsvSchema.Columns);
        Assert.Throws<ArgumentNullException>(() => w.WriteRow(null!));
        w.Dispose();
        Assert.Throws<ObjectDisposedException>(() => w.WriteRow(Minimal()));
    }

    [Fact]
    public void Dispose_closes_the_stream_unless_left_open()
    {
        var ms = new MemoryStream();
        new ChatCsvWriter(ms, ChatCsvSchema.Columns).Dispose();
        Assert.False(ms.CanWrite);
    }

    [Fact]
    public void Normalised_hostile_rows_round_trip_through_the_reader()
    {
        var normalizer = Chats.FixedClock.Normalizer();
        var hostile = new[]
        {
            "plain", "a,b", "\"quoted\"", "line\nbreak", "Привет 👋", "semi;colon", "tab\tsep", "   padded   ", "'single'", "=cmd()",
        };
        var events = hostile.Select((h, i) => normalizer.Normalize(new ChatRecord
        {
            RowNumber = i + 1, DateTime = "2026-11-20T10:00:00Z", ChatPlatform = "tg", ChatUsername = h, Tag = h, PurchaseId = h,
        }).Event!).ToArray();
        using var ms = new MemoryStream();
        var batch = ChatBatcher.Batch(events).Single();
        batch.WriteTo(ms);
        ms.Position = 0;

        using var reader = new ChatCsvReader(ms);
        var back = reader.ReadRows().Select(r => r.Record!).ToArray();
        Assert.Equal(events.Length, back.Length);
        for (var i = 0; i < events.Length; i++)
        {
            Assert.Equal(events[i].ChatUsername, back[i].ChatUsername);
            Assert.Equal(events[i].Tag, back[i].Tag);
            Assert.Equal(events[i].PurchaseId, back[i].PurchaseId);
            Assert.Equal(events[i].UnixTime.ToString(System.Globalization.CultureInfo.InvariantCulture), back[i].DateTime);
        }
    }

    private sealed class AsyncDisposableWriter : IAsyncDisposable
    {
        public AsyncDisposableWriter(ChatCsvWriter writer) => Writer = writer;

        public ChatCsvWriter Writer { get; }

        public ValueTask DisposeAsync()
        {
            Writer.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
