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
        string? fixedStatus)
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

    /// <summary>
    /// The status at a moment: UPLOADED for the first third of the processing time, EXPORTED for
    /// the second, MATCHED for the last, then PROCESSED, or LINKAGE_FAILURE when no accepted row
    /// carries a Metrica id (calls: when every accepted call is static, so none joins a session).
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
            bool linkable = Calls is { } calls ? calls.DynamicCallsQuantity > 0 : HasMetricaId;
            return linkable ? SandboxUploadStatus.Processed : SandboxUploadStatus.LinkageFailure;
        }

        double fraction = elapsed.Ticks / (double)ProcessingTime.Ticks;
        return fraction < 1.0 / 3 ? SandboxUploadStatus.Uploaded
            : fraction < 2.0 / 3 ? SandboxUploadStatus.Exported
            : SandboxUploadStatus.Matched;
    }
}
