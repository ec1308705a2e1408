using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace MetricaChats.Core.Chats;

/// <summary>The streaming RFC 4180 parser behind <see cref="ChatCsvReader"/>.</summary>
public sealed partial class ChatCsvReader
{
    private const int BufferSize = 64 * 1024;
    private const int MaxHeaderLength = 1024 * 1024;
    private const int InternSlots = 32;
    private const int MaxInternedLength = 32;

    private const int FieldStart = 0;
    private const int Unquoted = 1;
    private const int Quoted = 2;
    private const int QuoteInQuoted = 3;
    private const int AfterQuoted = 4;

    private readonly TextReader _reader;
    private readonly ChatCsvReaderOptions _options;
    private readonly bool _leaveOpen;
    private readonly char[] _buffer;
    private ChatCsvHeader? _header;

    private int _position;
    private int _length;
    private bool _eof;
    private bool _skipLineFeed;
    private long _line = 1;
    private long _rowIndex;

    private char _delimiter = ',';
    private ChatField?[] _columnFields = Array.Empty<ChatField?>();
    private string?[] _values = Array.Empty<string?>();
    private int _dateColumn = -1;
    private int _timeColumn = -1;
    private char[] _field = new char[256];
    private bool[] _internColumn = Array.Empty<bool>();
    private bool[] _keep = Array.Empty<bool>();
    private string?[] _interned = Array.Empty<string?>();
    private bool _extraNonEmpty;
    private int _errorColumn = -1; // the column where the row's first reading error was found

    private enum RowKind
    {
        End,
        Blank,
        Record,
        Bad,
    }

    private static StreamReader CreateStreamReader(Stream stream, ChatCsvReaderOptions? options)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        // No BOM: UTF-8 (or the configured encoding), invalid bytes decoded as U+FFFD and reported per row.
        var encoding = options?.Encoding ?? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
        return new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, BufferSize);
    }

    private bool Fill()
    {
        if (_eof)
        {
            return false;
        }

        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        if (_length <= 0)
        {
            _length = 0;
            _eof = true;
            return false;
        }

        return true;
    }

    private ChatCsvHeader ReadHeaderCore()
    {
        var line = ReadHeaderLine();
        if (line is null)
        {
            throw new ChatCsvFormatException(ChatIssueCodes.EmptyFile,
                "The chat CSV file is empty: it has no header line.",
                "Export the chats again with a header line naming the columns (DateTime, ChatPlatform, ChatUsername, ...).");
        }

        if (line.IndexOf('\0') >= 0)
        {
            throw new ChatCsvFormatException(ChatIssueCodes.BinaryContent,
                "The header line contains NUL characters: the file is binary, or UTF-16 without a byte order mark.",
                "Save the file as CSV in UTF-8 (\"CSV UTF-8\" in Excel).");
        }

        if (line.IndexOf('\uFFFD') >= 0)
        {
            throw new ChatCsvFormatException(ChatIssueCodes.InvalidEncoding,
                "The header line contains bytes that are not valid UTF-8: the file is probably in another encoding (e.g. Windows-1251).",
                "Save the file as CSV in UTF-8 (\"CSV UTF-8\" in Excel), or tell the reader its encoding.");
        }

        _delimiter = DetectDelimiter(line);
        var names = SplitHeader(line, _delimiter);
        var fields = new ChatField?[names.Count];
        var ignored = new List<string>();
        var seenNames = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var seenFields = new Dictionary<ChatField, int>();
        var keep = new bool[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (name.Length > 0 && seenNames.TryGetValue(name, out var first))
            {
                throw new ChatCsvFormatException(ChatIssueCodes.DuplicateColumn,
                    $"The header has the column '{name}' twice (columns {first + 1} and {i + 1}).",
                    "Rename or remove one of the two columns.");
            }

            seenNames[name] = i;
            if (!ChatFieldAliases.TryResolve(name, out var field))
            {
                if (name.Length > 0 && _options.KeepColumn is { } keepColumn && keepColumn(name))
                {
                    keep[i] = true;
                    continue;
                }

                ignored.Add(name.Length == 0 ? $"(column {i + 1}, no name)" : name);
                continue;
            }

            if (seenFields.TryGetValue(field, out var other))
            {
                if (field == ChatField.DateTime && IsDateTimePair(names[other], name))
                {
                    _dateColumn = IsName(names[other], "Date") ? other : i;
                    _timeColumn = IsName(names[other], "Date") ? i : other;
                    fields[i] = field;
                    continue;
                }

                throw new ChatCsvFormatException(ChatIssueCodes.DuplicateColumn,
                    $"The columns '{names[other]}' (column {other + 1}) and '{name}' (column {i + 1}) both mean {field}.",
                    $"Keep one of them, or rename the other to a name that is not an alias of {field} (the documentation of the chat fields lists each field's names).");
            }

            seenFields[field] = i;
            fields[i] = field;
        }

        if (seenFields.Count == 0)
        {
            throw new ChatCsvFormatException(ChatIssueCodes.NoKnownColumns,
                $"No column of the header is a chat field (header: '{ChatEventNormalizer.Shorten(line)}').",
                "The first line must name the columns, e.g. DateTime,ChatPlatform,ChatUsername,PhoneNumber,ClientId; the documentation of the chat fields lists every accepted name.");
        }

        if (_options.RequireColumns)
        {
            RequireColumn(seenFields, ChatField.DateTime, "the time of the chat");
            RequireColumn(seenFields, ChatField.ChatPlatform, "the messenger (whatsapp, telegram or viber)");
            if (!seenFields.ContainsKey(ChatField.ChatUsername) && !seenFields.ContainsKey(ChatField.ChatUserId) && !seenFields.ContainsKey(ChatField.PhoneNumber))
            {
                throw new ChatCsvFormatException(ChatIssueCodes.MissingColumn,
                    "The header has no chat partner column: none of ChatUsername, ChatUserId, PhoneNumber (or their aliases).",
                    "Add at least one of them; the documentation of the chat fields lists the accepted names.");
            }
        }

        _columnFields = fields;
        _keep = keep;
        _values = new string?[names.Count];

        // Columns whose values repeat (messenger, flags, currency, tags) share one string per distinct value.
        _internColumn = new bool[names.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            _internColumn[i] = fields[i] is ChatField.ChatPlatform or ChatField.Answered or ChatField.Currency or ChatField.Tag;
        }

        _interned = new string?[names.Count * InternSlots];
        ChatIssue? warning = null;
        if (ignored.Count > 0)
        {
            warning = new ChatIssue(0, null, ChatEventNormalizer.Shorten(string.Join(", ", ignored)), ChatIssueCodes.UnknownColumns,
                $"{ignored.Count} column(s) are not chat fields and are ignored: {ChatEventNormalizer.Shorten(string.Join(", ", ignored))}.",
                "If one of them holds a chat field, rename it to an accepted column name (the documentation of the chat fields lists them); otherwise nothing to do.",
                ChatIssueSeverity.Warning);
        }

        return new ChatCsvHeader(_delimiter, names.AsReadOnly(), Array.AsReadOnly(fields), ignored.AsReadOnly(), warning);
    }

    private static bool IsName(string name, string expected) => string.Equals(name.Trim(), expected, StringComparison.OrdinalIgnoreCase);

    private static bool IsDateTimePair(string a, string b) =>
        (IsName(a, "Date") && IsName(b, "Time")) || (IsName(a, "Time") && IsName(b, "Date"));

    private static void RequireColumn(Dictionary<ChatField, int> seen, ChatField field, string what)
    {
        if (!seen.ContainsKey(field))
        {
            throw new ChatCsvFormatException(ChatIssueCodes.MissingColumn,
                $"The header has no {field} column ({what}).",
                $"Add a column named {field} (or an alias: {string.Join(", ", ChatFieldAliases.NamesOf(field))}).");
        }
    }

    /// <summary>The first non-blank line, with quotes respected; null at end of file.</summary>
    private string? ReadHeaderLine()
    {
        var sb = new StringBuilder();
        var inQuotes = false;
        while (true)
        {
            if (_position >= _length && !Fill())
            {
                break;
            }

            var c = _buffer[_position++];
            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (c == '\n')
                {
                    continue;
                }
            }

            if (c == '\uFEFF' && sb.Length == 0)
            {
                continue; // BOM left by a TextReader that did not strip it
            }

            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if ((c == '\n' || c == '\r') && !inQuotes)
            {
                _line++;
                _skipLineFeed = c == '\r';
                if (sb.ToString().Trim().Length == 0)
                {
                    sb.Clear();
                    continue; // blank lines before the header
                }

                return sb.ToString();
            }
            else if (c == '\n')
            {
                _line++;
            }

            if (sb.Length >= MaxHeaderLength)
            {
                throw new ChatCsvFormatException(ChatIssueCodes.NoKnownColumns,
                    "The first line is longer than 1 MB: this is not a chat CSV header.",
                    "Check that the file is a CSV export with a header line.");
            }

            sb.Append(c);
        }

        var last = sb.ToString();
        return last.Trim().Length == 0 ? null : last;
    }

    private static char DetectDelimiter(string header)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var inQuotes = false;
        foreach (var c in header)
        {
            switch (c)
            {
                case '"':
                    inQuotes = !inQuotes;
                    break;
                case ',' when !inQuotes:
                    commas++;
                    break;
                case ';' when !inQuotes:
                    semicolons++;
                    break;
                case '\t' when !inQuotes:
                    tabs++;
                    break;
            }
        }

        if (tabs > commas && tabs > semicolons)
        {
            return '\t';
        }

        return semicolons > commas ? ';' : ',';
    }

    private static List<string> SplitHeader(string line, char delimiter)
    {
        var names = new List<string>();
        var sb = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        sb.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == delimiter)
            {
                names.Add(sb.ToString().Trim());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }

        names.Add(sb.ToString().Trim());
        return names;
    }

    private bool TryReadNextCore(out ChatRecord? record, out ChatIssue? issue)
    {
        ReadHeader();
        while (true)
        {
            record = null;
            issue = null;
            var kind = ReadRow(out var rowNumber, out var startLine, out var fieldCount, out var errorCode, out var errorDetail);
            switch (kind)
            {
                case RowKind.End:
                    return false;
                case RowKind.Blank:
                    BlankLinesSkipped++;
                    continue;
                case RowKind.Bad:
                    RowsRead++;
                    RowsRejected++;
                    issue = RowIssue(rowNumber, startLine, fieldCount, errorCode!, errorDetail);
                    return true;
                default:
                    RowsRead++;
                    record = BuildRecord(rowNumber);
                    return true;
            }
        }
    }

    private ChatIssue RowIssue(long rowNumber, long line, int fieldCount, string code, string? detail)
    {
        var where = string.Format(CultureInfo.InvariantCulture, "Row {0} (line {1})", rowNumber, line);
        ChatField? field = code != ChatIssueCodes.WrongFieldCount && _errorColumn >= 0 && _errorColumn < _columnFields.Length ? _columnFields[_errorColumn] : null;
        if (field is not null)
        {
            where += ", field " + field.Value.ToString() + ",";
        }

        var delimiterName = _delimiter == '\t' ? "tab" : "'" + _delimiter + "'";
        return code switch
        {
            ChatIssueCodes.WrongFieldCount => new ChatIssue(rowNumber, null, null, code,
                string.Format(CultureInfo.InvariantCulture, "{0} has {1} fields, but the header has {2}.", where, fieldCount, _columnFields.Length),
                $"Quote values that contain the delimiter {delimiterName} or line breaks (\"like, this\"), and give every row as many fields as the header."),
            ChatIssueCodes.StrayQuote => new ChatIssue(rowNumber, field, detail, code,
                $"{where} has a quote character inside an unquoted value, or text after a closing quote, near '{detail}'.",
                "Put the whole value in quotes and double every quote inside it (\"say \"\"hi\"\"\")."),
            ChatIssueCodes.UnterminatedQuote => new ChatIssue(rowNumber, field, detail, code,
                $"{where} opens a quoted value that is never closed; everything to the end of the file was read as that value, near '{detail}'.",
                "Close the quote, and double every quote inside a quoted value."),
            ChatIssueCodes.BinaryContent => new ChatIssue(rowNumber, field, null, code,
                $"{where} contains NUL characters: binary data, or a UTF-16 file without a byte order mark.",
                "Save the file as CSV in UTF-8 and remove binary junk."),
            ChatIssueCodes.InvalidEncoding => new ChatIssue(rowNumber, field, detail, code,
                $"{where} contains bytes that are not valid UTF-8 (shown as '\uFFFD'), near '{detail}'.",
                "Save the file as CSV in UTF-8 (\"CSV UTF-8\" in Excel); a file in another encoding needs that encoding named."),
            _ => new ChatIssue(rowNumber, field, detail, code,
                string.Format(CultureInfo.InvariantCulture, "{0} has a value longer than {1} characters, near '{2}'.", where, _options.MaxFieldLength, detail),
                "Check the row for a missing closing quote, or shorten the value."),
        };
    }

    private ChatRecord BuildRecord(long rowNumber)
    {
        var record = new ChatRecord { RowNumber = rowNumber };
        var values = _values;
        var fields = _columnFields;
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i] is not { } field || values[i] is not { } value)
            {
                continue;
            }

            switch (field)
            {
                case ChatField.DateTime:
                    if (i == _timeColumn || i == _dateColumn)
                    {
                        break;
                    }

                    record.DateTime = value;
                    break;
                case ChatField.ChatPlatform: record.ChatPlatform = value; break;
                case ChatField.ChatUsername: record.ChatUsername = value; break;
                case ChatField.ChatUserId: record.ChatUserId = value; break;
                case ChatField.PhoneNumber: record.PhoneNumber = value; break;
                case ChatField.ClientId: record.ClientId = value; break;
                case ChatField.UserId: record.UserId = value; break;
                case ChatField.Yclid: record.Yclid = value; break;
                case ChatField.PurchaseId: record.PurchaseId = value; break;
                case ChatField.Answered: record.Answered = value; break;
                case ChatField.Tag: record.Tag = value; break;
                case ChatField.Revenue: record.Revenue = value; break;
                case ChatField.Currency: record.Currency = value; break;
                case ChatField.Url: record.Url = value; break;
                case ChatField.TrackerUrl: record.TrackerUrl = value; break;
            }
        }

        if (_dateColumn >= 0)
        {
            var date = values[_dateColumn];
            var time = values[_timeColumn];
            record.DateTime = date is null ? time : time is null ? date : date.Trim() + " " + time.Trim();
        }

        return record;
    }

    private RowKind ReadRow(out long rowNumber, out long startLine, out int fieldCount, out string? errorCode, out string? errorDetail)
    {
        var buffer = _buffer;
        var fields = _columnFields;
        var values = _values;
        var columnCount = fields.Length;
        var maxField = _options.MaxFieldLength;
        var delimiter = _delimiter;

        var state = FieldStart;
        var fieldIndex = 0;
        var fieldLength = 0;
        var anyChar = false;
        var anyValue = false;
        var tooLong = false;
        errorCode = null;
        errorDetail = null;
        startLine = _line;
        _extraNonEmpty = false;
        _errorColumn = -1;
        Array.Clear(values, 0, values.Length);

        while (true)
        {
            if (_position >= _length && !Fill())
            {
                if (!anyChar)
                {
                    rowNumber = _rowIndex;
                    fieldCount = 0;
                    return RowKind.End;
                }

                if (state == Quoted && errorCode is null)
                {
                    errorCode = ChatIssueCodes.UnterminatedQuote;
                    _errorColumn = fieldIndex;
                    errorDetail = Snippet(fieldLength);
                }

                break;
            }

            var c = buffer[_position++];
            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (c == '\n')
                {
                    continue;
                }
            }

            anyChar = true;
            switch (state)
            {
                case FieldStart:
                    if (c == '"')
                    {
                        state = Quoted;
                        continue;
                    }

                    state = Unquoted;
                    goto case Unquoted;

                case Unquoted:
                    if (c == delimiter)
                    {
                        EndField(ref fieldIndex, ref fieldLength, ref anyValue, columnCount, fields, values);
                        state = FieldStart;
                        continue;
                    }

                    if (c == '\n' || c == '\r')
                    {
                        _line++;
                        _skipLineFeed = c == '\r';
                        goto EndOfRow;
                    }

                    if (c == '"')
                    {
                        if (IsAllWhiteSpace(fieldLength))
                        {
                            // Spaces before an opening quote: treat the field as quoted.
                            fieldLength = 0;
                            state = Quoted;
                            continue;
                        }

                        if (errorCode is null)
                        {
                            errorCode = ChatIssueCodes.StrayQuote;
                            _errorColumn = fieldIndex;
                            errorDetail = Snippet(fieldLength) + "\"";
                        }
                    }

                    break;

                case Quoted:
                    if (c == '"')
                    {
                        state = QuoteInQuoted;
                        continue;
                    }

                    if (c == '\n')
                    {
                        _line++;
                    }

                    break;

                case QuoteInQuoted:
                    if (c == '"')
                    {
                        state = Quoted;
                        break; // a doubled quote is one literal quote
                    }

                    state = AfterQuoted;
                    goto case AfterQuoted;

                case AfterQuoted:
                    if (c == delimiter)
                    {
                        EndField(ref fieldIndex, ref fieldLength, ref anyValue, columnCount, fields, values);
                        state = FieldStart;
                        continue;
                    }

                    if (c == '\n' || c == '\r')
                    {
                        _line++;
                        _skipLineFeed = c == '\r';
                        goto EndOfRow;
                    }

                    if (c == ' ' || c == '\t')
                    {
                        continue;
                    }

                    if (errorCode is null)
                    {
                        errorCode = ChatIssueCodes.StrayQuote;
                        _errorColumn = fieldIndex;
                        errorDetail = Snippet(fieldLength) + "\"" + c;
                    }

                    state = Unquoted;
                    break;
            }

            // Append c to the current field.
            if (c < ' ' || c == '\uFFFD')
            {
                if (c == '\0' && errorCode is null)
                {
                    errorCode = ChatIssueCodes.BinaryContent;
                    _errorColumn = fieldIndex;
                }
                else if (c == '\uFFFD' && errorCode is null)
                {
                    errorCode = ChatIssueCodes.InvalidEncoding;
                    _errorColumn = fieldIndex;
                    errorDetail = Snippet(fieldLength) + c;
                }
            }

            if (fieldLength < maxField)
            {
                if (fieldLength == _field.Length)
                {
                    Array.Resize(ref _field, Math.Min(maxField, _field.Length * 2));
                }

                _field[fieldLength++] = c;
            }
            else if (!tooLong)
            {
                tooLong = true;
                if (errorCode is null)
                {
                    errorCode = ChatIssueCodes.FieldTooLong;
                    _errorColumn = fieldIndex;
                    errorDetail = Snippet(Math.Min(fieldLength, 40));
                }
            }
        }

    EndOfRow:
        EndField(ref fieldIndex, ref fieldLength, ref anyValue, columnCount, fields, values);
        rowNumber = ++_rowIndex;
        fieldCount = fieldIndex;

        if (errorCode is not null)
        {
            return RowKind.Bad;
        }

        if (!anyValue)
        {
            return RowKind.Blank; // a blank line, or only delimiters and spaces
        }

        if (fieldIndex < columnCount || _extraNonEmpty)
        {
            errorCode = ChatIssueCodes.WrongFieldCount;
            return RowKind.Bad;
        }

        return RowKind.Record;
    }

    private void EndField(ref int fieldIndex, ref int fieldLength, ref bool anyValue, int columnCount, ChatField?[] fields, string?[] values)
    {
        var nonBlank = !IsAllWhiteSpace(fieldLength);
        if (nonBlank)
        {
            anyValue = true;
        }

        if (fieldIndex < columnCount)
        {
            if ((fields[fieldIndex] is not null || _keep[fieldIndex]) && fieldLength > 0)
            {
                values[fieldIndex] = _internColumn[fieldIndex] && fieldLength <= MaxInternedLength
                    ? Intern(fieldIndex, fieldLength)
                    : new string(_field, 0, fieldLength);
            }
        }
        else if (nonBlank)
        {
            _extraNonEmpty = true;
        }

        fieldIndex++;
        fieldLength = 0;
    }

    private string Intern(int column, int length)
    {
        var hash = 2166136261u;
        for (var i = 0; i < length; i++)
        {
            hash = (hash ^ _field[i]) * 16777619u;
        }

        var slot = (column * InternSlots) + (int)(hash & (InternSlots - 1));
        var known = _interned[slot];
        if (known is not null && known.Length == length)
        {
            var same = true;
            for (var i = 0; i < length && same; i++)
            {
                same = known[i] == _field[i];
            }

            if (same)
            {
                return known;
            }
        }

        var value = new string(_field, 0, length);
        _interned[slot] = value;
        return value;
    }

    private bool IsAllWhiteSpace(int length)
    {
        for (var i = 0; i < length; i++)
        {
            if (!char.IsWhiteSpace(_field[i]))
            {
                return false;
            }
        }

        return true;
    }

    private string Snippet(int length)
    {
        var start = Math.Max(0, length - 40);
        return ChatEventNormalizer.Shorten(new string(_field, start, length - start));
    }
}
