using System;

namespace MetricaChats.Core.Api;

/// <summary>The upload status values Metrica documents.</summary>
public static class MetricaUploadStatus
{
    /// <summary>Received, being prepared.</summary>
    public const string Prepared = "PREPARED";

    /// <summary>Uploaded.</summary>
    public const string Uploaded = "UPLOADED";

    /// <summary>Exported for matching.</summary>
    public const string Exported = "EXPORTED";

    /// <summary>Matched to visitors.</summary>
    public const string Matched = "MATCHED";

    /// <summary>Done: the data will show in reports.</summary>
    public const string Processed = "PROCESSED";

    /// <summary>Done, but nothing could be matched to visitors.</summary>
    public const string LinkageFailure = "LINKAGE_FAILURE";

    /// <summary>True for the final statuses (<see cref="Processed"/>, <see cref="LinkageFailure"/>).</summary>
    public static bool IsFinal(string? status) =>
        string.Equals(status, Processed, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(status, LinkageFailure, StringComparison.OrdinalIgnoreCase);
}
