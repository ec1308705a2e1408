using System;
using System.IO;
using System.Text;

namespace MetricaChats.Core.Chats;

public sealed partial class ChatCsvReader
{
    private const int BufferSize = 64 * 1024;

    private readonly TextReader _reader;
    private readonly ChatCsvReaderOptions _options;
    private readonly bool _leaveOpen;
    private readonly char[] _buffer;
    private ChatCsvHeader? _header;

    private static StreamReader CreateStreamReader(Stream stream, ChatCsvReaderOptions? options)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        var encoding = options?.Encoding ?? new UTF8Encoding(false, false);
        return new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, BufferSize);
    }

    private ChatCsvHeader ReadHeaderCore() => throw new NotImplementedException("Reader lands in a later commit.");

    private bool TryReadNextCore(out ChatRecord? record, out ChatIssue? issue) => throw new NotImplementedException("Reader lands in a later commit.");
}
