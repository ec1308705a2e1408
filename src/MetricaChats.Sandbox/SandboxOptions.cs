namespace MetricaChats.Sandbox;

/// <summary>
/// How a <see cref="SandboxServer"/> starts: where it listens, which tokens it accepts, how long
/// uploads take to process, its quotas and its faults.
/// </summary>
public sealed class SandboxOptions
{
    /// <summary>The TCP port; 0 (the default) picks a free ephemeral port.</summary>
    public int Port { get; set; }

    /// <summary>The loopback address to bind. Anything that is not loopback is refused.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>
    /// The accepted OAuth tokens, each with the counters it may use. A token with no counters
    /// sees none (403 on every counter). The set of known counters is the union of all lists.
    /// </summary>
    public IDictionary<string, int[]> Tokens { get; set; } = new Dictionary<string, int[]>(StringComparer.Ordinal);

    /// <summary>
    /// How long an upload takes from UPLOADED to its final status (PROCESSED or LINKAGE_FAILURE).
    /// Zero makes uploads final at once. Default: 5 seconds.
    /// </summary>
    public TimeSpan ProcessingTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Fault injection; mutable while the server runs.</summary>
    public SandboxFaults Faults { get; set; } = new();

    /// <summary>Quotas; mutable while the server runs.</summary>
    public SandboxQuotas Quotas { get; set; } = new();

    /// <summary>Seed for the fault generator when <see cref="SandboxFaults.Seed"/> is not set.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>
    /// The clock for status progression, quotas, the daily reset and "DateTime must be in the
    /// past"; null means the system clock. Slow-response delays always use real time.
    /// </summary>
    public TimeProvider? Clock { get; set; }

    /// <summary>The file size limit of an upload in bytes. Default: 1 GiB, as Metrica's 1 GB.</summary>
    public long MaxFileBytes { get; set; } = 1L << 30;

    /// <summary>
    /// The longest value (one CSV field, header names included) in characters; a longer one
    /// refuses the file with 400 <c>invalid_uploading</c> naming the line and column, before more
    /// of it is buffered. Default: 65,536. Metrica publishes no such bound; the sandbox keeps one
    /// so that a runaway field cannot exhaust its memory.
    /// </summary>
    public int MaxFieldLength { get; set; } = 65_536;

    /// <summary>The most fields in one record (400 beyond it). Default: 100 (a chat file has at most 15 columns).</summary>
    public int MaxFieldsPerRecord { get; set; } = 100;

    /// <summary>The longest record (one CSV line, or several for quoted line breaks) in characters (400 beyond it). Default: 1,048,576.</summary>
    public int MaxRecordLength { get; set; } = 1_048_576;

    /// <summary>
    /// At most this many row errors, and as many notes, are kept per upload; beyond it rows are
    /// still checked and counted out of <c>line_quantity</c>, and
    /// <see cref="SandboxUpload.RowErrorsTruncated"/> is set. Default: 10,000.
    /// </summary>
    public int MaxStoredRowErrors { get; set; } = 10_000;

    /// <summary>
    /// At most this many data rows are kept for inspection, across all uploads since the start or
    /// the last reset; beyond it rows are still checked and counted but not kept, and
    /// <see cref="SandboxUpload.RowsTruncated"/> is set. Default: 1,000,000. Set 0 for big runs.
    /// </summary>
    public long MaxStoredRows { get; set; } = 1_000_000;

    /// <summary>
    /// At most this many rows of one upload are kept (checked together with
    /// <see cref="MaxStoredRows"/>). Default: 1,000,000. Set 0 to count rows but keep none.
    /// </summary>
    public int MaxStoredRowsPerUpload { get; set; } = 1_000_000;

    /// <summary>At most this many requests are kept in the request log (oldest dropped). Default: 100,000.</summary>
    public int MaxLoggedRequests { get; set; } = 100_000;

    /// <summary>
    /// Visitors the counters know from the start (and again after a reset): an accepted chat row
    /// carrying one of these ids is linked to a visit (<c>linked_quantity</c>). A counter with none
    /// links every row that carries a Metrica id. See <see cref="SandboxState.AddVisitor"/>.
    /// </summary>
    public IList<SandboxVisitorId> Visitors { get; set; } = new List<SandboxVisitorId>();

    /// <summary>
    /// The <c>type</c> of the automatic Chat goal the first processed chat upload creates. Metrica
    /// does not publish that string, so a client must not depend on it; this is the sandbox's
    /// stand-in (default <c>chat</c>), changeable so a test can prove that.
    /// </summary>
    public string ChatGoalType { get; set; } = "chat";

    /// <summary>
    /// Which spelling of the upload-by-id path is served (the reference has both: <c>uploading/{id}</c>
    /// and, on the chat pages, <c>uploadings/{id}</c>); the other answers 404. Default
    /// <see cref="SandboxUploadByIdPath.Singular"/>. Changeable while running (<see cref="SandboxServer.UploadByIdPath"/>).
    /// </summary>
    public SandboxUploadByIdPath UploadByIdPath { get; set; } = SandboxUploadByIdPath.Singular;

    /// <summary>Convenience: makes a visitor known to a counter from the start.</summary>
    /// <param name="counterId">The counter.</param>
    /// <param name="column"><c>ClientId</c>, <c>UserId</c>, <c>Yclid</c> or <c>PurchaseId</c>.</param>
    /// <param name="value">The id.</param>
    /// <returns>This instance.</returns>
    public SandboxOptions AddVisitor(int counterId, string column, string value)
    {
        Visitors.Add(new SandboxVisitorId(counterId, column, value));
        return this;
    }

    /// <summary>Convenience: adds a token that may use the given counters.</summary>
    /// <param name="token">The token text.</param>
    /// <param name="counters">The counters it may use.</param>
    /// <returns>This instance.</returns>
    public SandboxOptions AddToken(string token, params int[] counters)
    {
        Tokens[token] = counters;
        return this;
    }
}
