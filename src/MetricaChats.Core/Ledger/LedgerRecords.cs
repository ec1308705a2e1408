using System;
using System.Collections.Generic;

namespace MetricaChats.Core.Ledger;

/// <summary>One import run as the ledger recorded it.</summary>
public sealed record LedgerRun
{
    /// <summary>The run's number in this ledger.</summary>
    public long Id { get; init; }

    /// <summary>The counter it imported into.</summary>
    public int CounterId { get; init; }

    /// <summary>The API endpoint it sent to (scheme, host, port, path).</summary>
    public string Endpoint { get; init; } = string.Empty;

    /// <summary>The upload kind (<c>CHATS</c>).</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>The prefix of its batch markers (in the upload comments).</summary>
    public string RunKey { get; init; } = string.Empty;

    /// <summary>What it read (a file name, <c>-</c> for standard input, <c>pipeline</c>).</summary>
    public string? Source { get; init; }

    /// <summary>The front end (<c>cli</c>, <c>powershell</c>, or a caller's name).</summary>
    public string? FrontEnd { get; init; }

    /// <summary>The machine and process that ran it.</summary>
    public string? Host { get; init; }

    /// <summary>The process id.</summary>
    public int ProcessId { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When it last said it was alive.</summary>
    public DateTimeOffset AliveAt { get; init; }

    /// <summary>When it ended, or null (still running, or killed).</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary><c>running</c>, <c>completed</c>, <c>stopped</c>, <c>cancelled</c>, or <c>interrupted</c> (it never ended: killed or crashed).</summary>
    public string Status { get; init; } = string.Empty;

    /// <summary>Rows read.</summary>
    public long Read { get; init; }

    /// <summary>Rows sent by this run.</summary>
    public long Sent { get; init; }

    /// <summary>Rows skipped because the ledger showed them sent.</summary>
    public long AlreadySent { get; init; }

    /// <summary>Rows rejected by validation.</summary>
    public long Rejected { get; init; }

    /// <summary>Valid rows not sent (the run stopped, or the input was still changing).</summary>
    public long NotSent { get; init; }

    /// <summary>Rows whose batch's fate is unknown.</summary>
    public long Unknown { get; init; }

    /// <summary>Duplicate uploads found by the end-of-run check.</summary>
    public long Duplicates { get; init; }

    /// <summary>Why it stopped early, or null.</summary>
    public string? StopReason { get; init; }

    /// <summary>Its batches (filled when one run is read with its batches).</summary>
    public IReadOnlyList<LedgerBatch> Batches { get; init; } = Array.Empty<LedgerBatch>();
}

/// <summary>One batch as the ledger recorded it.</summary>
public sealed record LedgerBatch
{
    /// <summary>The batch's number in this ledger.</summary>
    public long Id { get; init; }

    /// <summary>The run that made it.</summary>
    public long RunId { get; init; }

    /// <summary>1-based number within its run.</summary>
    public int Number { get; init; }

    /// <summary>Its marker (the last word of the upload comment).</summary>
    public string Marker { get; init; } = string.Empty;

    /// <summary>SHA-256 of the exact file (hex).</summary>
    public string ContentSha256 { get; init; } = string.Empty;

    /// <summary>Data rows in the file.</summary>
    public int Rows { get; init; }

    /// <summary>First source row.</summary>
    public long FirstRow { get; init; }

    /// <summary>Last source row.</summary>
    public long LastRow { get; init; }

    /// <summary>File size in bytes.</summary>
    public long Bytes { get; init; }

    /// <summary>Where it stands.</summary>
    public LedgerBatchState State { get; init; }

    /// <summary>Metrica's upload id, once known.</summary>
    public long? UploadId { get; init; }

    /// <summary>True when it was found by its marker rather than confirmed by its own answer.</summary>
    public bool Reconciled { get; init; }

    /// <summary>More than one upload carries its marker (reported, never hidden).</summary>
    public bool Duplicated { get; init; }

    /// <summary>When the intent was recorded (before the request).</summary>
    public DateTimeOffset IntentAt { get; init; }

    /// <summary>When its last attempt ended (answer or failure), or null.</summary>
    public DateTimeOffset? AttemptEndedAt { get; init; }

    /// <summary>When its state was settled, or null.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>What happened, in words.</summary>
    public string? Note { get; init; }
}

/// <summary>Where rows are sent: an endpoint, a counter and an upload kind. The ledger keeps each scope apart.</summary>
public sealed record LedgerScope(long Id, string Endpoint, int CounterId, string Kind);

/// <summary>A batch about to be sent: what the ledger records before the request.</summary>
internal sealed record BatchIntent(int Number, string Marker, string ContentSha256, int Rows, long FirstRow, long LastRow, long Bytes);

/// <summary>What the ledger knows about a row's identity: the batch that holds it.</summary>
internal sealed record LedgerMatch(long BatchId, long RunId, LedgerBatchState State, long? UploadId, byte[]? FieldHashes, DateTimeOffset IntentAt);
