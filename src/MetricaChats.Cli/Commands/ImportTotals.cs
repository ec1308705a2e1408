using MetricaChats.Core.Import;

namespace MetricaChats.Cli.Commands;

/// <summary>
/// The importer's summary plus the rows the CSV reader skipped before they reached it: the
/// counts the CLI shows, for which read = sent + rejected (+ not sent, when a run stops) holds
/// for the whole input.
/// </summary>
internal sealed class ImportTotals
{
    public long Read { get; init; }

    public long Sent { get; init; }

    public long Rejected { get; init; }

    public long NotSent { get; init; }

    public long Resumed { get; init; }

    public long Unattributed { get; init; }

    public long Warnings { get; init; }

    public long RejectedByMetrica { get; init; }

    public IReadOnlyDictionary<string, long> RejectedByCode { get; init; } = new Dictionary<string, long>();

    public int Batches { get; init; }

    public IReadOnlyList<ChatBatchResult> BatchResults { get; init; } = [];

    public TimeSpan Elapsed { get; init; }

    public bool Completed { get; init; }

    public string? StopReason { get; init; }

    public bool DryRun { get; init; }

    public static ImportTotals From(ChatImportSummary s, long readerRejected, IReadOnlyDictionary<string, long> readerRejectedByCode)
    {
        var byCode = new Dictionary<string, long>(s.RejectedByCode, StringComparer.Ordinal);
        foreach (var kv in readerRejectedByCode)
        {
            byCode[kv.Key] = byCode.TryGetValue(kv.Key, out var n) ? n + kv.Value : kv.Value;
        }

        return new ImportTotals
        {
            Read = s.Read + readerRejected,
            Sent = s.Sent,
            Rejected = s.Rejected + readerRejected,
            NotSent = s.NotSent,
            Resumed = s.Resumed,
            Unattributed = s.Unattributed,
            Warnings = s.Warnings,
            RejectedByMetrica = s.RejectedByMetrica,
            RejectedByCode = byCode,
            Batches = s.Batches,
            BatchResults = s.BatchResults,
            Elapsed = s.Elapsed,
            Completed = s.Completed,
            StopReason = s.StopReason,
            DryRun = s.DryRun,
        };
    }
}
