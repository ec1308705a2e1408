namespace MetricaChats.Cli;

/// <summary>
/// Reads one line of another reader and then reports its end, leaving the rest (the CSV, for
/// <c>import - --token-stdin</c>) unread. Characters pass straight through, so the token is never
/// held in an intermediate string.
/// </summary>
internal sealed class FirstLineReader : TextReader
{
    private readonly TextReader _inner;
    private bool _done;

    public FirstLineReader(TextReader inner)
    {
        _inner = inner;
    }

    public override int Peek() => _done ? -1 : IsEnd(_inner.Peek()) ? -1 : _inner.Peek();

    public override int Read()
    {
        if (_done)
        {
            return -1;
        }

        var c = _inner.Read();
        if (c == '\r')
        {
            if (_inner.Peek() == '\n')
            {
                _inner.Read();
            }

            _done = true;
            return -1;
        }

        if (c is '\n' or -1)
        {
            _done = true;
            return -1;
        }

        return c;
    }

    public override int Read(char[] buffer, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var n = 0;
        while (n < count)
        {
            var c = Read();
            if (c < 0)
            {
                break;
            }

            buffer[index + n] = (char)c;
            n++;
        }

        return n;
    }

    private static bool IsEnd(int c) => c is '\r' or '\n' or -1;
}
