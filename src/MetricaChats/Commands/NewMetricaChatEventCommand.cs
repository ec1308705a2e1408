using System;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using MetricaChats.Completion;
using MetricaChats.Core.Chats;
using MetricaChats.Internal;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Turns chat rows (CSV rows, bot log objects, parameters) into validated chat events for Send-MetricaChatImport.</para>
/// </summary>
/// <remarks>
/// Every field binds from the pipeline by property name, with the aliases of Core's
/// <see cref="ChatFieldAliases"/> table (a contract test keeps the two equal), so
/// <c>Import-Csv export.csv | New-MetricaChatEvent</c> works as is. A bad row is one
/// non-terminating error (id = the issue code, target = the input row); good rows go on.
/// </remarks>
[Cmdlet(VerbsCommon.New, "MetricaChatEvent")]
[OutputType(typeof(ChatEvent))]
public sealed class NewMetricaChatEventCommand : MetricaCmdlet
{
    private readonly WarningThrottle _warnings = new();
    private ChatEventNormalizer? _normalizer;
    private long _row;
    private long _valid;
    private long _rejected;
    private long _unattributed;

    /// <summary>The input row (from the pipeline). Its properties bind to the field parameters by name; it is the target object of the row's error.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The row number reported in errors; by default the position of the row in the pipeline input (1, 2, ...).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, long.MaxValue)]
    public long RowNumber { get; set; }

    /// <summary>When the chat happened: a date and time (with an offset, or local time), or Unix seconds or milliseconds.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Timestamp", "Date", "Time", "Date Time", "Date_Time", "EventTime", "Event_Time", "MessageTime", "Message_Time", "MessageDate", "Message_Date", "Created", "CreatedAt", "Created_At", "CreateTime", "Create_Time", "StartTime", "Start_Time", "ChatDateTime", "ChatStart", "Дата", "Дата и время")]
    public object? DateTime { get; set; }

    /// <summary>The messenger: whatsapp, telegram or viber, in any common spelling (WhatsApp, wa, tg, ...).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Chat_Platform", "Chat Platform", "Platform", "Messenger", "Channel", "App", "Мессенджер")]
    [ArgumentCompleter(typeof(ChatPlatformCompleter))]
    public string? ChatPlatform { get; set; }

    /// <summary>The chat partner's username in the messenger.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Chat_Username", "Username", "User_Name", "User Name", "Login", "Nickname", "Nick", "Handle", "TelegramUsername", "Telegram_Username")]
    public string? ChatUsername { get; set; }

    /// <summary>The chat partner's user id in the messenger.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Chat_User_Id", "MessengerUserId", "Messenger_User_Id", "ChatId", "Chat_Id", "TelegramId", "Telegram_Id", "TelegramUserId", "Telegram_User_Id", "WaId", "Wa_Id", "ViberId", "Viber_Id")]
    public string? ChatUserId { get; set; }

    /// <summary>The chat partner's phone number, in any common formatting.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Phone_Number", "Phone Number", "Phone", "Tel", "Telephone", "Mobile", "Msisdn", "Телефон")]
    public string? PhoneNumber { get; set; }

    /// <summary>Metrica's visitor id (the _ym_uid cookie).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Client_Id", "_ym_uid", "ym_uid", "YmUid", "MetricaClientId", "Metrica_Client_Id", "MetrikaClientId", "Metrika_Client_Id", "Ym_Client_Id")]
    public string? ClientId { get; set; }

    /// <summary>The site's own user id.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("User_Id", "SiteUserId", "Site_User_Id", "CustomerId", "Customer_Id")]
    public string? UserId { get; set; }

    /// <summary>The Yandex Direct click id.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("YandexClickId", "Yandex_Click_Id", "DirectClickId", "Direct_Click_Id")]
    public string? Yclid { get; set; }

    /// <summary>The order id.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Purchase_Id", "OrderId", "Order_Id", "TransactionId", "Transaction_Id")]
    public string? PurchaseId { get; set; }

    /// <summary>Whether an operator answered: $true/$false, yes/no, 1/0.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ChatAnswered", "Chat_Answered", "IsAnswered", "Is_Answered", "Replied", "Responded")]
    public object? Answered { get; set; }

    /// <summary>A free-text tag for segmentation, at most 100 characters.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ChatTag", "Chat_Tag", "Label", "Segment")]
    public string? Tag { get; set; }

    /// <summary>The revenue: a number, or text with . or , decimals.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Price", "Amount", "Sum", "Total", "OrderSum", "Order_Sum", "Сумма")]
    public object? Revenue { get; set; }

    /// <summary>The ISO 4217 code of the revenue (RUB, USD, ...).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("CurrencyCode", "Currency_Code", "Валюта")]
    public string? Currency { get; set; }

    /// <summary>The page the chat started from (absolute http or https URL).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Page", "PageUrl", "Page_Url", "Link", "LandingPage", "Landing_Page", "Landing", "StartUrl", "Start_Url")]
    public string? Url { get; set; }

    /// <summary>A link into the chat-tracking service (absolute http or https URL).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Tracker_Url", "ChatTrackerUrl", "TrackerLink", "Tracker_Link", "ChatUrl", "Chat_Url", "ChatLink", "Chat_Link", "ConversationUrl", "Conversation_Url")]
    public string? TrackerUrl { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing() => _normalizer = new ChatEventNormalizer();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        _row++;
        var record = new ChatRecord { RowNumber = MyInvocation.BoundParameters.ContainsKey(nameof(RowNumber)) ? RowNumber : _row };
        Set(record, ChatField.DateTime, DateTime);
        Set(record, ChatField.ChatPlatform, ChatPlatform);
        Set(record, ChatField.ChatUsername, ChatUsername);
        Set(record, ChatField.ChatUserId, ChatUserId);
        Set(record, ChatField.PhoneNumber, PhoneNumber);
        Set(record, ChatField.ClientId, ClientId);
        Set(record, ChatField.UserId, UserId);
        Set(record, ChatField.Yclid, Yclid);
        Set(record, ChatField.PurchaseId, PurchaseId);
        Set(record, ChatField.Answered, Answered);
        Set(record, ChatField.Tag, Tag);
        Set(record, ChatField.Revenue, Revenue);
        Set(record, ChatField.Currency, Currency);
        Set(record, ChatField.Url, Url);
        Set(record, ChatField.TrackerUrl, TrackerUrl);

        var result = _normalizer!.Normalize(record);
        if (result.Event is not { } chatEvent)
        {
            _rejected++;
            if (result.Error is { } error)
            {
                WriteError(ChatIssueErrors.Create(error, (object?)InputObject ?? record));
            }

            return;
        }

        foreach (var warning in result.Issues)
        {
            if (warning.Severity != ChatIssueSeverity.Warning)
            {
                continue;
            }

            if (_warnings.ShouldShow(warning.Code))
            {
                WriteWarning(warning + " (Further rows with this warning are counted in the summary; -Verbose lists each.)");
            }
            else
            {
                WriteVerbose(warning.ToString());
            }
        }

        _valid++;
        if (!chatEvent.IsAttributed)
        {
            _unattributed++;
        }

        WriteObject(chatEvent);
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var summary = string.Format(
            CultureInfo.InvariantCulture,
            "New-MetricaChatEvent: read {0}, valid {1}, rejected {2}, unattributed {3}.",
            _row,
            _valid,
            _rejected,
            _unattributed);
        WriteInformation(summary, new[] { "MetricaChats", "Summary" });
        WriteVerbose(summary);
    }

    private static void Set(ChatRecord record, ChatField field, object? value)
    {
        value = value is PSObject wrapped ? wrapped.BaseObject : value;
        if (value is not null)
        {
            ChatRecordBuilder.Set(record, field, value);
        }
    }
}
