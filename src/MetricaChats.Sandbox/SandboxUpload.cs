namespace MetricaChats.Sandbox;

/// <summary>
/// One upload the sandbox stored: what arrived (header, rows as parsed, byte length) and what
/// Metrica would report (quantities, status). The status moves with the sandbox clock.
/// </summary>
public sealed class SandboxUpload
{
    private readonly TimeProvider _clock;
    private readonly string? _fixedStatus;

    internal SandboxUpload(
        long id,
        int counterId,
        string type,
        string? comment,
        DateTimeOffset createTime,
        TimeSpan processingTime,
        TimeProvider clock,
        IReadOnlyList<string> header,
        IReadOnlyList<IReadOnlyDictionary<string, string>> rows,
        bool rowsTruncated,
        int sourceQuantity,
        int lineQuantity,
        IReadOnlyList<SandboxRowError> rowErrors,
        bool rowErrorsTruncated,
        IReadOnlyList<string> notes,
        bool hasMetricaId,
        long rawByteLength,
        string? clientIdType,
        string? fixedStatus,
        SandboxLinkage linkage)
    {
        Id = id;
        CounterId = counterId;
        Type = type;
        Comment = comment;
        CreateTime = createTime;
        StoredAt = createTime;
        ProcessingTime = processingTime;
        _clock = clock;
        Header = header;
        Rows = rows;
        RowsTruncated = rowsTruncated;
        SourceQuantity = sourceQuantity;
        LineQuantity = lineQuantity;
        RowErrors = rowErrors;
        RowErrorsTruncated = rowErrorsTruncated;
        Notes = notes;
        HasMetricaId = hasMetricaId;
        RawByteLength = rawByteLength;
        ClientIdType = clientIdType;
        _fixedStatus = fixedStatus;
        LinkedQuantity = linkage.Linked;
        UserNotFoundQuantity = linkage.UserNotFound;
        GoalNotFoundQuantity = linkage.GoalNotFound;
    }

    /// <summary>The upload id (int64).</summary>
    public long Id { get; }

    /// <summary>The counter it was uploaded to.</summary>
    public int CounterId { get; }

    /// <summary><c>CHATS</c> for chat uploads, <c>CALLS</c> for call uploads (<see cref="SandboxUploadType"/>); seeded uploads may carry other types.</summary>
    public string Type { get; }

    /// <summary>The <c>comment</c> query parameter, or null.</summary>
    public string? Comment { get; }

    /// <summary>When it was accepted (sandbox clock).</summary>
    public DateTimeOffset CreateTime { get; }

    /// <summary>
    /// When it is (or was) stored, so that every read sees it (sandbox clock): its
    /// <see cref="CreateTime"/>, or later for a late store (<see cref="SandboxFaults.LateStoreRate"/>).
    /// </summary>
    public DateTimeOffset StoredAt { get; private set; }

    /// <summary>True when it was stored later than its body was read.</summary>
    public bool StoredLate => StoredAt > CreateTime;

    /// <summary>The processing time in force when it was accepted.</summary>
    public TimeSpan ProcessingTime { get; }

    /// <summary>The header as sent (original spelling and order).</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>
    /// Every data row as parsed (accepted and rejected), keyed by header name as sent; lookups
    /// ignore case. Capped at <see cref="SandboxOptions.MaxStoredRowsPerUpload"/>.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; }

    /// <summary>
    /// The kept rows that passed the row checks (those counted in <c>line_quantity</c>), in file
    /// order: what a proof counts to find duplicate and missing chats.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> AcceptedRows => Rows.Where(r => r is not CsvRow { Rejected: true }).ToArray();

    /// <summary>True when more rows arrived than were kept.</summary>
    public bool RowsTruncated { get; }

    /// <summary>Rows in the file (<c>source_quantity</c>).</summary>
    public int SourceQuantity { get; }

    /// <summary>Rows that passed validation (<c>line_quantity</c>).</summary>
    public int LineQuantity { get; }

    /// <summary>The rejected rows, one entry each (the first <see cref="SandboxOptions.MaxStoredRowErrors"/>).</summary>
    public IReadOnlyList<SandboxRowError> RowErrors { get; }

    /// <summary>True when more rows were rejected (or more notes arose) than were kept.</summary>
    public bool RowErrorsTruncated { get; }

    /// <summary>Things Metrica would do silently (e.g. drop an unsupported currency), one line each.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Whether any accepted row carries ClientId, UserId, Yclid or PurchaseId.</summary>
    public bool HasMetricaId { get; }

    /// <summary>
    /// Accepted rows with a Metrica id the counter knows as a visitor (<c>linked_quantity</c>, reported
    /// once the upload is final): see <see cref="SandboxState.AddVisitor"/>.
    /// </summary>
    public int LinkedQuantity { get; }

    /// <summary>Accepted rows not linked: no Metrica id, or none the counter knows (<c>user_not_found_quantity</c>).</summary>
    public int UserNotFoundQuantity { get; }

    /// <summary>Accepted rows whose goal was not found (<c>goal_not_found_quantity</c>): always 0 for chats, whose goal Metrica makes itself.</summary>
    public int GoalNotFoundQuantity { get; }

    /// <summary>Bytes of the <c>file</c> part.</summary>
    public long RawByteLength { get; }

    /// <summary>The <c>client_id_type</c> query parameter if one was sent (not documented for chats), else null.</summary>
    public string? ClientIdType { get; }

    /// <summary>
    /// Call uploads only (<see cref="Type"/> <c>CALLS</c>): the static and dynamic call counts and
    /// the <c>new_goal_name</c>; null for chat and other uploads.
    /// </summary>
    public SandboxCallDetails? Calls { get; internal set; }

    /// <summary>Set when a fault made the response fail after this upload was stored.</summary>
    public SandboxFaultKind? FaultAfterStore { get; internal set; }

    /// <summary>Whether it is stored at a moment (a late store is not, before its time).</summary>
    /// <param name="now">The moment.</param>
    /// <returns>True once stored.</returns>
    public bool IsStoredAt(DateTimeOffset now) => StoredAt <= now;

    internal void StoreAfter(TimeSpan delay) => StoredAt = CreateTime + delay;

    /// <summary>The status now, by the sandbox clock.</summary>
    public string Status => GetStatus(_clock.GetUtcNow());

    /// <summary>True when the status at <paramref name="now"/> is final (PROCESSED or LINKAGE_FAILURE).</summary>
    /// <param name="now">The moment.</param>
    /// <returns>Whether processing is over.</returns>
    public bool IsFinalAt(DateTimeOffset now) => GetStatus(now) is SandboxUploadStatus.Processed or SandboxUploadStatus.LinkageFailure;

    /// <summary>
    /// The status at a moment: UPLOADED for the first third of the processing time, EXPORTED for
    /// the second, MATCHED for the last, then PROCESSED, or LINKAGE_FAILURE when no accepted row
    /// was linked to a visitor (<see cref="LinkedQuantity"/> is 0; a static call is never linked).
    /// </summary>
    /// <param name="now">The moment.</param>
    /// <returns>The status string.</returns>
    public string GetStatus(DateTimeOffset now)
    {
        if (_fixedStatus is not null)
        {
            return _fixedStatus;
        }

        TimeSpan elapsed = now - CreateTime;
        if (elapsed >= ProcessingTime)
        {
            return LinkedQuantity > 0 ? SandboxUploadStatus.Processed : SandboxUploadStatus.LinkageFailure;
        }

        double fraction = elapsed.Ticks / (double)ProcessingTime.Ticks;
        return fraction < 1.0 / 3 ? SandboxUploadStatus.Uploaded
            : fraction < 2.0 / 3 ? SandboxUploadStatus.Exported
            : SandboxUploadStatus.Matched;
    }
}

/// <summary>An upload's statistics: rows linked to a visitor, rows whose visitor was not found, rows whose goal was not found.</summary>
internal readonly record struct SandboxLinkage(int Linked, int UserNotFound, int GoalNotFound);
