using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace MetricaChats.Core.Api.Internal;

/// <summary>The multipart body of a chat upload: exactly one part, named <c>file</c>.</summary>
internal static class UploadContent
{
    public const string PartName = "file";
    public const string FileName = "chats.csv";

    public static MultipartFormDataContent Wrap(HttpContent csv)
    {
        csv.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        csv.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
        {
            Name = "\"" + PartName + "\"",
            FileName = "\"" + FileName + "\"",
        };
        var multipart = new MultipartFormDataContent("----MetricaChats" + Guid.NewGuid().ToString("N"));
        multipart.Add(csv);
        return multipart;
    }
}

/// <summary>Streams a caller's stream into the request without taking ownership of it.</summary>
internal sealed class BorrowedStreamContent : HttpContent
{
    private readonly Stream _source;
    private readonly CancellationToken _cancellationToken;

    public BorrowedStreamContent(Stream source, CancellationToken cancellationToken)
    {
        _source = source;
        _cancellationToken = cancellationToken;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        _source.CopyToAsync(stream, 81920, _cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        if (_source.CanSeek)
        {
            length = _source.Length - _source.Position;
            return true;
        }

        length = 0;
        return false;
    }
}

/// <summary>Lets a writer write the CSV straight into the request body.</summary>
internal sealed class WriterContent : HttpContent
{
    private readonly Func<Stream, CancellationToken, Task> _write;
    private readonly CancellationToken _cancellationToken;
    private readonly long? _length;

    public WriterContent(Func<Stream, CancellationToken, Task> write, long? length, CancellationToken cancellationToken)
    {
        _write = write;
        _length = length;
        _cancellationToken = cancellationToken;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _write(stream, _cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = _length ?? 0;
        return _length.HasValue;
    }
}
