using System.Globalization;

namespace MetricaChats.Cli.Commands;

/// <summary>
/// <c>--max-rejected N|P%</c>: how many rejected rows a run may have and still exit 0. The default
/// (0) keeps the documented behaviour: any rejected row makes the run partial (exit 3). Rows
/// Metrica rejects on its side count too. The rejected rows are reported either way.
/// </summary>
internal sealed record RejectPolicy
{
    /// <summary>The default: no rejected row is allowed.</summary>
    public static readonly RejectPolicy None = new() { Text = "0", Rows = 0 };

    /// <summary>The option as given (for --json).</summary>
    public required string Text { get; init; }

    /// <summary>The most rejected rows allowed, or null when given as a percentage.</summary>
    public long? Rows { get; init; }

    /// <summary>The most rejected rows allowed in percent of the rows read, or null when given as a number.</summary>
    public double? Percent { get; init; }

    /// <summary>Parses <c>N</c> (rows) or <c>P%</c> (percent of the rows read); null text gives <see cref="None"/>.</summary>
    public static RejectPolicy Parse(string? text)
    {
        if (text is null)
        {
            return None;
        }

        var t = text.Trim();
        if (t.EndsWith('%'))
        {
            if (double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p >= 0 && p <= 100)
            {
                return new RejectPolicy { Text = t, Percent = p };
            }
        }
        else if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return new RejectPolicy { Text = t, Rows = n };
        }

        throw new CliUsageException($"--max-rejected '{text}' is neither a number of rows (e.g. 10) nor a percentage of the rows read (e.g. 2%, 0 to 100).");
    }

    /// <summary>True when <paramref name="rejected"/> of <paramref name="read"/> rows is more than allowed.</summary>
    public bool IsExceeded(long rejected, long read)
    {
        if (rejected <= 0)
        {
            return false;
        }

        if (Rows is { } rows)
        {
            return rejected > rows;
        }

        return read <= 0 || rejected * 100.0 > Percent!.Value * read;
    }
}
