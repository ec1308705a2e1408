using System;
using System.Management.Automation;
using MetricaChats.Completion;
using MetricaChats.Core.Linking;
using MetricaChats.Internal;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Builds a messenger link that carries a tracking id.</para>
/// <para type="description">Telegram bot deep links carry the id as the start parameter; links to personal Telegram,
/// WhatsApp and Viber accounts pre-fill a first message with the id in a [#ref id] tag. See docs/en-US/New-MetricaChatLink.md.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "MetricaChatLink")]
[OutputType(typeof(ChatLink))]
public sealed class NewMetricaChatLinkCommand : PSCmdlet
{
    private ChatLinkBuilder? builder;

    /// <summary>The link kind: TelegramBot, TelegramUser, TelegramShare, WhatsApp, ViberBot or Viber.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Kind", "LinkKind")]
    public ChatLinkKind Messenger { get; set; }

    /// <summary>Bot or user name, phone number, Viber bot URI, or the URL to share.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Bot", "BotName", "Username", "Phone", "PhoneNumber", "ChatUri", "Uri")]
    public string Target { get; set; } = string.Empty;

    /// <summary>The tracking id.</summary>
    [Parameter(Mandatory = true, Position = 2, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "Ref", "ChatTrackingId")]
    public string TrackingId { get; set; } = string.Empty;

    /// <summary>First message template; {tag} marks where the tag goes, else it is appended.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Template", "Greeting")]
    public string? Message { get; set; }

    /// <summary>The keyword of the tag, as in [#ref id].</summary>
    [Parameter]
    public string TagKeyword { get; set; } = TrackingTag.DefaultKeyword;

    /// <summary>The country of a phone number written without a country code (RU, KZ, ...). Default: none, so such a number is refused.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ChatInputCompleter))]
    [ValidatePhoneRegion]
    public string? DefaultRegion { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        try
        {
            builder = new ChatLinkBuilder(TagKeyword, DefaultRegion, ChatInputCmdlet.OptionNames);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(MetricaCmdlet.UserError(ex, "InvalidTagKeyword", ErrorCategory.InvalidArgument, TagKeyword, "Give -TagKeyword 1 to 16 Latin letters or digits, or leave it out for 'ref' (tags then read [#ref <id>])."));
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            WriteObject(builder!.Build(Messenger, Target, TrackingId, Message));
        }
        catch (ArgumentException ex)
        {
            var (id, target, action) = ex.ParamName switch
            {
                "target" => ("InvalidChatLinkTarget", (object)Target, "Give -Target in the form -Messenger needs: a phone number for WhatsApp, Viber and TelegramUser by phone, a user or bot name for Telegram and ViberBot, a page URL for TelegramShare (Get-Help New-MetricaChatLink -Parameter Target)."),
                "trackingId" => ("InvalidTrackingId", TrackingId, "Give -TrackingId as New-MetricaChatTrackingId makes it: the letters A-Z, the digits 0-9, '_' and '-', at most 64 characters."),
                "message" => ("InvalidChatLinkMessage", (object?)Message ?? string.Empty, "Leave out -Message for bot links (the id travels in the link itself); for other links, put {tag} in -Message where the tag goes, or leave it out to append it."),
                _ => ("InvalidChatLinkInput", TrackingId, "Check -Messenger, -Target, -TrackingId and -Message against Get-Help New-MetricaChatLink."),
            };
            WriteError(MetricaCmdlet.UserError(ex, id, ErrorCategory.InvalidArgument, target, action));
        }
    }
}
