using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MetricaChats.Core.Api.Internal;

/// <summary>
/// Batch markers: letters and digits only (Metrica's comment rule), unique per batch, carried as
/// the last word of the upload comment so an upload that may have arrived can be found again.
/// </summary>
internal static class UploadMarker
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    public const int MaxCommentLength = 255;

    /// <summary>A new run id: "mc" and 12 random letters and digits (about 62 bits).</summary>
    public static string NewRunId()
    {
        var bytes = new byte[12];
        using (var rng = RandomNumberGenerator.Create())
        {
            rng.GetBytes(bytes);
        }

        var sb = new StringBuilder("mc", 14);
        foreach (var b in bytes)
        {
            sb.Append(Alphabet[b % Alphabet.Length]);
        }

        return sb.ToString();
    }

    /// <summary>The marker of batch <paramref name="batchNumber"/> of run <paramref name="runId"/>, e.g. <c>mc3k9x2q8w1zab7b17</c>.</summary>
    public static string ForBatch(string runId, int batchNumber) => runId + "b" + batchNumber.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The marker of a batch with its content: run id, batch number and the first 12 hex digits
    /// of the file's SHA-256, e.g. <c>mc3k9x2q8w1zab7b17h3fa9c04e5b21</c>. An upload found by this
    /// marker therefore holds these very bytes: a batch edited after a crash has another marker.
    /// </summary>
    public static string ForBatch(string runId, int batchNumber, string contentSha256) =>
        ForBatch(runId, batchNumber) + "h" + contentSha256.Substring(0, 12).ToLowerInvariant();

    /// <summary>A marker for a single upload outside an import.</summary>
    public static string NewSingle() => NewRunId() + "u";

    public static bool IsValid(string marker)
    {
        if (string.IsNullOrEmpty(marker) || marker.Length > 64)
        {
            return false;
        }

        foreach (var c in marker)
        {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The comment to send: the user's comment (shortened if needed), a space, the marker.</summary>
    public static string Compose(string? comment, string marker)
    {
        var user = (comment ?? string.Empty).Trim();
        var room = MaxCommentLength - marker.Length - 1;
        if (user.Length > room)
        {
            user = user.Substring(0, room).TrimEnd();
        }

        return user.Length == 0 ? marker : user + " " + marker;
    }

    /// <summary>True when <paramref name="comment"/> carries <paramref name="marker"/> as a whole word.</summary>
    public static bool IsIn(string? comment, string marker)
    {
        if (string.IsNullOrEmpty(comment))
        {
            return false;
        }

        var start = 0;
        while (start <= comment!.Length)
        {
            var i = comment.IndexOf(marker, start, StringComparison.OrdinalIgnoreCase);
            if (i < 0)
            {
                return false;
            }

            var before = i == 0 || !char.IsLetterOrDigit(comment[i - 1]);
            var end = i + marker.Length;
            var after = end == comment.Length || !char.IsLetterOrDigit(comment[end]);
            if (before && after)
            {
                return true;
            }

            start = i + 1;
        }

        return false;
    }
}
