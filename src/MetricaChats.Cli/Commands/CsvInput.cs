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

    public CsvInput(TextReader text, Action<ChatIssue> onIssue)
    {
        // join's audit columns (TrackingId, LinkStatus, SiteRow) are kept out of the upload without a warning.
        _reader = new ChatCsvReader(text, new ChatCsvReaderOptions { KeepColumn = IsAuditColumn }, leaveOpen: true);
        _onIssue = onIssue;
    }

    /// <summary>Rows the reader skipped (each reported as one error issue).</summary>
    public long Rejected { get; private set; }

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
                yield return record;
            }
            else if (issue is not null)
            {
                Rejected++;
                _rejectedByCode[issue.Code] = _rejectedByCode.TryGetValue(issue.Code, out var n) ? n + 1 : 1;
                _onIssue(issue);
            }
        }
    }

    public void Dispose() => _reader.Dispose();

    private static bool IsAuditColumn(string name) =>
        Linking.JoinRunner.AuditColumns.Any(c => string.Equals(c, name.Trim(), StringComparison.OrdinalIgnoreCase));
}
