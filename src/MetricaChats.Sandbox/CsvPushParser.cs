using System.Text;

namespace MetricaChats.Sandbox;

/// <summary>A CSV syntax problem that makes the whole file unreadable.</summary>
internal class CsvSyntaxException : Exception
{
    public CsvSyntaxException(int line, string message)
        : base(message)
    {
        Line = line;
    }

    public int Line { get; }
}

/// <summary>What in a record broke a bound or a rule of content, rather than CSV syntax.</summary>
internal enum CsvContentProblem
{
    /// <summary>A field is longer than <see cref="CsvLimits.MaxFieldLength"/>.</summary>
    FieldTooLong,

    /// <summary>A record has more fields than <see cref="CsvLimits.MaxFieldsPerRecord"/>.</summary>
    TooManyFields,

    /// <summary>A record is longer than <see cref="CsvLimits.MaxRecordLength"/>.</summary>
    RecordTooLong,

    /// <summary>A field holds a NUL character (U+0000).</summary>
    NulCharacter,
}

/// <summary>
/// A record that breaks a bound or holds a NUL: the file is refused there, before the parser
/// buffers any more of it.
/// </summary>
internal sealed class CsvContentException : CsvSyntaxException
{
    public CsvContentException(CsvContentProblem problem, int line, int field, long limit)
        : base(line, problem.ToString())
    {
        Problem = problem;
        Field = field;
        Limit = limit;
    }

    public CsvContentProblem Problem { get; }

    /// <summary>The 1-based field (column) number where it happened.</summary>
    public int Field { get; }

    /// <summary>The bound that was broken (0 for a NUL).</summary>
    public long Limit { get; }
}

/// <summary>The parser's bounds, in characters; each must be at least 1.</summary>
internal readonly record struct CsvLimits(int MaxFieldLength, int MaxFieldsPerRecord, int MaxRecordLength);

/// <summary>
/// A small push-style RFC 4180 parser, fed chunk by chunk so an upload streams without being
/// buffered: comma separated, fields optionally in double quotes with "" for a quote, quoted
/// fields may hold line breaks, records end at LF, CRLF or CR, blank lines are skipped.
/// Each complete record is handed to the callback with the line it started on.
/// Nothing grows without a bound: a field, a record's field count and a record's length are
/// capped by <see cref="CsvLimits"/>, and a NUL character is refused as it arrives.
/// </summary>
internal sealed class CsvPushParser
{
    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteSeen,
    }

    private readonly Action<List<string>, int> _onRecord;
    private readonly CsvLimits _limits;
    private readonly List<string> _fields = new();
    private readonly StringBuilder _field = new();
    private State _state = State.FieldStart;
    private bool _recordStarted;
    private bool _pendingCr;
    private int _line = 1;
    private int _recordLine = 1;
    private int _quoteLine;
    private int _recordLength;

    public CsvPushParser(Action<List<string>, int> onRecord, CsvLimits limits)
    {
        _onRecord = onRecord;
        _limits = limits;
    }

    public void Feed(ReadOnlySpan<char> chunk)
    {
        foreach (char c in chunk)
        {
            if (c == '\0')
            {
                throw Content(CsvContentProblem.NulCharacter, 0);
            }

            if (_pendingCr)
            {
                _pendingCr = false;
                if (c == '\n')
                {
                    if (_state == State.Quoted)
                    {
                        Append(c);
                    }

                    continue;
                }
            }

            if ((_recordStarted || (c != '\r' && c != '\n')) && ++_recordLength > _limits.MaxRecordLength)
            {
                throw Content(CsvContentProblem.RecordTooLong, _limits.MaxRecordLength);
            }

            switch (_state)
            {
                case State.FieldStart:
                    if (!_recordStarted && (c == '\r' || c == '\n'))
                    {
                        LineBreak(c);
                        break;
                    }

                    if (!_recordStarted)
                    {
                        _recordStarted = true;
                        _recordLine = _line;
                    }

                    if (c == '"')
                    {
                        _state = State.Quoted;
                        _quoteLine = _line;
                    }
                    else if (c == ',')
                    {
                        EndField();
                    }
                    else if (c == '\r' || c == '\n')
                    {
                        EndField();
                        EndRecord();
                        LineBreak(c);
                    }
                    else
                    {
                        Append(c);
                        _state = State.Unquoted;
                    }

                    break;

                case State.Unquoted:
                    if (c == ',')
                    {
                        EndField();
                    }
                    else if (c == '\r' || c == '\n')
                    {
                        EndField();
                        EndRecord();
                        LineBreak(c);
                    }
                    else if (c == '"')
                    {
                        throw new CsvSyntaxException(_line, $"a double quote inside an unquoted field on line {_line}; quote the whole field and double the inner quote");
                    }
                    else
                    {
                        Append(c);
                    }

                    break;

                case State.Quoted:
                    if (c == '"')
                    {
                        _state = State.QuoteSeen;
                    }
                    else
                    {
                        if (c == '\r' || c == '\n')
                        {
                            LineBreak(c);
                        }

                        Append(c);
                    }

                    break;

                case State.QuoteSeen:
                    if (c == '"')
                    {
                        Append('"');
                        _state = State.Quoted;
                    }
                    else if (c == ',')
                    {
                        EndField();
                    }
                    else if (c == '\r' || c == '\n')
                    {
                        EndField();
                        EndRecord();
                        LineBreak(c);
                    }
                    else
                    {
                        throw new CsvSyntaxException(_line, $"unexpected character '{c}' after a closing quote on line {_line}");
                    }

                    break;
            }
        }
    }

    public void Complete()
    {
        if (_state == State.Quoted)
        {
            throw new CsvSyntaxException(_quoteLine, $"a quoted field opened on line {_quoteLine} is never closed");
        }

        if (_recordStarted)
        {
            EndField();
            EndRecord();
        }
    }

    private void Append(char c)
    {
        if (_field.Length >= _limits.MaxFieldLength)
        {
            throw Content(CsvContentProblem.FieldTooLong, _limits.MaxFieldLength);
        }

        _field.Append(c);
    }

    private CsvContentException Content(CsvContentProblem problem, long limit) =>
        new(problem, _line, _fields.Count + 1, limit);

    private void LineBreak(char c)
    {
        _line++;
        _pendingCr = c == '\r';
    }

    private void EndField()
    {
        if (_fields.Count >= _limits.MaxFieldsPerRecord)
        {
            throw Content(CsvContentProblem.TooManyFields, _limits.MaxFieldsPerRecord);
        }

        _fields.Add(_field.ToString());
        _field.Clear();
        _state = State.FieldStart;
    }

    private void EndRecord()
    {
        _onRecord(_fields, _recordLine);
        _fields.Clear();
        _recordStarted = false;
        _recordLength = 0;
        _state = State.FieldStart;
    }
}
