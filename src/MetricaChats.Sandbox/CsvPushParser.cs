using System.Text;

namespace MetricaChats.Sandbox;

/// <summary>A CSV syntax problem that makes the whole file unreadable.</summary>
internal sealed class CsvSyntaxException : Exception
{
    public CsvSyntaxException(int line, string message)
        : base(message)
    {
        Line = line;
    }

    public int Line { get; }
}

/// <summary>
/// A small push-style RFC 4180 parser, fed chunk by chunk so an upload streams without being
/// buffered: comma separated, fields optionally in double quotes with "" for a quote, quoted
/// fields may hold line breaks, records end at LF, CRLF or CR, blank lines are skipped.
/// Each complete record is handed to the callback with the line it started on.
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
    private readonly List<string> _fields = new();
    private readonly StringBuilder _field = new();
    private State _state = State.FieldStart;
    private bool _recordStarted;
    private bool _pendingCr;
    private int _line = 1;
    private int _recordLine = 1;
    private int _quoteLine;

    public CsvPushParser(Action<List<string>, int> onRecord)
    {
        _onRecord = onRecord;
    }

    public void Feed(ReadOnlySpan<char> chunk)
    {
        foreach (char c in chunk)
        {
            if (_pendingCr)
            {
                _pendingCr = false;
                if (c == '\n')
                {
                    if (_state == State.Quoted)
                    {
                        _field.Append(c);
                    }

                    continue;
                }
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
                        _field.Append(c);
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
                        _field.Append(c);
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

                        _field.Append(c);
                    }

                    break;

                case State.QuoteSeen:
                    if (c == '"')
                    {
                        _field.Append('"');
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

    private void LineBreak(char c)
    {
        _line++;
        _pendingCr = c == '\r';
    }

    private void EndField()
    {
        _fields.Add(_field.ToString());
        _field.Clear();
        _state = State.FieldStart;
    }

    private void EndRecord()
    {
        _onRecord(_fields, _recordLine);
        _fields.Clear();
        _recordStarted = false;
        _state = State.FieldStart;
    }
}
