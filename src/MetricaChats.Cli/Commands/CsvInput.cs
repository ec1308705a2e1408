using MetricaChats.Core.Chats;

namespace MetricaChats.Cli.Commands;

/// <summary>
/// Reads the export through the engine's <see cref="ChatCsvReader"/>. Rows the reader cannot
/// parse never reach the importer, so they are reported and counted here; the summary adds them
/// to the importer's counts (ChatImportSummary.WithUnreadableRows) so read = sent + rejected holds for the whole file.
/// </summary>
internal sealed class CsvInput : IDisposable
{
    private readonly ChatCsvReader _reader;
    private readonly Action<ChatIssue> _onIssue;
    private readonly Dictionary<string, long> _rejectedByCode = new(StringComparer.Ordinal);

    /// <summary>Takes over <paramref name="reader"/> (disposed with this).</summary>
    public CsvInput(ChatCsvReader reader, Action<ChatIssue> onIssue)
    {
        _reader = reader;
        _onIssue = onIssue;
    }

    /// <summary>Rows the reader skipped (each reported as one error issue).</summary>
    public long Rejected { get; private set; }

    /// <summary>The source row number of the last row read (a record or an unreadable row), 0 before any.</summary>
    public long LastRow { get; private set; }

    /// <summary><see cref="Rejected"/> by issue code.</summary>
    public IReadOnlyDictionary<string, long> RejectedByCode => _rejectedByCode;

    /// <summary>Reads and checks the header now, so a bad file fails before anything is sent.</summary>
    /// <exception cref="ChatCsvFormatException">The file is empty or its header is unusable.</exception>
    public ChatCsvHeader ReadHeader()
    {
        var header = _reader.ReadHeader();
        if (header.Warning is { } warning)
        {
            _onIssue(warning);
        }

        return header;
    }

    /// <summary>The records, lazily; skipped rows go to the issue callback as they are met.</summary>
    public IEnumerable<ChatRecord> Records()
    {
        while (_reader.TryReadNext(out var record, out var issue))
        {
            if (record is not null)
            {
                LastRow = record.RowNumber;
                yield return record;
            }
            else if (issue is not null)
            {
                LastRow = Math.Max(LastRow, issue.RowNumber);
                Rejected++;
                _rejectedByCode[issue.Code] = _rejectedByCode.TryGetValue(issue.Code, out var n) ? n + 1 : 1;
                _onIssue(issue);
            }
        }
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>join's audit columns (TrackingId, LinkStatus, SiteRow): kept out of the upload without a warning.</summary>
    internal static bool IsAuditColumn(string name) =>
        Linking.JoinRunner.AuditColumns.Any(c => string.Equals(c, name.Trim(), StringComparison.OrdinalIgnoreCase));
}
