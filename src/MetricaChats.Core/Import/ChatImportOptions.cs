using System;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Wire;

namespace MetricaChats.Core.Import;

/// <summary>What an import sends where, and how.</summary>
public sealed class ChatImportOptions
{
    /// <summary>The Metrica counter to upload to (required unless dry run).</summary>
    public int CounterId { get; set; }

    /// <summary>A comment for every upload (letters, digits and spaces); the batch marker is appended. Null for none.</summary>
    public string? Comment { get; set; }

    /// <summary>Batch bounds (rows and bytes per upload); the engine's defaults when not changed.</summary>
    public ChatBatchOptions Batch { get; set; } = new();

    /// <summary>Normaliser settings (clock, time zone of zone-less times, join window); defaults when null.</summary>
    public ChatNormalizerOptions? Normalizer { get; set; }

    /// <summary>Batches uploaded at the same time (default 2; the client never has more than 3 requests in flight per token anyway).</summary>
    public int MaxParallelUploads { get; set; } = 2;

    /// <summary>Wait until Metrica has processed every upload before completing.</summary>
    public bool Wait { get; set; }

    /// <summary>How often to poll an upload's status when <see cref="Wait"/> is set (default 30 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Dry run: write each batch to <c>batch-000001.csv</c>, ... in this directory instead of sending. Null to send.</summary>
    public string? DryRunDirectory { get; set; }

    /// <summary>
    /// A resume state file: which batches (row ranges, content hashes, upload ids) were sent.
    /// Re-running with the same input and the same file sends only what is missing. Null for none.
    /// </summary>
    public string? StateFile { get; set; }

    /// <summary>Total input rows when known beforehand (for percent progress), else null.</summary>
    public long? TotalRows { get; set; }
}
