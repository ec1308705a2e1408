using System;

namespace MetricaChats.Core.Wire;

/// <summary>
/// Bounds of one upload batch. A batch closes at whichever limit it reaches first. The
/// defaults (100,000 rows, 16 MiB) keep a batch's memory (its events, about 25-30 MB at most)
/// and its upload time small, stay 64 times under Metrica's 1 GB file limit, and make a
/// 10-million-row import 100 uploads, far below the daily request quota. See docs/chat-fields.md.
/// </summary>
public sealed class ChatBatchOptions
{
    /// <summary>Default <see cref="MaxRows"/>: 100,000.</summary>
    public const int DefaultMaxRows = 100_000;

    /// <summary>Default <see cref="MaxBytes"/>: 16 MiB.</summary>
    public const long DefaultMaxBytes = 16L * 1024 * 1024;

    /// <summary>Metrica's file size limit (1 GB); <see cref="MaxBytes"/> may not exceed it.</summary>
    public const long MetricaFileLimit = 1_000_000_000L;

    /// <summary>Most data rows in one batch (header excluded). At least 1.</summary>
    public int MaxRows { get; set; } = DefaultMaxRows;

    /// <summary>
    /// Most bytes of one batch's CSV file, header included. At least 1,024 and at most
    /// <see cref="MetricaFileLimit"/>. A single row larger than this still forms a batch of its own.
    /// </summary>
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>Throws when a bound is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound is out of range; the message says the allowed range.</exception>
    public void Validate()
    {
        if (MaxRows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRows), MaxRows, "MaxRows must be at least 1.");
        }

        if (MaxBytes < 1024 || MaxBytes > MetricaFileLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBytes), MaxBytes, "MaxBytes must be between 1024 and 1,000,000,000 (Metrica's 1 GB file limit).");
        }
    }
}
