using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace MetricaChats.Core.Chats.Input;

/// <summary>
/// Decodes a chat export's bytes. A byte order mark always wins (UTF-8, UTF-16 LE/BE); otherwise
/// the given encoding; otherwise detection: the file is read as UTF-8 until its first non-ASCII byte,
/// where <see cref="CyrillicSniffer"/> looks at the next few kilobytes and, when they are Russian
/// text in Windows-1251 and not UTF-8, switches to Windows-1251 (ASCII reads the same in both, so
/// nothing before is read differently) and says so once through <see cref="Detected"/>. Streams:
/// one 64 KiB byte buffer and its decoded characters; a pure ASCII file costs one scan for a high bit.
/// </summary>
internal sealed class DetectingTextReader : TextReader
{
    private const int BufferSize = 64 * 1024;
    private const int SniffWindow = 4096;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _bytes = new byte[BufferSize];
    private readonly char[] _chars = new char[BufferSize + 8];
    private Decoder _decoder;
    private int _byteStart;
    private int _byteEnd;
    private int _charPos;
    private int _charLen;
    private bool _eof;
    private bool _started;
    private bool _undecided;

    public DetectingTextReader(Stream stream, Encoding? encoding, bool leaveOpen)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _leaveOpen = leaveOpen;
        Encoding = encoding ?? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
        _decoder = Encoding.GetDecoder();
        _undecided = encoding is null;
    }

    /// <summary>Called once when detection switches the encoding (Windows-1251).</summary>
    public event Action<Encoding>? Detected;

    /// <summary>The encoding in use: the given one, the BOM's, UTF-8, or the detected one.</summary>
    public Encoding Encoding { get; private set; }

    /// <summary>When detection saw text that is not UTF-8 and reads as KOI8-R, its name (for messages); else null.</summary>
    public string? Suspected { get; private set; }

    public override int Peek() => _charPos < _charLen || FillChars() ? _chars[_charPos] : -1;

    public override int Read() => _charPos < _charLen || FillChars() ? _chars[_charPos++] : -1;

    public override int Read(char[] buffer, int index, int count)
    {
        if (_charPos >= _charLen && !FillChars())
        {
            return 0;
        }

        var n = Math.Min(count, _charLen - _charPos);
        Array.Copy(_chars, _charPos, buffer, index, n);
        _charPos += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen)
        {
            _stream.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool FillChars()
    {
        _charPos = 0;
        _charLen = 0;
        while (_charLen == 0)
        {
            if (_byteStart >= _byteEnd && !FillBytes(keepFrom: _byteEnd))
            {
                // End of input: flush what the decoder holds (a cut sequence becomes U+FFFD).
                _charLen = _decoder.GetChars(_bytes, 0, 0, _chars, 0, flush: true);
                return _charLen > 0;
            }

            if (!_started)
            {
                Start();
            }

            var end = _byteEnd;
            if (_undecided)
            {
                end = DecideAtFirstHighByte();
            }

            if (end > _byteStart)
            {
                _charLen = _decoder.GetChars(_bytes, _byteStart, end - _byteStart, _chars, 0, flush: false);
                _byteStart = end;
            }
        }

        return true;
    }

    /// <summary>Reads more bytes after those from <paramref name="keepFrom"/> on (moved to the front); false at the end.</summary>
    private bool FillBytes(int keepFrom)
    {
        if (_eof)
        {
            return false;
        }

        var kept = _byteEnd - keepFrom;
        if (kept > 0 && keepFrom > 0)
        {
            Buffer.BlockCopy(_bytes, keepFrom, _bytes, 0, kept);
        }

        _byteStart = 0;
        _byteEnd = Math.Max(0, kept);
        var read = _stream.Read(_bytes, _byteEnd, _bytes.Length - _byteEnd);
        if (read <= 0)
        {
            _eof = true;
            return _byteEnd > 0;
        }

        _byteEnd += read;
        return true;
    }

    /// <summary>The first bytes: a byte order mark decides the encoding and is skipped.</summary>
    private void Start()
    {
        _started = true;
        while (_byteEnd < 4 && !_eof && FillBytes(keepFrom: 0))
        {
        }

        var b = _bytes;
        var n = _byteEnd;
        if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        {
            Use(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false), 3);
        }
        else if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE)
        {
            Use(new UnicodeEncoding(bigEndian: false, byteOrderMark: false), 2);
        }
        else if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF)
        {
            Use(new UnicodeEncoding(bigEndian: true, byteOrderMark: false), 2);
        }
    }

    private void Use(Encoding encoding, int bomLength)
    {
        Encoding = encoding;
        _decoder = encoding.GetDecoder();
        _byteStart = bomLength;
        _undecided = false;
    }

    /// <summary>
    /// While undecided: the end of the ASCII run from <see cref="_byteStart"/>. At a high byte, sniffs a
    /// window (reading ahead if the buffer holds less), switches the decoder if it must, and decides.
    /// </summary>
    private int DecideAtFirstHighByte()
    {
        var high = FirstHighByte(_bytes, _byteStart, _byteEnd);
        if (high < 0)
        {
            return _byteEnd;
        }

        if (high > _byteStart)
        {
            return high; // decode the ASCII before it first, then decide with the window at the front
        }

        while (_byteEnd - _byteStart < SniffWindow && !_eof && FillBytes(keepFrom: _byteStart))
        {
        }

        var count = Math.Min(SniffWindow, _byteEnd - _byteStart);
        _undecided = false;
        switch (CyrillicSniffer.Sniff(_bytes, _byteStart, count, atEnd: _eof && count == _byteEnd - _byteStart))
        {
            case SniffResult.Windows1251:
                Encoding = ChatTextEncodings.Windows1251;
                _decoder = Encoding.GetDecoder();
                Detected?.Invoke(Encoding);
                break;
            case SniffResult.Koi8R:
                Suspected = "KOI8-R";
                break;
        }

        return _byteEnd;
    }

    private static int FirstHighByte(byte[] bytes, int start, int end)
    {
        var i = start;
        var words = MemoryMarshal.Cast<byte, ulong>(new ReadOnlySpan<byte>(bytes, start, end - start));
        for (var w = 0; w < words.Length; w++, i += 8)
        {
            if ((words[w] & 0x8080808080808080UL) != 0)
            {
                break;
            }
        }

        for (; i < end; i++)
        {
            if (bytes[i] >= 0x80)
            {
                return i;
            }
        }

        return -1;
    }
}
