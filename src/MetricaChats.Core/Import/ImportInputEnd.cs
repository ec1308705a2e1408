using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MetricaChats.Core.Import;

/// <summary>
/// How an input ended, for <see cref="ChatImportSession.CompleteAsync(ImportInputEnd?, CancellationToken)"/>:
/// whether its last row was complete, and whether the input changed while it was read. A row
/// cut off by a writer that is still at work must not be sent.
/// </summary>
public sealed class ImportInputEnd
{
    /// <summary>The source row number of the input's last row (0 when unknown).</summary>
    public long LastRowNumber { get; init; }

    /// <summary>True when the last row had no line ending (the file may still be being written).</summary>
    public bool LastRowUnterminated { get; init; }

    /// <summary>Why the input is known to have changed while it was read (size or time), or null.</summary>
    public string? ChangedWhileRead { get; init; }

    /// <summary>True when nothing suggests the input is incomplete.</summary>
    public bool IsComplete => !LastRowUnterminated && ChangedWhileRead is null;
}

/// <summary>
/// An export file opened for import, watched for a writer still at work: its size and time are
/// taken when it is opened and again at its end, and its last byte is remembered, so
/// <see cref="End"/> can say whether the last row was cut off or the file changed meanwhile.
/// </summary>
public sealed class ImportInputFile : IDisposable
{
    private readonly FileStream _file;
    private readonly long _lengthAtOpen;
    private readonly DateTime _writtenAtOpen;

    private ImportInputFile(string path, FileStream file)
    {
        Path = path;
        _file = file;
        _lengthAtOpen = file.Length;
        _writtenAtOpen = File.GetLastWriteTimeUtc(path);
        Stream = new LastByteStream(file);
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>The file's bytes (read it to its end before calling <see cref="End"/>).</summary>
    public Stream Stream { get; }

    /// <summary>Opens a regular file for reading (other writers allowed, so a file being written can be detected rather than refused).</summary>
    public static ImportInputFile Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var file = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
        return new ImportInputFile(full, file);
    }

    /// <summary>How the file ended, given the source row number of its last row.</summary>
    public ImportInputEnd End(long lastRowNumber)
    {
        var stream = (LastByteStream)Stream;
        string? changed = null;
        try
        {
            var length = new FileInfo(Path).Length;
            var written = File.GetLastWriteTimeUtc(Path);
            if (length != _lengthAtOpen || stream.BytesRead != _lengthAtOpen)
            {
                changed = string.Format(CultureInfo.InvariantCulture, "its size changed while it was read ({0} bytes when opened, {1} now)", _lengthAtOpen, length);
            }
            else if (written != _writtenAtOpen)
            {
                changed = "it was written to while it was read (its modification time changed)";
            }
        }
        catch (IOException ex)
        {
            changed = "it could not be checked after reading (" + ex.Message + ")";
        }

        return new ImportInputEnd
        {
            LastRowNumber = lastRowNumber,
            LastRowUnterminated = stream.BytesRead > 0 && stream.LastByte is not ((byte)'\n' or (byte)'\r'),
            ChangedWhileRead = changed,
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stream.Dispose();
        _file.Dispose();
    }

    /// <summary>Passes reads through and remembers the last byte read and the count.</summary>
    private sealed class LastByteStream : Stream
    {
        private readonly Stream _inner;

        public LastByteStream(Stream inner)
        {
            _inner = inner;
        }

        public int LastByte { get; private set; } = -1;

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _inner.Length;

        public override long Position
        {
            get => BytesRead;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Note(buffer, offset, _inner.Read(buffer, offset, count));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Note(buffer, offset, await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Note(byte[] buffer, int offset, int read)
        {
            if (read > 0)
            {
                LastByte = buffer[offset + read - 1];
                BytesRead += read;
            }

            return read;
        }
    }
}
