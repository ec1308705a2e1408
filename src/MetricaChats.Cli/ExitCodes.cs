namespace MetricaChats.Cli;

/// <summary>
/// The process exit codes of metrica-chats, documented in docs/cli.md. Scripts rely on them:
/// never renumber.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Everything read was sent (and, with --wait, processed); or the command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The command failed: API error, network failure, bad token, quota, nothing could be sent.</summary>
    public const int Failure = 1;

    /// <summary>Usage or setup error: bad arguments, missing input file, no token found. Nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>
    /// Partial success: the rest was sent, but more rows were rejected (by our checks or by
    /// Metrica's) than <c>--max-rejected</c> allows (default: none), or the upload ended in LINKAGE_FAILURE.
    /// </summary>
    public const int Partial = 3;

    /// <summary>
    /// Sent, still processing: every row that could go was sent, but <c>--wait-timeout</c> ran out
    /// before Metrica finished processing. Not a failure and not a cancellation: follow the
    /// uploads later with <c>metrica-chats status --id</c>.
    /// </summary>
    public const int StillProcessing = 4;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    /// <summary>Stopped by SIGTERM (128 + 15), e.g. by systemd or Kubernetes; it stops as cleanly as Ctrl+C.</summary>
    public const int Terminated = 143;

    /// <summary>The word in "Result: ..." and in --json's "result" for a code.</summary>
    public static string Verdict(int code) => code switch
    {
        Success => "success",
        Partial => "partial",
        StillProcessing => "processing",
        Cancelled or Terminated => "cancelled",
        Usage => "usage",
        _ => "failure",
    };
}
