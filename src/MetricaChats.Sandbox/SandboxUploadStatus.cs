namespace MetricaChats.Sandbox;

/// <summary>The upload status strings Metrica uses.</summary>
public static class SandboxUploadStatus
{
    /// <summary>Accepted, not yet processed (the sandbox starts here).</summary>
    public const string Uploaded = "UPLOADED";

    /// <summary>Handed to processing.</summary>
    public const string Exported = "EXPORTED";

    /// <summary>Matched to visitors.</summary>
    public const string Matched = "MATCHED";

    /// <summary>Final: done.</summary>
    public const string Processed = "PROCESSED";

    /// <summary>Final: nothing could be matched (no accepted row carries a Metrica id).</summary>
    public const string LinkageFailure = "LINKAGE_FAILURE";

    /// <summary>Used only for uploads seeded through <see cref="SandboxState.AddUpload"/>.</summary>
    public const string Prepared = "PREPARED";
}
