using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Wire;

/// <summary>
/// Writes chat events as Metrica's chat CSV: UTF-8 without BOM, comma separated, RFC 4180
/// quoting (a value holding a comma or a quote is quoted, quotes doubled), <c>\n</c> line
/// ends, invariant culture, and no control characters (they are dropped from values).
/// Buffered: call <see cref="Flush"/> or <see cref="FlushAsync"/> (or dispose) at the end.
/// </summary>
public sealed class ChatCsvWriter : IDisposable
{
    private const int DefaultBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly ChatCsvColumn[] _columns;
    private byte[] _buffer;
    private int _position;
    private bool _disposed;

    /// <summary>Creates a writer of the given columns (use <see cref="ChatCsvSchema.ColumnsFor"/> or <see cref="ChatCsvSchema.Columns"/>).</summary>
    /// <param name="stream">Where the bytes go.</param>
    /// <param name="columns">The columns, in file order.</param>
    /// <param name="leaveOpen">True to leave the stream open on dispose.</param>
    public ChatCsvWriter(Stream stream, IEnumerable<ChatCsvColumn> columns, bool leaveOpen = false)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        if (columns is null)
        {
            throw new ArgumentNullException(nameof(columns));
        }

        _columns = new List<ChatCsvColumn>(columns).ToArray();
        if (_columns.Length == 0)
        {
            throw new ArgumentException("At least one column is needed.", nameof(columns));
        }

        _leaveOpen = leaveOpen;
        _buffer = new byte[DefaultBufferSize];
    }

    /// <summary>The columns written, in file order.</summary>
    public IReadOnlyList<ChatCsvColumn> Columns => _columns;

    /// <summary>Bytes written so far (flushed or buffered).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Writes the header line.</summary>
    public void WriteHeader()
    {
        EnsureRoom(ChatCsvEncoding.MaxHeaderBytes(_columns));
        WriteHeaderCore();
    }

    /// <summary>Writes the header line, flushing asynchronously when the buffer is full.</summary>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public async Task WriteHeaderAsync(CancellationToken cancellationToken = default)
    {
        await EnsureRoomAsync(ChatCsvEncoding.MaxHeaderBytes(_columns), cancellationToken).ConfigureAwait(false);
        WriteHeaderCore();
    }

    /// <summary>Writes one event as one line.</summary>
    /// <param name="chatEvent">The event.</param>
    public void WriteRow(ChatEvent chatEvent)
    {
        if (chatEvent is null)
        {
            throw new ArgumentNullException(nameof(chatEvent));
        }

        EnsureRoom(ChatCsvEncoding.MaxRowBytes(chatEvent, _columns.Length));
        WriteRowCore(chatEvent);
    }

    /// <summary>Writes one event as one line, flushing asynchronously when the buffer is full.</summary>
    /// <param name="chatEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public async Task WriteRowAsync(ChatEvent chatEvent, CancellationToken cancellationToken = default)
    {
        if (chatEvent is null)
        {
            throw new ArgumentNullException(nameof(chatEvent));
        }

        await EnsureRoomAsync(ChatCsvEncoding.MaxRowBytes(chatEvent, _columns.Length), cancellationToken).ConfigureAwait(false);
        WriteRowCore(chatEvent);
    }

    /// <summary>Writes the buffered bytes to the stream and flushes it.</summary>
    public void Flush()
    {
        ThrowIfDisposed();
        if (_position > 0)
        {
            _stream.Write(_buffer, 0, _position);
            _position = 0;
        }

        _stream.Flush();
    }

    /// <summary>Writes the buffered bytes to the stream and flushes it, asynchronously.</summary>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (_position > 0)
        {
            await _stream.WriteAsync(_buffer, 0, _position, cancellationToken).ConfigureAwait(false);
            _position = 0;
        }

        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Flushes, then closes the stream unless it was left open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            if (_position > 0)
            {
                _stream.Write(_buffer, 0, _position);
                _position = 0;
                _stream.Flush();
            }
        }
        finally
        {
            _disposed = true;
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    private void WriteHeaderCore()
    {
        var start = _position;
        for (var i = 0; i < _columns.Length; i++)
        {
            if (i > 0)
            {
                _buffer[_position++] = (byte)',';
            }

            _position = ChatCsvEncoding.WriteText(_columns[i].Name, _buffer, _position);
        }

        _buffer[_position++] = (byte)'\n';
        BytesWritten += _position - start;
    }

    private void WriteRowCore(ChatEvent e)
    {
        var start = _position;
        for (var i = 0; i < _columns.Length; i++)
        {
            if (i > 0)
            {
                _buffer[_position++] = (byte)',';
            }

            _position = ChatCsvEncoding.WriteValue(e, _columns[i].Field, _buffer, _position);
        }

        _buffer[_position++] = (byte)'\n';
        BytesWritten += _position - start;
    }

    private void EnsureRoom(int bytes)
    {
        ThrowIfDisposed();
        if (_buffer.Length - _position >= bytes)
        {
            return;
        }

        if (_position > 0)
        {
            _stream.Write(_buffer, 0, _position);
            _position = 0;
        }

        if (_buffer.Length < bytes)
        {
            _buffer = new byte[bytes];
        }
    }

    private async Task EnsureRoomAsync(int bytes, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        if (_buffer.Length - _position >= bytes)
        {
            return;
        }

        if (_position > 0)
        {
            await _stream.WriteAsync(_buffer, 0, _position, cancellationToken).ConfigureAwait(false);
            _position = 0;
        }

        if (_buffer.Length < bytes)
        {
            _buffer = new byte[bytes];
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(ChatCsvWriter));
        }
    }
}
