using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using MetricaChats.Core.Chats;
using MetricaChats.Internal;
using MetricaChats.Core.Linking;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Joins chats to the site visits that produced them, by tracking id, filling in ClientId, UserId and Yclid.</para>
/// <para type="description">Site records (tracking id to Metrica ids) are loaded once from -SitePath or -SiteRecord; chats stream
/// through from the pipeline and come out with the Metrica ids, ready for New-MetricaChatEvent or Send-MetricaChatImport.
/// See docs/en-US/Join-MetricaChatVisit.md.</para>
/// </summary>
[Cmdlet(VerbsCommon.Join, "MetricaChatVisit", DefaultParameterSetName = SitePathSet)]
[OutputType(typeof(LinkedChat))]
public sealed class JoinMetricaChatVisitCommand : ChatFieldsCmdlet
{
    private const string SitePathSet = "SitePath";
    private const string SiteRecordSet = "SiteRecord";

    private ChatVisitJoiner? joiner;
    private long row;

    /// <summary>CSV file of site records: a tracking id column and ClientId/UserId/Yclid/PurchaseId columns.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SitePathSet)]
    [Alias("SiteCsv", "SiteFile")]
    [ValidateNotNullOrEmpty]
    public string SitePath { get; set; } = string.Empty;

    /// <summary>Site records as objects (Import-Csv, ConvertFrom-Json, hashtables) with TrackingId and Metrica id properties.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SiteRecordSet)]
    [Alias("Site", "SiteVisit")]
    [ValidateNotNull]
    public PSObject[] SiteRecord { get; set; } = Array.Empty<PSObject>();

    /// <summary>The chat row from the pipeline. Its properties bind to the chat parameters by name; names no parameter takes are reported once.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Row of the chat in its source.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Row", "LineNumber")]
    public long RowNumber { get; set; }

    /// <summary>The chat's tracking id, when a bot already extracted it.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Ref", "RefId", "ChatTrackingId")]
    public string? TrackingId { get; set; }

    /// <summary>The chat's first message, searched for the tag.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Message", "Text", "Body")]
    public string? FirstMessage { get; set; }

    /// <summary>Telegram start parameter or Viber context.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Payload", "StartParam", "start_param", "Context")]
    public string? StartParameter { get; set; }

    /// <summary>Expected id prefix; with -Length, ids must match that format on both sides.</summary>
    [Parameter]
    [AllowEmptyString]
    public string? Prefix { get; set; }

    /// <summary>Expected number of random characters; 0 (default) accepts any id of 4 to 64 characters.</summary>
    [Parameter]
    [ValidateRange(0, TrackingIdFormat.MaxTotalLength)]
    public int Length { get; set; }

    /// <summary>The keyword of the tag, as in [#ref id].</summary>
    [Parameter]
    public string TagKeyword { get; set; } = TrackingTag.DefaultKeyword;

    /// <summary>Keep the case of ids (for ids made elsewhere whose case matters).</summary>
    [Parameter]
    public SwitchParameter CaseSensitive { get; set; }

    /// <summary>Most distinct site ids held in memory (about 310 bytes each).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxSiteIds { get; set; } = SiteVisitTable.DefaultMaxIds;

    /// <summary>Name of a variable (without $) that receives the join report.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReportVariable { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        TrackingIdExtractor extractor;
        try
        {
            extractor = new TrackingIdExtractor(new TrackingIdExtractorOptions { Format = TrackingIdFormat.Expected(Prefix, Length), TagKeyword = TagKeyword, CaseSensitive = CaseSensitive.IsPresent });
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(UserError(ex, "InvalidTrackingIdOptions", ErrorCategory.InvalidArgument, LinkingErrors.OptionTarget(ex, Prefix, Length, TagKeyword), LinkingErrors.OptionsAction));
            return;
        }

        var table = new SiteVisitTable(extractor, MaxSiteIds);
        try
        {
            IEnumerable<SiteVisit> visits;
            if (ParameterSetName == SitePathSet)
            {
                var path = GetUnresolvedProviderPathFromPSPath(SitePath);
                if (!File.Exists(path))
                {
                    ThrowTerminatingError(UserError(
                        new FileNotFoundException("Site records file '" + path + "' does not exist.", path),
                        "SiteRecordsNotFound",
                        ErrorCategory.ObjectNotFound,
                        SitePath,
                        "Give -SitePath the CSV the site writes (TrackingId, ClientId, ...), or pass the records as objects with -SiteRecord."));
                }

                ChatTextEncodings.TryFind(Encoding, out var encoding, out _);
                visits = SiteVisitCsvReader.ReadFile(path, encoding);
            }
            else
            {
                visits = FromObjects(SiteRecord);
            }

            foreach (var visit in visits)
            {
                if (Stopping)
                {
                    return;
                }

                if (table.Add(visit) is { } issue)
                {
                    WriteError(ChatIssueErrors.Create(issue, visit));
                }
            }
        }
        catch (InvalidDataException ex)
        {
            ThrowTerminatingError(UserError(ex, "InvalidSiteRecordsHeader", ErrorCategory.InvalidData, SitePath, "Give the site records a header row with a TrackingId column and a ClientId, UserId, Yclid or PurchaseId column (see about_MetricaChatTracking)."));
        }
        catch (InvalidOperationException ex)
        {
            ThrowTerminatingError(UserError(ex, "TooManySiteIds", ErrorCategory.LimitsExceeded, MaxSiteIds, "Give only the last 21 days of site records (older visits cannot be joined), or raise -MaxSiteIds if the memory allows (about 300 bytes per id)."));
        }
        catch (IOException ex)
        {
            ThrowTerminatingError(UserError(ex, "SiteRecordsUnreadable", ErrorCategory.ReadError, SitePath, "Check that -SitePath names a file you can read (not locked by another program), then run the command again."));
        }

        WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Site records: {0:N0} read, {1:N0} distinct tracking ids.", table.RecordsRead, table.Count));
        joiner = new ChatVisitJoiner(table, new ChatValueResolver(Zone(), DefaultRegion));
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (joiner is null)
        {
            return;
        }

        row++;
        var record = BuildRecord(RowNumber > 0 ? RowNumber : row);
        if (InputObject is { BaseObject: not LinkedChat } input && CheckColumns(input, record.RowNumber) is { } unreadable)
        {
            WriteError(ChatIssueErrors.Create(unreadable, input));
            return;
        }

        var linked = joiner.Join(new TrackedChat(record, TrackingId, FirstMessage, StartParameter));
        if (linked.LinkStatus == ChatLinkStatus.NotFound)
        {
            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Row {0}: tracking id '{1}' is not in the site records; the chat goes unattributed.", linked.RowNumber, linked.TrackingId));
        }

        WriteObject(linked);
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (joiner is null)
        {
            return;
        }

        var report = joiner.Report;
        if (!string.IsNullOrEmpty(ReportVariable))
        {
            SessionState.PSVariable.Set(ReportVariable, report);
        }

        WriteInformation(report, new[] { "MetricaChats", "JoinReport" });
        if (report.Unattributed > 0)
        {
            WriteWarning(string.Format(
                CultureInfo.InvariantCulture,
                "{0:N0} of {1:N0} chats go unattributed: {2:N0} carried a tracking id the site records do not have, {3:N0} carried none. Check that the site logs every id it puts into a link (see about_MetricaChatTracking).",
                report.Unattributed,
                report.ChatsRead,
                report.NotFound,
                report.NoTrackingId));
        }
    }

    private static IEnumerable<SiteVisit> FromObjects(PSObject[] objects)
    {
        long n = 0;
        foreach (var obj in objects)
        {
            n++;
            if (obj is null)
            {
                continue;
            }

            string? id = null, client = null, user = null, yclid = null, purchase = null;
            void Take(string name, object? value)
            {
                var text = ToText(value);
                if (string.IsNullOrWhiteSpace(text))
                {
                    return;
                }

                switch (SiteVisitFieldAliases.Resolve(name))
                {
                    case SiteVisitField.TrackingId: id ??= text; break;
                    case SiteVisitField.ClientId: client ??= text; break;
                    case SiteVisitField.UserId: user ??= text; break;
                    case SiteVisitField.Yclid: yclid ??= text; break;
                    case SiteVisitField.PurchaseId: purchase ??= text; break;
                }
            }

            if (obj.BaseObject is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    Take(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, entry.Value);
                }
            }
            else
            {
                foreach (var property in obj.Properties)
                {
                    Take(property.Name, property.Value);
                }
            }

            yield return new SiteVisit { RowNumber = n, TrackingId = id, ClientId = client, UserId = user, Yclid = yclid, PurchaseId = purchase };
        }
    }

    private static string? ToText(object? value)
    {
        if (value is PSObject ps)
        {
            value = ps.BaseObject;
        }

        return value switch
        {
            null => null,
            string s => s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }
}
