using System;
using System.Collections.Generic;
using System.IO;
using MetricaChats.Core.Chats.Input;

namespace MetricaChats.Core.Chats;

/// <summary>
/// Reads a chat export CSV into <see cref="ChatRecord"/>s, streaming (never the whole file in
/// memory). Header names map to fields through <see cref="ChatFieldAliases"/>. Encoding (from a
/// stream): a BOM (UTF-8, UTF-16), else <see cref="ChatCsvReaderOptions.Encoding"/>, else UTF-8 or
/// detected Windows-1251. Delimiter: <c>,</c>, <c>;</c> or tab, detected from
/// the header line. RFC 4180 quoting, embedded line breaks and doubled quotes included.
/// A bad row becomes one <see cref="ChatIssue"/> and is skipped (but counted); a bad file
/// throws <see cref="ChatCsvFormatException"/> from <see cref="ReadHeader"/>.
/// </summary>
public sealed partial class ChatCsvReader : IDisposable
{
    /// <summary>Reads from a stream: the encoding from its BOM, the options, or detection.</summary>
    /// <param name="stream">The CSV bytes.</param>
    /// <param name="options">Settings, or null for the defaults.</param>
    /// <param name="leaveOpen">True to leave the stream open on dispose.</param>
    public ChatCsvReader(Stream stream, ChatCsvReaderOptions? options = null, bool leaveOpen = false)
        : this(CreateDecoder(stream, options, leaveOpen), options, leaveOpen: false)
    {
        var decoder = (DetectingTextReader)_reader;
        _decoding = decoder;
        decoder.Detected += OnEncodingDetected;
    }

    /// <summary>Reads from text already decoded.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="options">Settings, or null for the defaults.</param>
    /// <param name="leaveOpen">True to leave the reader open on dispose.</param>
    public ChatCsvReader(TextReader reader, ChatCsvReaderOptions? options = null, bool leaveOpen = false)
    {
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _options = options ?? new ChatCsvReaderOptions();
        _leaveOpen = leaveOpen;
        _buffer = new char[BufferSize];
    }

    /// <summary>The header; read on first use.</summary>
    public ChatCsvHeader Header => _header ?? ReadHeader();

    /// <summary>The encoding in use when reading from a stream (the BOM's, the given, UTF-8 or the detected one); null for text.</summary>
    public System.Text.Encoding? Encoding => _decoding?.Encoding;

    /// <summary>Data rows read so far, good and bad (blank lines are not rows).</summary>
    public long RowsRead { get; private set; }

    /// <summary>Rows skipped with an issue so far.</summary>
    public long RowsRejected { get; private set; }

    /// <summary>Blank lines skipped so far (they carry no data and are not counted as rows).</summary>
    public long BlankLinesSkipped { get; private set; }

    /// <summary>Reads and checks the header line, once. Called by the first read if not before.</summary>
    /// <returns>The header.</returns>
    /// <exception cref="ChatCsvFormatException">The file is empty, or its header is unusable.</exception>
    public ChatCsvHeader ReadHeader() => _header ?? (_header = ReadHeaderCore());

    /// <summary>Reads the next data row.</summary>
    /// <param name="record">The record, when the row was read.</param>
    /// <param name="issue">The row's single error, when it was skipped.</param>
    /// <returns>False at the end of the file; otherwise exactly one of record and issue is set.</returns>
    public bool TryReadNext(out ChatRecord? record, out ChatIssue? issue) => TryReadNextCore(out record, out issue);

    /// <summary>Reads the rows to the end, lazily.</summary>
    /// <returns>Each data row in order.</returns>
    public IEnumerable<ChatCsvRow> ReadRows()
    {
        ReadHeader();
        while (TryReadNext(out var record, out var issue))
        {
            yield return new ChatCsvRow(record?.RowNumber ?? issue!.RowNumber, record, issue);
        }
    }

    /// <summary>
    /// The value of a kept column (see <see cref="ChatCsvReaderOptions.KeepColumn"/>) in the row just
    /// read as a record; null when the value is empty or the column is not kept.
    /// </summary>
    /// <param name="column">The column's index in <see cref="ChatCsvHeader.Columns"/>.</param>
    public string? GetKeptValue(int column) =>
        column >= 0 && column < _keep.Length && _keep[column] ? _values[column] : null;

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _reader.Dispose();
        }
    }
}
