using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Wire;

/// <summary>
/// One upload's worth of events, and the exact chat CSV file they make. The file is written
/// on demand (<see cref="WriteTo"/>, <see cref="WriteToAsync"/>), as often as needed (a retry
/// writes the same bytes again); <see cref="ByteLength"/> is known beforehand.
/// </summary>
public sealed class ChatBatch
{
    private readonly ChatEvent[] _events;
    private readonly int _columnMask;

    internal ChatBatch(ChatEvent[] events, int columnMask, long byteLength, int sequence)
    {
        _events = events;
        _columnMask = columnMask;
        ByteLength = byteLength;
        Sequence = sequence;
        Columns = ChatCsvSchema.ColumnsOf(columnMask);
    }

    /// <summary>1-based position of this batch among those its builder made.</summary>
    public int Sequence { get; }

    /// <summary>The events, in input order.</summary>
    public IReadOnlyList<ChatEvent> Events => _events;

    /// <summary>Number of events (data rows).</summary>
    public int Count => _events.Length;

    /// <summary>Source row number of the first event.</summary>
    public long FirstRowNumber => _events.Length == 0 ? 0 : _events[0].RowNumber;

    /// <summary>Source row number of the last event.</summary>
    public long LastRowNumber => _events.Length == 0 ? 0 : _events[_events.Length - 1].RowNumber;

    /// <summary>The file's columns: required ones plus optional ones some event uses.</summary>
    public IReadOnlyList<ChatCsvColumn> Columns { get; }

    /// <summary>Exact size of the CSV file in bytes.</summary>
    public long ByteLength { get; }

    /// <summary>Writes the CSV file (header and rows) to a stream; the stream is left open.</summary>
    /// <param name="stream">The destination.</param>
    public void WriteTo(Stream stream)
    {
        using var writer = new ChatCsvWriter(stream, Columns, leaveOpen: true);
        writer.WriteHeader();
        foreach (var e in _events)
        {
            writer.WriteRow(e);
        }

        writer.Flush();
    }

    /// <summary>Writes the CSV file (header and rows) to a stream asynchronously; the stream is left open.</summary>
    /// <param name="stream">The destination.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public async Task WriteToAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        using var writer = new ChatCsvWriter(stream, Columns, leaveOpen: true);
        await writer.WriteHeaderAsync(cancellationToken).ConfigureAwait(false);
        foreach (var e in _events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteRowAsync(e, cancellationToken).ConfigureAwait(false);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
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
