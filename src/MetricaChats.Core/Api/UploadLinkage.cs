using System;
using System.Collections.Generic;

namespace MetricaChats.Core.Api;

/// <summary>
/// How many chats of some uploads Metrica joined to visits: the upload statistics
/// (<see cref="MetricaUpload.LinkedQuantity"/> and the rest) summed over the uploads that report
/// them. Metrica reports them once an upload is processed, and older answers not at all.
/// </summary>
public sealed class UploadLinkage
{
    private UploadLinkage(long linked, long userNotFound, long goalNotFound, long accepted, int reporting, int uploads)
    {
        Linked = linked;
        UserNotFound = userNotFound;
        GoalNotFound = goalNotFound;
        Accepted = accepted;
        Reporting = reporting;
        Uploads = uploads;
    }

    /// <summary>Rows joined to a visitor (<c>linked_quantity</c>), summed.</summary>
    public long Linked { get; }

    /// <summary>Rows whose ids matched no visitor (<c>user_not_found_quantity</c>), summed.</summary>
    public long UserNotFound { get; }

    /// <summary>Rows whose goal was not found (<c>goal_not_found_quantity</c>), summed.</summary>
    public long GoalNotFound { get; }

    /// <summary>Rows Metrica accepted (<c>line_quantity</c>) in the uploads that report the statistics.</summary>
    public long Accepted { get; }

    /// <summary>Uploads that report the statistics.</summary>
    public int Reporting { get; }

    /// <summary>Uploads looked at.</summary>
    public int Uploads { get; }

    /// <summary>True when every upload looked at reports the statistics.</summary>
    public bool Complete => Reporting == Uploads;

    /// <summary>The statistics of <paramref name="uploads"/> (nulls skipped), or null when none of them reports any.</summary>
    public static UploadLinkage? Of(IEnumerable<MetricaUpload?> uploads)
    {
        if (uploads is null)
        {
            throw new ArgumentNullException(nameof(uploads));
        }

        long linked = 0, userNotFound = 0, goalNotFound = 0, accepted = 0;
        int reporting = 0, count = 0;
        foreach (var upload in uploads)
        {
            if (upload is null)
            {
                continue;
            }

            count++;
            if (upload.LinkedQuantity is not { } l)
            {
                continue;
            }

            reporting++;
            linked += l;
            userNotFound += upload.UserNotFoundQuantity ?? 0;
            goalNotFound += upload.GoalNotFoundQuantity ?? 0;
            accepted += upload.LineQuantity;
        }

        return reporting == 0 ? null : new UploadLinkage(linked, userNotFound, goalNotFound, accepted, reporting, count);
    }
}
