using System;
using System.Buffers.Text;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Wire;

/// <summary>
/// A batch's rows as bytes, not objects: each row is its source row number, a presence mask
/// and the CSV-ready (escaped, UTF-8) bytes of each value it has. Writing a file is a copy
/// with commas; the events themselves can die young, so holding a 100,000-row batch costs
/// the garbage collector almost nothing (no object graph to trace or promote).
/// Row layout: varint row number, 2-byte field mask, then per present field (in
/// <see cref="ChatField"/> order) a varint length and the bytes.
/// </summary>
internal sealed class ChatRowStore
{
    private const int FirstChunkSize = 64 * 1024;
    private const int ChunkSize = 1024 * 1024;
    private const int RowOverhead = 10 + 2; // varint row number + mask
    private const int ValueOverhead = 5;    // varint length

    private static readonly UTF8Encoding Utf8 = new(false, false);

    private readonly List<byte[]> _chunks = new();
    private readonly List<int> _chunkLengths = new();
    private byte[]? _current;
    private int _position;
    private long[]? _rowStarts; // built on first indexed access only

    public int Count { get; private set; }

    public long FirstRowNumber { get; private set; }

    public long LastRowNumber { get; private set; }

    /// <summary>Appends an event; returns the bytes its values take in a file (separators excluded).</summary>
    public long Add(ChatEvent e)
    {
        var worst = RowOverhead + ChatCsvEncoding.MaxRowBytes(e, 0) + (15 * ValueOverhead);
        if (_current is null || _current.Length - _position < worst)
        {
            // A small first chunk keeps tiny batches (a few piped events) small.
            _current = new byte[Math.Max(_chunks.Count == 0 ? FirstChunkSize : ChunkSize, worst)];
            _chunks.Add(_current);
            _chunkLengths.Add(0);
            _position = 0;
        }

        var buffer = _current;
        if (Count == 0)
        {
            FirstRowNumber = e.RowNumber;
        }

        LastRowNumber = e.RowNumber;
        var p = WriteVarint(buffer, _position, unchecked((ulong)e.RowNumber));
        var maskAt = p;
        p += 2;
        var mask = 0;
        long valueBytes = 0;
        for (var field = (int)ChatField.DateTime; field <= (int)ChatField.TrackerUrl; field++)
        {
            // Reserve one length byte; most values are shorter than 128 bytes.
            var start = p + 1;
            var end = ChatCsvEncoding.WriteValue(e, (ChatField)field, buffer, start);
            var length = end - start;
            if (length == 0 && field > (int)ChatField.ChatPlatform)
            {
                continue;
            }

            mask |= 1 << field;
            valueBytes += length;
            var prefix = VarintSize((ulong)length);
            if (prefix > 1)
            {
                Buffer.BlockCopy(buffer, start, buffer, start + prefix - 1, length);
            }

            WriteVarint(buffer, p, (ulong)length);
            p += prefix + length;
        }

        buffer[maskAt] = (byte)mask;
        buffer[maskAt + 1] = (byte)(mask >> 8);
        _position = p;
        _chunkLengths[_chunkLengths.Count - 1] = p;
        Count++;
        return valueBytes;
    }

    /// <summary>Writes the file: header of the mask's columns, then every row.</summary>
    public void WriteTo(Stream stream, int columnMask)
    {
        var output = new byte[64 * 1024];
        foreach (var n in Segments(columnMask, output))
        {
            stream.Write(output, 0, n);
        }

        stream.Flush();
    }

    /// <summary>Writes the file asynchronously.</summary>
    public async Task WriteToAsync(Stream stream, int columnMask, CancellationToken cancellationToken)
    {
        var output = new byte[64 * 1024];
        foreach (var n in Segments(columnMask, output))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await stream.WriteAsync(output, 0, n, cancellationToken).ConfigureAwait(false);
        }

        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fills the output buffer again and again; yields how many bytes it holds each time.</summary>
    private IEnumerable<int> Segments(int columnMask, byte[] output)
    {
        var o = 0;
        var first = true;
        foreach (var column in ChatCsvSchema.Columns)
        {
            if ((columnMask & (1 << (int)column.Field)) == 0)
            {
                continue;
            }

            if (!first)
            {
                output[o++] = (byte)',';
            }

            first = false;
            o = ChatCsvEncoding.WriteText(column.Name, output, o);
        }

        output[o++] = (byte)'\n';

        for (var c = 0; c < _chunks.Count; c++)
        {
            var chunk = _chunks[c];
            var used = _chunkLengths[c];
            var p = 0;
            while (p < used)
            {
                ReadVarint(chunk, ref p);
                var rowMask = chunk[p] | (chunk[p + 1] << 8);
                p += 2;
                first = true;
                for (var field = (int)ChatField.DateTime; field <= (int)ChatField.TrackerUrl; field++)
                {
                    var bit = 1 << field;
                    if ((columnMask & bit) == 0)
                    {
                        continue;
                    }

                    if (output.Length - o < 2)
                    {
                        yield return o;
                        o = 0;
                    }

                    if (!first)
                    {
                        output[o++] = (byte)',';
                    }

                    first = false;
                    if ((rowMask & bit) == 0)
                    {
                        continue;
                    }

                    var length = (int)ReadVarint(chunk, ref p);
                    while (length > 0)
                    {
                        var room = output.Length - o;
                        if (room == 0)
                        {
                            yield return o;
                            o = 0;
                            room = output.Length;
                        }

                        var n = Math.Min(room, length);
                        Buffer.BlockCopy(chunk, p, output, o, n);
                        o += n;
                        p += n;
                        length -= n;
                    }
                }

                if (o == output.Length)
                {
                    yield return o;
                    o = 0;
                }

                output[o++] = (byte)'\n';
            }
        }

        if (o > 0)
        {
            yield return o;
        }
    }

    private long[] RowStarts()
    {
        if (_rowStarts is { } known)
        {
            return known;
        }

        var starts = new long[Count];
        var row = 0;
        for (var c = 0; c < _chunks.Count; c++)
        {
            var chunk = _chunks[c];
            var p = 0;
            while (p < _chunkLengths[c])
            {
                starts[row++] = ((long)c << 32) | (uint)p;
                ReadVarint(chunk, ref p);
                var mask = chunk[p] | (chunk[p + 1] << 8);
                p += 2;
                for (var field = (int)ChatField.DateTime; field <= (int)ChatField.TrackerUrl; field++)
                {
                    if ((mask & (1 << field)) != 0)
                    {
                        var length = (int)ReadVarint(chunk, ref p);
                        p += length;
                    }
                }
            }
        }

        _rowStarts = starts;
        return starts;
    }

    /// <summary>Rebuilds the event of a row from its stored bytes (what is sent, so control characters are gone).</summary>
    public ChatEvent Decode(int row)
    {
        var start = RowStarts()[row];
        var chunk = _chunks[(int)(start >> 32)];
        var p = (int)(uint)start;
        var rowNumber = unchecked((long)ReadVarint(chunk, ref p));
        var mask = chunk[p] | (chunk[p + 1] << 8);
        p += 2;

        long unix = 0;
        var platform = ChatPlatform.Telegram;
        string? username = null, chatUserId = null, phone = null, clientId = null, userId = null, yclid = null, purchaseId = null;
        string? tag = null, currency = null, url = null, trackerUrl = null;
        bool? answered = null;
        decimal? revenue = null;
        for (var field = (int)ChatField.DateTime; field <= (int)ChatField.TrackerUrl; field++)
        {
            if ((mask & (1 << field)) == 0)
            {
                continue;
            }

            var length = (int)ReadVarint(chunk, ref p);
            var span = new ReadOnlySpan<byte>(chunk, p, length);
            switch ((ChatField)field)
            {
                case ChatField.DateTime:
                    Utf8Parser.TryParse(span, out unix, out _);
                    break;
                case ChatField.ChatPlatform:
                    platform = span.Length == 8 && span[0] == (byte)'w' ? ChatPlatform.WhatsApp : span.Length == 5 ? ChatPlatform.Viber : ChatPlatform.Telegram;
                    break;
                case ChatField.Answered:
                    answered = span.Length == 1 ? span[0] == (byte)'1' : null;
                    break;
                case ChatField.Revenue:
                    revenue = Utf8Parser.TryParse(span, out decimal amount, out _) ? amount : null;
                    break;
                default:
                    var text = Unescape(chunk, p, length);
                    switch ((ChatField)field)
                    {
                        case ChatField.ChatUsername: username = text; break;
                        case ChatField.ChatUserId: chatUserId = text; break;
                        case ChatField.PhoneNumber: phone = text; break;
                        case ChatField.ClientId: clientId = text; break;
                        case ChatField.UserId: userId = text; break;
                        case ChatField.Yclid: yclid = text; break;
                        case ChatField.PurchaseId: purchaseId = text; break;
                        case ChatField.Tag: tag = text; break;
                        case ChatField.Currency: currency = text; break;
                        case ChatField.Url: url = text; break;
                        case ChatField.TrackerUrl: trackerUrl = text; break;
                    }

                    break;
            }

            p += length;
        }

        return new ChatEvent
        {
            RowNumber = rowNumber,
            DateTime = DateTimeOffset.FromUnixTimeSeconds(unix),
            ChatPlatform = platform,
            ChatUsername = username,
            ChatUserId = chatUserId,
            PhoneNumber = phone,
            ClientId = clientId,
            UserId = userId,
            Yclid = yclid,
            PurchaseId = purchaseId,
            Answered = answered,
            Tag = tag,
            Revenue = revenue,
            Currency = currency,
            Url = url,
            TrackerUrl = trackerUrl,
        };
    }

    private static string? Unescape(byte[] chunk, int p, int length)
    {
        if (length == 0)
        {
            return null;
        }

        var text = Utf8.GetString(chunk, p, length);
        return text.Length >= 2 && text[0] == '"' && text[text.Length - 1] == '"'
            ? text.Substring(1, text.Length - 2).Replace("\"\"", "\"")
            : text;
    }

    private static int VarintSize(ulong value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }

    private static int WriteVarint(byte[] buffer, int p, ulong value)
    {
        while (value >= 0x80)
        {
            buffer[p++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[p++] = (byte)value;
        return p;
    }

    private static ulong ReadVarint(byte[] buffer, ref int p)
    {
        ulong value = 0;
        var shift = 0;
        byte b;
        do
        {
            b = buffer[p++];
            value |= (ulong)(b & 0x7f) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);

        return value;
    }

    /// <summary>A read-only list view that decodes rows on access.</summary>
    internal sealed class EventList : IReadOnlyList<ChatEvent>
    {
        private readonly ChatRowStore _store;

        public EventList(ChatRowStore store) => _store = store;

        public int Count => _store.Count;

        public ChatEvent this[int index] =>
            index >= 0 && index < _store.Count ? _store.Decode(index) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<ChatEvent> GetEnumerator()
        {
            for (var i = 0; i < _store.Count; i++)
            {
                yield return _store.Decode(i);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
