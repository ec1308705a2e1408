using System.Globalization;
using MetricaChats.Cli.Output;
using MetricaChats.Core.Chats;

namespace MetricaChats.Cli.Commands;

/// <summary>
/// What the user sees of row issues on standard error. Rejected rows stay visible: each one as
/// it happens (the first <see cref="MaxPrintedIssues"/>; all with -v; with -q one line at the
/// end). Warnings are grouped by code after the run: a count, the first row numbers and the
/// message once (each one as it happens with -v; none with -q). Issues without a row (a header
/// warning, a wait that failed) are printed at once.
/// </summary>
internal sealed class IssueReporter
{
    /// <summary>Rejected rows printed one by one before only counting (the rejects file gets all).</summary>
    public const int MaxPrintedIssues = 50;

    /// <summary>Issues carried in the --json document before it says "truncated".</summary>
    public const int MaxJsonIssues = 1000;

    /// <summary>Row numbers kept per warning code.</summary>
    public const int FirstRows = 10;

    private readonly OutputSettings _settings;
    private readonly ProgressLine _progress;
    private readonly Dictionary<string, IssueGroup> _warnings = new(StringComparer.Ordinal);
    private readonly List<long> _rejectedRows = [];
    private readonly List<ChatIssue> _jsonIssues = [];
    private long _printedErrors;

    public IssueReporter(OutputSettings settings, ProgressLine progress)
    {
        _settings = settings;
        _progress = progress;
    }

    /// <summary>Rejected rows seen.</summary>
    public long Errors { get; private set; }

    /// <summary>Warnings seen.</summary>
    public long Warnings { get; private set; }

    /// <summary>Warnings by code, in order of first appearance.</summary>
    public IEnumerable<IssueGroup> WarningGroups => _warnings.Values;

    /// <summary>The first <see cref="MaxJsonIssues"/> issues.</summary>
    public IReadOnlyList<ChatIssue> JsonIssues => _jsonIssues;

    /// <summary>True when there were more issues than <see cref="JsonIssues"/> holds.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Where all rejected rows are (the rejects file), for the "only the first N" line; null without one.</summary>
    public string? RejectsPath { get; init; }

    public void Add(ChatIssue issue)
    {
        if (_jsonIssues.Count < MaxJsonIssues)
        {
            _jsonIssues.Add(issue);
        }
        else
        {
            Truncated = true;
        }

        if (issue.Severity == ChatIssueSeverity.Error)
        {
            Errors++;
            if (_rejectedRows.Count < FirstRows)
            {
                _rejectedRows.Add(issue.RowNumber);
            }

            PrintRejected(issue);
            return;
        }

        Warnings++;
        if (!_warnings.TryGetValue(issue.Code, out var group))
        {
            group = new IssueGroup(issue);
            _warnings[issue.Code] = group;
        }

        group.Add(issue.RowNumber);
        if (_settings.Verbose || (issue.RowNumber == 0 && !_settings.Quiet))
        {
            _progress.WriteLine(Paint.Yellow("warning:", _settings.ErrorColour) + " " + issue);
        }
    }

    /// <summary>After the run: the warnings grouped by code, and with -q the rejected rows in one line.</summary>
    public void WriteGroups()
    {
        if (_settings.Quiet)
        {
            if (Errors > 0)
            {
                _progress.WriteLine(Paint.Red("rejected:", _settings.ErrorColour) + " " + Rows(Errors, _rejectedRows) + (RejectsPath is null ? " (run without -q, or add --rejects <file.csv>, to see why)" : " (all in " + RejectsPath + ")"));
            }

            return;
        }

        if (_settings.Verbose)
        {
            return;
        }

        foreach (var g in _warnings.Values.Where(g => g.First.RowNumber != 0))
        {
            var fix = g.First.Fix.Length > 0 ? " Fix: " + g.First.Fix : string.Empty;
            _progress.WriteLine(Paint.Yellow("warning:", _settings.ErrorColour) + " " + g.First.Code + ", " + Rows(g.Count, g.Rows) + ": " + g.First.Message + fix
                + (g.Count > 1 ? " (-v lists each row)" : string.Empty));
        }
    }

    private void PrintRejected(ChatIssue issue)
    {
        if (_settings.Quiet)
        {
            return;
        }

        if (_settings.Verbose || _printedErrors < MaxPrintedIssues)
        {
            _printedErrors++;
            _progress.WriteLine(Paint.Red("rejected:", _settings.ErrorColour) + " " + issue);
        }
        else if (_printedErrors == MaxPrintedIssues)
        {
            _printedErrors++;
            _progress.WriteLine(Paint.Red("rejected:", _settings.ErrorColour) + $" more rows were rejected; only the first {MaxPrintedIssues} are shown here ("
                + (RejectsPath is null ? "add --rejects <file.csv> to get them all, or -v to list them here" : "all are in " + RejectsPath) + ").");
        }
    }

    private static string Rows(long count, IReadOnlyList<long> first) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + (count == 1 ? " row" : " rows")
        + " (" + (first.Count == 1 ? "row " : "rows ") + string.Join(", ", first) + (count > first.Count ? ", ..." : string.Empty) + ")";
}

/// <summary>The warnings of one code: how many, the first rows, and the first one's text.</summary>
internal sealed class IssueGroup
{
    private readonly List<long> _rows = [];

    public IssueGroup(ChatIssue first)
    {
        First = first;
    }

    public ChatIssue First { get; }

    public long Count { get; private set; }

    public IReadOnlyList<long> Rows => _rows;

    public void Add(long row)
    {
        Count++;
        if (_rows.Count < IssueReporter.FirstRows)
        {
            _rows.Add(row);
        }
    }
}
