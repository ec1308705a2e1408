using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Wire;

/// <summary>
/// One upload's worth of events, and the exact chat CSV file they make. The batch keeps its
/// rows as CSV-ready bytes (not as objects), so a full batch costs about its file size in
/// memory and nothing in garbage-collector work. The file is written on demand
/// (<see cref="WriteTo"/>, <see cref="WriteToAsync"/>), as often as needed (a retry writes
/// the same bytes again); <see cref="ByteLength"/> is known beforehand.
/// </summary>
public sealed class ChatBatch
{
    private readonly ChatRowStore _rows;
    private readonly int _columnMask;

    internal ChatBatch(ChatRowStore rows, int columnMask, long byteLength, int sequence, int unattributed)
    {
        _rows = rows;
        _columnMask = columnMask;
        ByteLength = byteLength;
        Sequence = sequence;
        UnattributedCount = unattributed;
        Columns = ChatCsvSchema.ColumnsOf(columnMask);
        Events = new ChatRowStore.EventList(rows);
        FirstRowNumber = rows.FirstRowNumber;
        LastRowNumber = rows.LastRowNumber;
    }

    /// <summary>1-based position of this batch among those its builder made.</summary>
    public int Sequence { get; }

    /// <summary>
    /// The events, in input order, rebuilt from the stored row bytes on each access (so they
    /// are what is sent: UTC whole seconds, no control characters; not the same instances
    /// that were added). For counts use <see cref="Count"/> and <see cref="UnattributedCount"/>.
    /// </summary>
    public IReadOnlyList<ChatEvent> Events { get; }

    /// <summary>Number of events (data rows).</summary>
    public int Count => _rows.Count;

    /// <summary>Events with no Metrica id (<see cref="ChatEvent.IsAttributed"/> false).</summary>
    public int UnattributedCount { get; }

    /// <summary>Source row number of the first event.</summary>
    public long FirstRowNumber { get; }

    /// <summary>Source row number of the last event.</summary>
    public long LastRowNumber { get; }

    /// <summary>The file's columns: required ones plus optional ones some event uses.</summary>
    public IReadOnlyList<ChatCsvColumn> Columns { get; }

    /// <summary>Exact size of the CSV file in bytes.</summary>
    public long ByteLength { get; }

    /// <summary>Writes the CSV file (header and rows) to a stream; the stream is left open.</summary>
    /// <param name="stream">The destination.</param>
    public void WriteTo(Stream stream)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        _rows.WriteTo(stream, _columnMask);
    }

    /// <summary>Writes the CSV file (header and rows) to a stream asynchronously; the stream is left open.</summary>
    /// <param name="stream">The destination.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public Task WriteToAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        return _rows.WriteToAsync(stream, _columnMask, cancellationToken);
    }

    /// <summary>The CSV file as a byte array (for small batches and tests).</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToArray()
    {
        using var memory = new MemoryStream(checked((int)ByteLength));
        WriteTo(memory);
        return memory.ToArray();
    }

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"ChatBatch #{Sequence}: {Count} rows ({FirstRowNumber}-{LastRowNumber}), {ByteLength} bytes, columns 0x{_columnMask:x}");
}
