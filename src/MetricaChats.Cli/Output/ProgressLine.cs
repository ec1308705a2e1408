namespace MetricaChats.Cli.Output;

/// <summary>
/// Progress on standard error: one line redrawn in place (carriage return) on a terminal; plain
/// lines when standard error is redirected (a log file, a CI job), written only when the text
/// changes so logs stay short. Thread-safe: progress may come from upload tasks.
/// </summary>
internal sealed class ProgressLine
{
    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private readonly bool _quiet;
    private readonly object _gate = new();
    private int _lastLength;
    private string? _lastText;
    private bool _open;

    /// <param name="writer">Standard error.</param>
    /// <param name="interactive">True on a terminal: redraw one line in place.</param>
    /// <param name="quiet">-q: no progress at all (whole lines still go out).</param>
    public ProgressLine(TextWriter writer, bool interactive, bool quiet = false)
    {
        _writer = writer;
        _interactive = interactive;
        _quiet = quiet;
    }

    /// <summary>Shows <paramref name="text"/> as the current progress.</summary>
    public void Report(string text)
    {
        lock (_gate)
        {
            if (_quiet || string.Equals(text, _lastText, StringComparison.Ordinal))
            {
                return;
            }

            _lastText = text;
            if (_interactive)
            {
                var pad = _lastLength > text.Length ? new string(' ', _lastLength - text.Length) : string.Empty;
                _writer.Write("\r" + text + pad);
                _writer.Flush();
                _lastLength = text.Length;
                _open = true;
            }
            else
            {
                _writer.WriteLine(text);
            }
        }
    }

    /// <summary>Writes a whole line (a rejected row, a warning) without breaking the progress line.</summary>
    public void WriteLine(string line)
    {
        lock (_gate)
        {
            Clear();
            _writer.WriteLine(line);
            if (_interactive && _lastText is not null)
            {
                _writer.Write(_lastText);
                _lastLength = _lastText.Length;
                _open = true;
            }

            _writer.Flush();
        }
    }

    /// <summary>Ends the progress line so the next output starts on a fresh line.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_open)
            {
                _writer.WriteLine();
                _writer.Flush();
                _open = false;
                _lastLength = 0;
            }
        }
    }

    private void Clear()
    {
        if (_interactive && _open)
        {
            _writer.Write("\r" + new string(' ', _lastLength) + "\r");
            _open = false;
            _lastLength = 0;
        }
    }
}
