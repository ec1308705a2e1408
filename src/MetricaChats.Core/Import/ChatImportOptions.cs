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
    /// The ledger file (an SQLite database): every run, every batch's intent and outcome and the
    /// identity of every row sent, so a killed run, two runs at once and overlapping exports send
    /// each chat once. Null for none (the front ends default to <see cref="Ledger.ImportLedger.DefaultPath"/>).
    /// Ignored when <see cref="Ledger"/> is set.
    /// </summary>
    public string? LedgerPath { get; set; }

    /// <summary>
    /// The endpoint the rows go to, for the ledger's scope when no client is given (a dry run):
    /// the rows the ledger holds for that endpoint and counter are left out of the files, as the
    /// real run would leave them out. Null: the client's endpoint, or Metrica's.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>An open ledger to use (owned by the caller), instead of <see cref="LedgerPath"/>.</summary>
    public Ledger.ImportLedger? Ledger { get; set; }

    /// <summary>
    /// Send rows again even when the ledger shows them sent (on purpose: Metrica keeps both
    /// copies; it cannot delete or update an upload). Default false.
    /// </summary>
    public bool Resend { get; set; }

    /// <summary>How long to wait while another run holds the same counter in the same ledger (default 10 minutes; zero refuses at once).</summary>
    public TimeSpan LockWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>What is read, for the ledger's history (a file name, <c>-</c>, <c>pipeline</c>); null when not said.</summary>
    public string? SourceName { get; set; }

    /// <summary>The front end, for the ledger's history (<c>cli</c>, <c>powershell</c>); null when not said.</summary>
    public string? FrontEnd { get; set; }

    /// <summary>Clock for the ledger's times and the grace periods; null for the system clock.</summary>
    public TimeProvider? Clock { get; set; }

    /// <summary>
    /// No longer used: the JSON state file is replaced by the ledger. Setting it makes the session
    /// refuse to start, with a message that says so.
    /// </summary>
    public string? StateFile { get; set; }

    /// <summary>Total input rows when known beforehand (for percent progress), else null.</summary>
    public long? TotalRows { get; set; }
}
