using System;
using System.Globalization;
using System.IO;

namespace MetricaChats.Internal;

/// <summary>
/// Names of the files Send-MetricaChatImport -OutFile writes: batch 1 is the path given, batch
/// n > 1 gets "-n" (six digits) before the extension (<c>chats.csv</c>, <c>chats-000002.csv</c>, ...).
/// </summary>
internal static class DryRunFiles
{
    /// <summary>The file for batch <paramref name="batchNumber"/> (1-based).</summary>
    public static string For(string outFile, int batchNumber)
    {
        if (string.IsNullOrEmpty(outFile))
        {
            throw new ArgumentException("The output file is required.", nameof(outFile));
        }

        if (batchNumber < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchNumber), batchNumber, "Batches are numbered from 1.");
        }

        if (batchNumber == 1)
        {
            return outFile;
        }

        var directory = Path.GetDirectoryName(outFile) ?? string.Empty;
        var stem = Path.GetFileNameWithoutExtension(outFile);
        var extension = Path.GetExtension(outFile);
        return Path.Combine(directory, stem + "-" + batchNumber.ToString("D6", CultureInfo.InvariantCulture) + extension);
    }

    /// <summary>A fresh working folder beside <paramref name="outFile"/> (same volume, so finished batches move rather than copy).</summary>
    public static string WorkingDirectory(string outFile)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(outFile)) ?? Path.GetTempPath();
        return Path.Combine(directory, ".metricachats-" + Guid.NewGuid().ToString("N"));
    }
}
