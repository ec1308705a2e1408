using System;
using System.Collections.Generic;
using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Wire;

/// <summary>Pull-style batching over <see cref="ChatBatchBuilder"/>.</summary>
public static class ChatBatcher
{
    /// <summary>
    /// Splits a stream of events into batches, lazily: the input is read only as far as the
    /// batch being produced, so memory holds one batch at a time.
    /// </summary>
    /// <param name="events">The events, in order.</param>
    /// <param name="options">Bounds; null for the defaults.</param>
    /// <returns>The batches, in order.</returns>
    public static IEnumerable<ChatBatch> Batch(IEnumerable<ChatEvent> events, ChatBatchOptions? options = null)
    {
        if (events is null)
        {
            throw new ArgumentNullException(nameof(events));
        }

        var builder = new ChatBatchBuilder(options);
        return BatchIterator(events, builder);
    }

    private static IEnumerable<ChatBatch> BatchIterator(IEnumerable<ChatEvent> events, ChatBatchBuilder builder)
    {
        foreach (var e in events)
        {
            if (builder.Add(e) is { } batch)
            {
                yield return batch;
            }
        }

        if (builder.Complete() is { } last)
        {
            yield return last;
        }
    }
}
