using System;
using System.Globalization;
using System.Management.Automation;
using MetricaChats.Core.Linking;
using MetricaChats.Internal;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Finds the tracking id in a chat's first message, a /start command, or a start parameter.</para>
/// <para type="description">Tolerant of edited pre-filled text: a moved tag, lost brackets, extra spaces, changed case,
/// Cyrillic text and emoji around it. See docs/en-US/Find-MetricaChatTrackingId.md.</para>
/// </summary>
[Cmdlet(VerbsCommon.Find, "MetricaChatTrackingId")]
[OutputType(typeof(TrackingIdMatch))]
public sealed class FindMetricaChatTrackingIdCommand : PSCmdlet
{
    private TrackingIdExtractor? extractor;
    private long item;

    /// <summary>The first message, or a /start command.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Message", "FirstMessage", "Body", "Content")]
    [AllowEmptyString]
    [AllowNull]
    public string? Text { get; set; }

    /// <summary>A Telegram start parameter or Viber context given on its own; tried before Text.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Payload", "StartParam", "start_param", "Context")]
    [AllowEmptyString]
    [AllowNull]
    public string? StartParameter { get; set; }

    /// <summary>Expected prefix; with Length, ids must match the format.</summary>
    [Parameter]
    [AllowEmptyString]
    public string? Prefix { get; set; }

    /// <summary>Expected number of random characters; 0 (default) accepts any id of 4 to 64 characters in a tag.</summary>
    [Parameter]
    [ValidateRange(0, TrackingIdFormat.MaxTotalLength)]
    public int Length { get; set; }

    /// <summary>The keyword of the tag, as in [#ref id].</summary>
    [Parameter]
    public string TagKeyword { get; set; } = TrackingTag.DefaultKeyword;

    /// <summary>Keep the case of ids and do not read Cyrillic look-alikes as Latin.</summary>
    [Parameter]
    public SwitchParameter CaseSensitive { get; set; }

    /// <summary>Do not take an id-shaped word without its #ref tag as the id.</summary>
    [Parameter]
    public SwitchParameter NoBareToken { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        try
        {
            extractor = new TrackingIdExtractor(new TrackingIdExtractorOptions
            {
                Format = TrackingIdFormat.Expected(Prefix, Length),
                TagKeyword = TagKeyword,
                CaseSensitive = CaseSensitive.IsPresent,
                FindBareTokens = !NoBareToken.IsPresent,
            });
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(MetricaCmdlet.UserError(ex, "InvalidTrackingIdOptions", ErrorCategory.InvalidArgument, LinkingErrors.OptionTarget(ex, Prefix, Length, TagKeyword), LinkingErrors.OptionsAction));
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        item++;
        var match = extractor!.FromStartParameter(StartParameter) ?? extractor.Find(Text);
        if (match is not null)
        {
            WriteObject(match);
            return;
        }

        var shown = Text ?? StartParameter ?? string.Empty;
        if (shown.Length > 80)
        {
            shown = shown.Substring(0, 80) + "...";
        }

        var message = string.Format(
            CultureInfo.InvariantCulture,
            "Item {0}: no tracking id in '{1}'. A first message must hold a tag such as [#{2} K7M2Q9XH4TPA], a bot message '/start <id>'. Chats without an id go unattributed; use -ErrorAction SilentlyContinue to skip them quietly.",
            item,
            shown,
            TagKeyword);
        WriteError(MetricaCmdlet.UserError(new ItemNotFoundException(message), "TrackingIdNotFound", ErrorCategory.ObjectNotFound, (object?)Text ?? StartParameter, "Nothing to fix for a chat that came without an id: it goes unattributed. Add -ErrorAction SilentlyContinue to skip such messages quietly."));
    }
}
