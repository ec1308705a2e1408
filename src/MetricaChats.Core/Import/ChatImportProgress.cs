using System;

namespace MetricaChats.Core.Import;

/// <summary>A snapshot of a running import, for progress bars.</summary>
public sealed class ChatImportProgress
{
    /// <summary>Input rows read so far.</summary>
    public long Read { get; init; }

    /// <summary>Rows that arrived so far.</summary>
    public long Sent { get; init; }

    /// <summary>Rows rejected so far.</summary>
    public long Rejected { get; init; }

    /// <summary>Batches formed so far.</summary>
    public int Batches { get; init; }

    /// <summary>Batches finished (sent, written or failed).</summary>
    public int BatchesDone { get; init; }

    /// <summary>Uploads in progress.</summary>
    public int InFlight { get; init; }

    /// <summary>Total input rows when known (e.g. a file counted beforehand), else null.</summary>
    public long? TotalRows { get; init; }

    /// <summary>Time since the run started.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>What the run is doing now, in a few words (e.g. "Uploading batch 3", "Waiting for upload 123").</summary>
    public string Activity { get; init; } = string.Empty;

    /// <summary>Percent done when <see cref="TotalRows"/> is known, else -1 (PowerShell's "unknown").</summary>
    public int PercentComplete => TotalRows is { } t && t > 0 ? (int)Math.Min(100, (Read * 100) / t) : -1;
}
