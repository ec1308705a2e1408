using System.Text;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Wire;
using Xunit;

namespace MetricaChats.Core.Tests.Wire;

public class ChatBatchTests
{
    private static readonly DateTimeOffset T = DateTimeOffset.FromUnixTimeSeconds(1795168800);

    private static IEnumerable<ChatEvent> Events(int count, Func<int, ChatEvent>? make = null)
    {
        for (var i = 1; i <= count; i++)
        {
            yield return make?.Invoke(i) ?? new ChatEvent { RowNumber = i, DateTime = T, ChatPlatform = ChatPlatform.Telegram, ChatUsername = "u" + i };
        }
    }

    private static ChatEvent Hostile(int i) => new()
    {
        RowNumber = i,
        DateTime = T.AddSeconds(i),
        ChatPlatform = (ChatPlatform)(1 + (i % 3)),
        ChatUsername = i % 2 == 0 ? "a,\"b\"\n\u0000" + i : null,
        PhoneNumber = i % 3 == 0 ? "+7916" + i.ToString("D7") : null,
        Tag = i % 5 == 0 ? "Привет 👋 \ud800 \u0085," + new string('x', i % 50) : null,
        Revenue = i % 7 == 0 ? i * 1.25m : null,
        Currency = i % 7 == 0 ? "RUB" : null,
        Answered = i % 4 == 0 ? i % 8 == 0 : null,
        Url = i % 11 == 0 ? "https://e.com/" + i : null,
        ClientId = i % 13 == 0 ? "17000000001234" + i : null,
    };

    [Fact]
    public void Default_options_are_100000_rows_and_16_MiB()
    {
        var o = new ChatBatchOptions();
        Assert.Equal(100_000, o.MaxRows);
        Assert.Equal(16L * 1024 * 1024, o.MaxBytes);
        o.Validate();
    }

    [Theory]
    [InlineData(0, 1024)]
    [InlineData(1, 1023)]
    [InlineData(1, 1_000_000_001)]
    public void Out_of_range_options_are_refused(int rows, long bytes)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChatBatchBuilder(new ChatBatchOptions { MaxRows = rows, MaxBytes = bytes }));
    }

    [Fact]
    public void Batches_close_at_max_rows_and_keep_order()
    {
        var batches = ChatBatcher.Batch(Events(25), new ChatBatchOptions { MaxRows = 10 }).ToList();
        Assert.Equal(new[] { 10, 10, 5 }, batches.Select(b => b.Count));
        Assert.Equal(new[] { 1, 2, 3 }, batches.Select(b => b.Sequence));
        Assert.Equal(new long[] { 1, 11, 21 }, batches.Select(b => b.FirstRowNumber));
        Assert.Equal(new long[] { 10, 20, 25 }, batches.Select(b => b.LastRowNumber));
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), batches.SelectMany(b => b.Events).Select(e => e.RowNumber));
    }

    [Fact]
    public void Byte_length_is_exact_for_hostile_data()
    {
        var events = Events(3000, Hostile).ToList();
        foreach (var batch in ChatBatcher.Batch(events, new ChatBatchOptions { MaxRows = 700 }))
        {
            var bytes = batch.ToArray();
            Assert.Equal(batch.ByteLength, bytes.LongLength);
            var text = Encoding.UTF8.GetString(bytes);
            Assert.DoesNotContain(text, c => char.IsControl(c) && c != '\n');
        }
    }

    [Fact]
    public void Measuring_a_row_agrees_with_writing_it()
    {
        var store = new ChatRowStore();
        foreach (var e in Events(3000, Hostile).Append(new ChatEvent { DateTime = T, ChatPlatform = ChatPlatform.Viber, Tag = "\"\"\u0001,\ud83d\ude00\ud800", Revenue = 123456789.123456789m }))
        {
            Assert.Equal(ChatCsvEncoding.MeasureValues(e), store.Add(e));
        }
    }

    [Fact]
    public void Batches_close_before_max_bytes_and_never_exceed_it()
    {
        const long max = 4096;
        var events = Events(2000, Hostile).ToList();
        var batches = ChatBatcher.Batch(events, new ChatBatchOptions { MaxBytes = max }).ToList();
        Assert.True(batches.Count > 10);
        Assert.Equal(events.Count, batches.Sum(b => b.Count));
        for (var i = 0; i < batches.Count; i++)
        {
            var b = batches[i];
            Assert.True(b.ByteLength <= max, $"batch {i}: {b.ByteLength}");
            Assert.Equal(b.ByteLength, b.ToArray().LongLength);
            if (i < batches.Count - 1)
            {
                // The next event would not have fitted.
                var withNext = b.Events.Append(batches[i + 1].Events[0]).ToList();
                var whole = ChatBatcher.Batch(withNext, new ChatBatchOptions { MaxBytes = ChatBatchOptions.MetricaFileLimit }).Single();
                Assert.True(whole.ByteLength > max);
            }
        }
    }

    [Fact]
    public void A_single_event_larger_than_max_bytes_forms_a_batch_of_its_own()
    {
        var big = new ChatEvent { RowNumber = 2, DateTime = T, ChatPlatform = ChatPlatform.Viber, ChatUsername = "x", Tag = new string('t', 5000) };
        var batches = ChatBatcher.Batch(new[] { Events(1).Single(), big, Events(1).Single() }, new ChatBatchOptions { MaxBytes = 1024 }).ToList();
        Assert.Equal(new[] { 1, 1, 1 }, batches.Select(b => b.Count));
        Assert.Equal(2, batches[1].Events[0].RowNumber);
        Assert.Equal(big.Tag, batches[1].Events[0].Tag);
        Assert.True(batches[1].ByteLength > 1024);
    }

    [Fact]
    public void Push_style_builder_reports_full_batches_and_hands_over_the_rest()
    {
        var builder = new ChatBatchBuilder(new ChatBatchOptions { MaxRows = 3 });
        Assert.Equal(0, builder.Count);
        Assert.Null(builder.Complete());
        var completed = new List<ChatBatch>();
        foreach (var e in Events(7))
        {
            if (builder.Add(e) is { } b)
            {
                completed.Add(b);
                Assert.Equal(0, builder.Count);
            }
        }

        Assert.Equal(2, completed.Count);
        Assert.Equal(1, builder.Count);
        var expectedLength = ChatBatcher.Batch(Events(7).Skip(6), new ChatBatchOptions()).Single().ByteLength;
        Assert.Equal(expectedLength, builder.ByteLength);
        var last = builder.Complete()!;
        Assert.Equal(7, last.FirstRowNumber);
        Assert.Equal(3, last.Sequence);
        Assert.Equal(3, builder.BatchesCompleted);
        Assert.Null(builder.Complete());
        Assert.Throws<ArgumentNullException>(() => builder.Add(null!));
    }

    [Fact]
    public void Batch_bytes_are_exact_and_repeatable()
    {
        var batch = ChatBatcher.Batch(Events(2)).Single();
        var expected = "DateTime,ChatPlatform,ChatUsername\n1795168800,telegram,u1\n1795168800,telegram,u2\n";
        Assert.Equal(expected, Encoding.UTF8.GetString(batch.ToArray()));
        Assert.Equal(batch.ToArray(), batch.ToArray());
        Assert.Equal(expected.Length, batch.ByteLength);
        Assert.Equal(new[] { "DateTime", "ChatPlatform", "ChatUsername" }, batch.Columns.Select(c => c.Name));
        Assert.Contains("2 rows", batch.ToString());
    }

    [Fact]
    public async Task WriteToAsync_writes_the_same_bytes_and_honours_cancellation()
    {
        var batch = ChatBatcher.Batch(Events(5000, Hostile)).Single();
        using var ms = new MemoryStream();
        await batch.WriteToAsync(ms, CancellationToken.None);
        Assert.Equal(batch.ToArray(), ms.ToArray());
        Assert.True(ms.CanWrite); // left open

        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.WriteToAsync(new MemoryStream(), cts.Token));
    }

    [Fact]
    public void Batching_is_lazy_and_holds_one_batch_at_a_time()
    {
        var pulled = 0;
        IEnumerable<ChatEvent> Source()
        {
            foreach (var e in Events(1_000_000))
            {
                pulled++;
                yield return e;
            }
        }

        using var enumerator = ChatBatcher.Batch(Source(), new ChatBatchOptions { MaxRows = 1000 }).GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.Equal(1000, pulled);
        Assert.True(enumerator.MoveNext());
        Assert.Equal(2000, pulled);
    }

    [Fact]
    public void Events_are_rebuilt_from_the_stored_rows_as_sent()
    {
        var events = Events(500, Hostile).ToList();
        var batch = ChatBatcher.Batch(events).Single();
        Assert.Equal(events.Count, batch.Events.Count);
        Assert.Equal(events.Count(e => !e.IsAttributed), batch.UnattributedCount);
        var i = 0;
        foreach (var back in batch.Events)
        {
            var e = events[i];
            Assert.Equal(e.RowNumber, back.RowNumber);
            Assert.Equal(e.UnixTime, back.UnixTime);
            Assert.Equal(e.ChatPlatform, back.ChatPlatform);
            Assert.Equal(e.PhoneNumber, back.PhoneNumber);
            Assert.Equal(e.ClientId, back.ClientId);
            Assert.Equal(e.Answered, back.Answered);
            Assert.Equal(e.Revenue, back.Revenue);
            Assert.Equal(e.Currency, back.Currency);
            Assert.Equal(e.Url, back.Url);
            Assert.Equal(e.IsAttributed, back.IsAttributed);
            // Text as sent: control characters dropped, lone surrogates replaced.
            Assert.Equal(Sent(e.ChatUsername), back.ChatUsername);
            Assert.Equal(Sent(e.Tag), back.Tag);
            i++;
        }

        Assert.Equal(events[499].RowNumber, batch.Events[499].RowNumber);
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Events[500]);

        static string? Sent(string? s) => s is null ? null : new string(s.Where(c => !char.IsControl(c)).ToArray()).Replace("\ud800", "\ufffd");
    }

    [Fact]
    public void Duplicate_events_are_all_written()
    {
        var e = Events(1).Single();
        var batch = ChatBatcher.Batch(new[] { e, e, e }).Single();
        Assert.Equal(3, batch.Count);
        Assert.Equal(4, Encoding.UTF8.GetString(batch.ToArray()).Count(c => c == '\n'));
    }
}
