using System;
using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Wire;

/// <summary>
/// Push-style batching: <see cref="Add"/> events one by one; when a batch is complete it is
/// handed over; <see cref="Complete"/> hands over the last, partial one. Each added event is
/// encoded into the batch's bytes at once, so the event object is not kept. Not thread-safe.
/// </summary>
public sealed class ChatBatchBuilder
{
    private readonly int _maxRows;
    private readonly long _maxBytes;
    private ChatRowStore _rows = new();
    private int _mask;
    private long _valueBytes;
    private int _unattributed;
    private int _sequence;

    /// <summary>Creates a builder.</summary>
    /// <param name="options">Bounds; null for the defaults.</param>
    public ChatBatchBuilder(ChatBatchOptions? options = null)
    {
        options ??= new ChatBatchOptions();
        options.Validate();
        _maxRows = options.MaxRows;
        _maxBytes = options.MaxBytes;
        _mask = ChatCsvSchema.RequiredMask;
    }

    /// <summary>Events in the current (incomplete) batch.</summary>
    public int Count => _rows.Count;

    /// <summary>Exact size in bytes the current batch's file would have now.</summary>
    public long ByteLength => ChatCsvEncoding.FileBytes(_mask, _rows.Count, _valueBytes);

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

        var used = ChatCsvSchema.UsedMask(chatEvent);
        ChatBatch? completed = null;
        if (_rows.Count > 0)
        {
            // Measure only when the batch might be near its byte limit: an upper bound first.
            var mask = _mask | used;
            var bound = ChatCsvEncoding.FileBytes(mask, _rows.Count + 1, _valueBytes) + ChatCsvEncoding.MaxRowBytes(chatEvent, 0);
            if (bound > _maxBytes &&
                ChatCsvEncoding.FileBytes(mask, _rows.Count + 1, _valueBytes + ChatCsvEncoding.MeasureValues(chatEvent)) > _maxBytes)
            {
                completed = Take();
            }
        }

        _valueBytes += _rows.Add(chatEvent);
        _mask |= used;
        if (!chatEvent.IsAttributed)
        {
            _unattributed++;
        }

        if (completed is null && _rows.Count >= _maxRows)
        {
            completed = Take();
        }

        return completed;
    }

    /// <summary>Hands over the current batch, partial or not.</summary>
    /// <returns>The batch, or null when no event is waiting.</returns>
    public ChatBatch? Complete() => _rows.Count == 0 ? null : Take();

    private ChatBatch Take()
    {
        var batch = new ChatBatch(_rows, _mask, ByteLength, ++_sequence, _unattributed);
        _rows = new ChatRowStore();
        _mask = ChatCsvSchema.RequiredMask;
        _valueBytes = 0;
        _unattributed = 0;
        return batch;
    }
}
