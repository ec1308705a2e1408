using MetricaChats.Core.Api;

namespace MetricaChats.Core.Import;

/// <summary>What happened to one batch of an import.</summary>
public sealed record ChatBatchResult
{
    /// <summary>1-based batch number within the run.</summary>
    public int BatchNumber { get; init; }

    /// <summary>The batch's marker (letters and digits) carried in the upload comment.</summary>
    public string Marker { get; init; } = string.Empty;

    /// <summary>Source row number of the batch's first event.</summary>
    public long FirstRow { get; init; }

    /// <summary>Source row number of the batch's last event.</summary>
    public long LastRow { get; init; }

    /// <summary>Events (CSV data rows) in the batch.</summary>
    public int Rows { get; init; }

    /// <summary>Bytes of the batch's CSV file.</summary>
    public long Bytes { get; init; }

    /// <summary>The upload (after waiting, its final state), or null in a dry run or when not sent.</summary>
    public MetricaUpload? Upload { get; init; }

    /// <summary>The file written in a dry run, or null.</summary>
    public string? DryRunFile { get; init; }

    /// <summary>True when the upload was found by its marker after an ambiguous failure (it was not sent again).</summary>
    public bool Reconciled { get; init; }

    /// <summary>
    /// True when the batch's fate is unknown: it may have reached Metrica and could not be looked
    /// up. The ledger holds it; the next run looks for it and sends its rows only if it is absent.
    /// </summary>
    public bool Unknown { get; init; }

    /// <summary>Uploads beyond the first found to carry this batch's marker (each a duplicate).</summary>
    public int DuplicateUploads { get; init; }

    /// <summary>True when the batch arrived (or was written, in a dry run).</summary>
    public bool Succeeded => Upload is not null || DryRunFile is not null;

    /// <summary>Why the batch was not sent, or null.</summary>
    public string? Error { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, "Batch {0} ({1} rows, rows {2}-{3}): {4}", BatchNumber, Rows, FirstRow, LastRow,
            Upload is { } u ? "upload " + u.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + (Reconciled ? " (reconciled)" : string.Empty) : DryRunFile ?? (Unknown ? "fate unknown: " : string.Empty) + (Error ?? "not sent"));
}
