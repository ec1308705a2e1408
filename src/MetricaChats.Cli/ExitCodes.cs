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
    /// Partial success: the rest was sent, but some rows were rejected (by our checks or by
    /// Metrica's) or the upload ended in LINKAGE_FAILURE.
    /// </summary>
    public const int Partial = 3;

    /// <summary>Cancelled by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
