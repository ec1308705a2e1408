using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using MetricaChats.Completion;
using MetricaChats.Core.Api;
using MetricaChats.Internal;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Gets chat uploads of a counter (recent ones, or by upload id) and, with -Wait, follows them until Metrica has processed them.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "MetricaChatImport", DefaultParameterSetName = ListSet)]
[OutputType(typeof(MetricaUpload))]
public sealed class GetMetricaChatImportCommand : MetricaCmdlet
{
    private const string ListSet = "List";
    private const string ByIdSet = "ById";

    /// <summary>The counter the uploads belong to.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, int.MaxValue)]
    [ArgumentCompleter(typeof(CounterIdCompleter))]
    public int CounterId { get; set; }

    /// <summary>Upload ids (the Id of the upload objects Send-MetricaChatImport outputs).</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    [ArgumentCompleter(typeof(UploadIdCompleter))]
    public long[]? UploadId { get; set; }

    /// <summary>How many recent uploads to list.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateRange(1, 10000)]
    public int Limit { get; set; } = 20;

    /// <summary>Wait until each upload is final (PROCESSED or LINKAGE_FAILURE).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>Seconds between status checks while waiting.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int PollIntervalSec { get; set; } = 30;

    /// <summary>Give up waiting after this many seconds (0: wait as long as it takes).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int TimeoutSec { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var client = RequireClient();
        var counterId = CounterId;
        IReadOnlyList<MetricaUpload> uploads;
        if (ParameterSetName == ByIdSet)
        {
            var found = new List<MetricaUpload>();
            foreach (var id in UploadId!)
            {
                try
                {
                    found.Add(RunAsync(ct => client.GetUploadAsync(counterId, id, ct)));
                }
                catch (MetricaApiException ex)
                {
                    WriteApiError(ex, id);
                }
            }

            uploads = found;
        }
        else
        {
            try
            {
                uploads = RunAsync(ct => client.ListUploadsAsync(counterId, Limit, 0, ct));
            }
            catch (MetricaApiException ex)
            {
                WriteApiError(ex, counterId);
                return;
            }
        }

        foreach (var upload in uploads)
        {
            if (!Wait.IsPresent || upload.IsFinal)
            {
                WriteObject(upload);
                continue;
            }

            if (WaitUntilFinal(client, upload) is { } final)
            {
                WriteObject(final);
            }
        }
    }

    private MetricaUpload? WaitUntilFinal(MetricaClient client, MetricaUpload upload)
    {
        var activity = "Waiting for chat upload " + upload.Id.ToString(CultureInfo.InvariantCulture) + " on counter " + upload.CounterId.ToString(CultureInfo.InvariantCulture);
        var progress = new ProgressRecord(UploadStages.ActivityId(upload.Id), activity, upload.Status);
        void Show(MetricaUpload u)
        {
            progress.StatusDescription = u.Status + " (" + u.LineQuantity.ToString(CultureInfo.InvariantCulture) + " of " + u.SourceQuantity.ToString(CultureInfo.InvariantCulture) + " rows accepted)";
            progress.PercentComplete = UploadStages.Percent(u.Status);
            WriteProgress(progress);
        }

        Show(upload);
        var last = upload;
        var reporter = Dispatcher.CreateProgress<MetricaUpload>(u =>
        {
            last = u;
            Show(u);
        });
        try
        {
            return RunAsync(async ct =>
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                if (TimeoutSec > 0)
                {
                    limit.CancelAfter(TimeSpan.FromSeconds(TimeoutSec));
                }

                return await client.WaitForUploadAsync(upload.CounterId, upload.Id, TimeSpan.FromSeconds(PollIntervalSec), reporter, limit.Token).ConfigureAwait(false);
            });
        }
        catch (OperationCanceledException)
        {
            WriteError(UserError(
                new TimeoutException("Upload " + upload.Id.ToString(CultureInfo.InvariantCulture) + " was still " + last.Status + " after " + TimeoutSec.ToString(CultureInfo.InvariantCulture) + " s; Metrica can take up to 2 hours to process an upload."),
                "WaitTimedOut",
                ErrorCategory.OperationTimeout,
                last,
                "Run Get-MetricaChatImport -Wait again later, or give -TimeoutSec more time (0 waits as long as it takes)."));
            return null;
        }
        catch (MetricaApiException ex)
        {
            WriteApiError(ex, upload);
            return null;
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }
}
