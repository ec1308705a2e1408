using System;
using System.Collections.Generic;
using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Wire;

/// <summary>
/// Push-style batching: <see cref="Add"/> events one by one; when a batch is complete it is
/// handed over; <see cref="Complete"/> hands over the last, partial one. Holds at most one
/// batch of events in memory. Not thread-safe.
/// </summary>
public sealed class ChatBatchBuilder
{
    private readonly int _maxRows;
    private readonly long _maxBytes;
    private List<ChatEvent> _events;
    private int _mask;
    private long _valueBytes;
    private int _sequence;

    /// <summary>Creates a builder.</summary>
    /// <param name="options">Bounds; null for the defaults.</param>
    public ChatBatchBuilder(ChatBatchOptions? options = null)
    {
        options ??= new ChatBatchOptions();
        options.Validate();
        _maxRows = options.MaxRows;
        _maxBytes = options.MaxBytes;
        _events = NewList();
        _mask = ChatCsvSchema.RequiredMask;
    }

    /// <summary>Events in the current (incomplete) batch.</summary>
    public int Count => _events.Count;

    /// <summary>Exact size in bytes the current batch's file would have now.</summary>
    public long ByteLength => ChatCsvEncoding.FileBytes(_mask, _events.Count, _valueBytes);

    /// <summary>Batches handed over so far.</summary>
    public int BatchesCompleted => _sequence;

    /// <summary>
    /// Adds an event. Returns a completed batch when one is ready: either the current batch
    /// (the event filled it to <see cref="ChatBatchOptions.MaxRows"/>), or the batch before
    /// the event (the event would have taken it past <see cref="ChatBatchOptions.MaxBytes"/>;
    /// the event then starts the next batch). Otherwise null.
    /// </summary>
    /// <param name="chatEvent">The event.</param>
    /// <returns>A completed batch, or null.</returns>
    public ChatBatch? Add(ChatEvent chatEvent)
    {
        if (chatEvent is null)
        {
            throw new ArgumentNullException(nameof(chatEvent));
        }

        var valueBytes = ChatCsvEncoding.MeasureValues(chatEvent);
        var mask = _mask | ChatCsvSchema.UsedMask(chatEvent);
        ChatBatch? completed = null;
        if (_events.Count > 0 && ChatCsvEncoding.FileBytes(mask, _events.Count + 1, _valueBytes + valueBytes) > _maxBytes)
        {
            completed = Take();
            mask = _mask | ChatCsvSchema.UsedMask(chatEvent);
        }

        _events.Add(chatEvent);
        _mask = mask;
        _valueBytes += valueBytes;
        if (completed is null && _events.Count >= _maxRows)
        {
            completed = Take();
        }

        return completed;
    }

    /// <summary>Hands over the current batch, partial or not.</summary>
    /// <returns>The batch, or null when no event is waiting.</returns>
    public ChatBatch? Complete() => _events.Count == 0 ? null : Take();

    private ChatBatch Take()
    {
        var batch = new ChatBatch(_events.ToArray(), _mask, ByteLength, ++_sequence);
        _events = NewList();
        _mask = ChatCsvSchema.RequiredMask;
        _valueBytes = 0;
        return batch;
    }

    private List<ChatEvent> NewList() => new(Math.Min(_maxRows, 4096));
}
