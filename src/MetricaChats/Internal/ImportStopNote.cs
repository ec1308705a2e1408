using System.Globalization;
using System.Management.Automation;

namespace MetricaChats.Internal;

/// <summary>
/// The sentence an error that ends an import carries, so that a runbook's catch block alone can
/// tell what was sent: which uploads hold the rows sent before the stop, and how many valid rows
/// were not sent.
/// </summary>
internal static class ImportStopNote
{
    /// <summary>"The import stopped here: 2 row(s) are in upload 101 of counter 12345; 3 valid row(s) were not sent. ..."</summary>
    public static string Describe(MetricaChatImportSummary summary)
    {
        var c = CultureInfo.InvariantCulture;
        string sent;
        if (summary.DryRun)
        {
            sent = summary.Sent == 0 ? "nothing was written" : string.Format(c, "{0} row(s) were written to {1} file(s) (nothing is sent in a dry run)", summary.Sent, summary.Files.Count);
        }
        else if (summary.UploadIds.Count == 0)
        {
            sent = "nothing was sent";
        }
        else
        {
            sent = string.Format(c, "{0} row(s) are in {1} of counter {2}", summary.Sent, summary.DescribeUploads(), summary.CounterId);
        }

        var rest = summary.NotSent == 0
            ? "no valid row is left unsent."
            : string.Format(c, "{0} valid row(s) were not sent; fix the row and run the same command again (the ledger makes it send only what is missing).", summary.NotSent);
        return "The import stopped here: " + sent + "; " + rest;
    }

    /// <summary>Adds the note to <paramref name="record"/>'s message (the recommended action stays).</summary>
    public static ErrorRecord Attach(ErrorRecord record, MetricaChatImportSummary summary)
    {
        var details = record.ErrorDetails;
        record.ErrorDetails = new ErrorDetails((details?.Message ?? record.Exception.Message) + " " + Describe(summary))
        {
            RecommendedAction = details?.RecommendedAction,
        };
        return record;
    }
}
