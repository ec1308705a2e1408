namespace MetricaChats.Core.Import;

/// <summary>
/// Why an import ended early, as data a front end can branch on (<see cref="ChatImportSummary.StopReason"/>
/// is the same thing as text for a person). A daily quota, a bad token or exhausted retries are all
/// <see cref="ApiError"/>: <see cref="ChatImportSummary.ApiError"/> carries the
/// <see cref="Api.MetricaErrorKind"/> that tells them apart, so there is one classification of API
/// failures, not two.
/// </summary>
public enum ChatImportStopKind
{
    /// <summary>The run was not stopped (it may still have rejected rows).</summary>
    None = 0,

    /// <summary>The caller cancelled or stopped the run (Ctrl+C, a cancelled token, <see cref="ChatImportSession.Stop"/>, the session closed before completing).</summary>
    Cancelled,

    /// <summary>A Metrica API call failed for good (401, 403, daily quota, retries exhausted...); see <see cref="ChatImportSummary.ApiError"/>.</summary>
    ApiError,

    /// <summary>
    /// The run could not go on for a reason of its own (the input differs from the run the state
    /// file recorded, a dry-run file could not be written); <see cref="ChatImportSummary.StopReason"/> says which.
    /// </summary>
    Failed,
}
