namespace MetricaChats.Sandbox;

/// <summary>Thrown when the file part grows past the size limit.</summary>
internal sealed class FileTooLargeException : Exception
{
    public FileTooLargeException(long limit)
        : base($"The file is larger than {limit} bytes.")
    {
        Limit = limit;
    }

    public long Limit { get; }
}

/// <summary>A read-only pass-through stream that counts bytes and stops at a limit.</summary>
internal sealed class CountingReadStream : Stream
{
    private readonly Stream _inner;
    private readonly long _limit;

    public CountingReadStream(Stream inner, long limit)
    {
        _inner = inner;
        _limit = limit;
    }

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        BytesRead += read;
        if (BytesRead > _limit)
        {
            throw new FileTooLargeException(_limit);
        }

        return read;
    }
}
