namespace MetricaChats.Core.Import;

/// <summary>
/// Stable codes of the import's own notices (about the run and the ledger, not about a row's
/// values); they travel as <see cref="Chats.ChatIssue"/> warnings like the row issues do.
/// </summary>
public static class ImportIssueCodes
{
    /// <summary>The row's chat was sent before (the ledger holds it) and its other values differ; it was not sent again.</summary>
    public const string AlreadySentChanged = nameof(AlreadySentChanged);

    /// <summary>The row repeats an earlier row of the same input (same platform, chat partner and time); it goes once.</summary>
    public const string RepeatedChat = nameof(RepeatedChat);

    /// <summary>The row's chat is in a batch whose fate is unknown; it is held until a later run settles that batch.</summary>
    public const string HeldUntilSettled = nameof(HeldUntilSettled);

    /// <summary>A batch of an earlier run was settled when this run started (found in Metrica, or proven absent).</summary>
    public const string EarlierBatchSettled = nameof(EarlierBatchSettled);

    /// <summary>This run waits: for another run on the same counter, or for an earlier batch's grace period to pass.</summary>
    public const string Waiting = nameof(Waiting);

    /// <summary>A batch's fate is unknown (the upload may have arrived and could not be looked up); the ledger holds it.</summary>
    public const string UploadFateUnknown = nameof(UploadFateUnknown);

    /// <summary>More than one upload carries a batch's marker: Metrica holds its rows more than once.</summary>
    public const string DuplicateUpload = nameof(DuplicateUpload);

    /// <summary>The ledger could not record an outcome; the next run settles the batch by its marker.</summary>
    public const string LedgerWriteFailed = nameof(LedgerWriteFailed);

    /// <summary>The input was still being written (it changed while it was read, or its last row has no line ending); the rows at its end were not sent.</summary>
    public const string InputStillChanging = nameof(InputStillChanging);

    /// <summary>Processing could not be followed for an upload (it was sent).</summary>
    public const string WaitFailed = nameof(WaitFailed);
}
