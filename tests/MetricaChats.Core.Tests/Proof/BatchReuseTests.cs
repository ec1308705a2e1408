using MetricaChats.Core.Chats;
using MetricaChats.Core.Wire;
using Xunit;

namespace MetricaChats.Proof;

/// <summary>
/// The load benchmark showed the heap growing with the input (1 MiB batch chunks dying on the
/// large object heap), so finished batches now hand their chunks to later batches. A batch built
/// on reused chunks, still holding another batch's bytes, must write exactly the same file.
/// </summary>
public sealed class BatchReuseTests
{
    [Fact]
    public void A_batch_built_on_reused_chunks_writes_the_same_bytes()
    {
        ChatEvent[] small = Events(seed: 1, count: 30_000);
        ChatEvent[] other = Events(seed: 2, count: 30_000);

        byte[] first = Build(small, out ChatBatch a);
        Assert.True(first.Length > 2 * 1024 * 1024, "the batch should span several 1 MiB chunks");
        a.Release();

        // Fill the reused chunks with other bytes, release them again, then rebuild the first batch.
        Build(other, out ChatBatch b);
        b.Release();
        byte[] again = Build(small, out ChatBatch c);

        Assert.Equal(first, again);
        Assert.Equal(small.Length, c.Count);
    }

    private static byte[] Build(ChatEvent[] events, out ChatBatch batch)
    {
        var builder = new ChatBatchBuilder(new ChatBatchOptions { MaxRows = 1_000_000, MaxBytes = 500_000_000 });
        foreach (ChatEvent e in events)
        {
            Assert.Null(builder.Add(e));
        }

        batch = builder.Complete()!;
        return batch.ToArray();
    }

    private static ChatEvent[] Events(int seed, int count)
    {
        var generator = new ChatDataGenerator(seed, DateTimeOffset.UtcNow, variety: true);
        var normalizer = new ChatEventNormalizer(null);
        var events = new List<ChatEvent>();
        for (int i = 0; i < count; i++)
        {
            string[] v = generator.Next().Values;
            var record = new ChatRecord
            {
                RowNumber = i + 1,
                DateTime = v[(int)ExportColumn.DateTime],
                ChatPlatform = v[(int)ExportColumn.ChatPlatform],
                ChatUsername = v[(int)ExportColumn.ChatUsername],
                ChatUserId = v[(int)ExportColumn.ChatUserId],
                PhoneNumber = v[(int)ExportColumn.PhoneNumber],
                ClientId = v[(int)ExportColumn.ClientId],
                UserId = v[(int)ExportColumn.UserId],
                Yclid = v[(int)ExportColumn.Yclid],
                PurchaseId = v[(int)ExportColumn.PurchaseId],
                Answered = v[(int)ExportColumn.Answered],
                Tag = v[(int)ExportColumn.Tag],
                Revenue = v[(int)ExportColumn.Revenue],
                Currency = v[(int)ExportColumn.Currency],
                Url = v[(int)ExportColumn.Url],
                TrackerUrl = v[(int)ExportColumn.TrackerUrl],
            };
            events.Add(normalizer.Normalize(record).Event!);
        }

        return events.ToArray();
    }
}
