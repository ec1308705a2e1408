using System.Globalization;

namespace MetricaChats.Cli.Commands;

/// <summary>
/// <c>--comment</c>, as documented: letters (any alphabet), digits and spaces, at most
/// <see cref="MaxLength"/> characters, so the batch marker still fits in Metrica's 255 (a longer
/// comment used to be cut silently).
/// </summary>
internal static class CommentRule
{
    /// <summary>The longest comment: 255 minus the batch marker and its space, with room to spare.</summary>
    public const int MaxLength = 200;

    /// <summary>Throws a usage error naming the first character that is not allowed, or the length.</summary>
    public static void Validate(string? comment)
    {
        if (comment is null)
        {
            return;
        }

        if (comment.Length > MaxLength)
        {
            throw new CliUsageException(string.Format(CultureInfo.InvariantCulture, "--comment has {0} characters; at most {1} are allowed (Metrica keeps 255, and the batch marker is appended). Shorten it.", comment.Length, MaxLength));
        }

        for (var i = 0; i < comment.Length; i++)
        {
            var c = comment[i];
            if (!(char.IsLetterOrDigit(c) || c == ' '))
            {
                var shown = char.IsControl(c) ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : "'" + c + "'";
                throw new CliUsageException(string.Format(CultureInfo.InvariantCulture, "--comment may hold only letters, digits and spaces (Metrica's rule); character {0} at position {1} is not allowed. Example: --comment \"nightly 20261121\".", shown, i + 1));
            }
        }
    }
}
