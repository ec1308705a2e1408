using System;
using MetricaChats.Core.Api;

namespace MetricaChats.Internal;

/// <summary>How far along Metrica's processing an upload status is, for progress bars.</summary>
internal static class UploadStages
{
    /// <summary>Percent complete for <paramref name="status"/>: 100 when final, a stage estimate before, 0 when unknown.</summary>
    public static int Percent(string? status)
    {
        if (MetricaUploadStatus.IsFinal(status))
        {
            return 100;
        }

        return (status ?? string.Empty).ToUpperInvariant() switch
        {
            MetricaUploadStatus.Prepared => 10,
            MetricaUploadStatus.Uploaded => 30,
            MetricaUploadStatus.Exported => 55,
            MetricaUploadStatus.Matched => 80,
            _ => 0,
        };
    }

    /// <summary>A stable activity id per upload, so several uploads waited on show separate bars.</summary>
    public static int ActivityId(long uploadId) => 1 + (int)(Math.Abs(uploadId % 100_000));
}
