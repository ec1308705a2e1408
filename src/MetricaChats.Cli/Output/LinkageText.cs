using System.Globalization;
using MetricaChats.Core.Api;

namespace MetricaChats.Cli.Output;

/// <summary>The upload statistics in words, the same in <c>import</c> and <c>status</c>.</summary>
internal static class LinkageText
{
    /// <summary>"3 of 4 linked to visits", or null when Metrica has not reported it.</summary>
    public static string? Short(MetricaUpload u) =>
        u.LinkedQuantity is { } linked
            ? string.Format(CultureInfo.InvariantCulture, "{0} of {1} linked to visits", linked, u.LineQuantity)
            : null;

    /// <summary>
    /// The detail after "linked": how many accepted chats joined a visit and why the others did
    /// not, or what is known when Metrica has not reported it (yet).
    /// </summary>
    public static string Detail(MetricaUpload u)
    {
        if (u.LinkedQuantity is not { } linked)
        {
            return u.IsFinal
                ? "- (Metrica did not report it for this upload)"
                : "- (known once Metrica has processed the upload)";
        }

        return string.Format(CultureInfo.InvariantCulture, "{0} of {1} accepted chat(s) joined a visit{2}", linked, u.LineQuantity, Reasons(u.UserNotFoundQuantity ?? 0, u.GoalNotFoundQuantity ?? 0));
    }

    /// <summary>The summary line over several uploads, or null when none reports the statistics.</summary>
    public static string? Total(IEnumerable<MetricaUpload?> uploads)
    {
        if (UploadLinkage.Of(uploads) is not { } l)
        {
            return null;
        }

        var text = string.Format(CultureInfo.InvariantCulture, "Linked to visits: {0} of {1} accepted chat(s){2}", l.Linked, l.Accepted, Reasons(l.UserNotFound, l.GoalNotFound));
        return l.Complete
            ? text
            : text + string.Format(CultureInfo.InvariantCulture, " (in the {0} of {1} uploads Metrica reported it for)", l.Reporting, l.Uploads);
    }

    private static string Reasons(long userNotFound, long goalNotFound)
    {
        var reasons = new List<string>();
        if (userNotFound > 0)
        {
            reasons.Add(userNotFound.ToString(CultureInfo.InvariantCulture) + " matched no visitor");
        }

        if (goalNotFound > 0)
        {
            reasons.Add(goalNotFound.ToString(CultureInfo.InvariantCulture) + " found no goal");
        }

        return reasons.Count == 0 ? string.Empty : "; " + string.Join(", ", reasons);
    }
}
