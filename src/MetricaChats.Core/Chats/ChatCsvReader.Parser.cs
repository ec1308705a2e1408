using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using MetricaChats.Core.Chats.Input;
using MetricaChats.Core.Chats.Values;

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
    private DetectingTextReader? _decoding;
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
                $"{where} contains bytes that are not valid {(_decoding is null ? "UTF-8" : ChatTextEncodings.DisplayName(_decoding.Encoding))} (shown as '\uFFFD'), near '{detail}'.",
                $"Name the file's encoding with {_options.OptionNames.Encoding(SuggestedEncoding)}, or save it as CSV in UTF-8 (\"CSV UTF-8\" in Excel); a file that mixes encodings needs its rows fixed."),
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
        return ChatText.Shorten(new string(_field, start, length - start));
    }
}
