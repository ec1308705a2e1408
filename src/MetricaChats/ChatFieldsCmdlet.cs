using System;
using System.Collections.Generic;
using System.Management.Automation;
using MetricaChats.Completion;
using MetricaChats.Core.Chats;
using MetricaChats.Internal;

namespace MetricaChats;

/// <summary>
/// The chat-field parameters shared by every cmdlet that takes chat rows from the pipeline
/// (New-MetricaChatEvent, Join-MetricaChatVisit): one declaration, so their names and aliases
/// cannot drift apart. The aliases are those of Core's <see cref="ChatFieldAliases"/> table
/// (a contract test keeps the two equal).
/// </summary>
public abstract class ChatFieldsCmdlet : ChatInputCmdlet
{
    private readonly List<ChatField> _commandLineFields = new();

    /// <summary>When the chat happened: a date and time (with an offset, or local time), or Unix seconds or milliseconds.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Timestamp", "Date", "Time", "Date Time", "Date_Time", "EventTime", "Event_Time", "MessageTime", "Message_Time", "MessageDate", "Message_Date", "Created", "CreatedAt", "Created_At", "CreateTime", "Create_Time", "StartTime", "Start_Time", "ChatDateTime", "ChatStart", "Дата", "Дата и время", "Время", "Дата/время", "Дата создания", "Дата обращения", "Время обращения", "Дата и время обращения", "Дата сообщения")]
    public object? DateTime { get; set; }

    /// <summary>The messenger: whatsapp, telegram or viber, in any common spelling (WhatsApp, wa, tg, ...), or the number ConvertTo-Json writes for an event's ChatPlatform.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Chat_Platform", "Chat Platform", "Platform", "Messenger", "Channel", "App", "ChatType", "Chat_Type", "ChannelType", "Channel_Type", "Мессенджер", "Канал", "Канал связи", "Платформа")]
    [ArgumentCompleter(typeof(ChatPlatformCompleter))]
    public object? ChatPlatform { get; set; }

    /// <summary>The chat partner's username in the messenger.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Chat_Username", "Username", "User_Name", "User Name", "Login", "Nickname", "Nick", "Handle", "TelegramUsername", "Telegram_Username", "ClientName", "Client_Name", "ContactName", "Contact_Name", "Клиент", "Имя клиента", "Имя пользователя", "Логин", "Ник")]
    public string? ChatUsername { get; set; }

    /// <summary>The chat partner's user id in the messenger.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Chat_User_Id", "MessengerUserId", "Messenger_User_Id", "ChatId", "Chat_Id", "TelegramId", "Telegram_Id", "TelegramUserId", "Telegram_User_Id", "WaId", "Wa_Id", "ViberId", "Viber_Id", "ID чата", "ID в мессенджере")]
    public string? ChatUserId { get; set; }

    /// <summary>The chat partner's phone number, in any common formatting.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Phone_Number", "Phone Number", "Phone", "Tel", "Telephone", "Mobile", "Msisdn", "Телефон", "Номер телефона", "Телефон клиента", "Мобильный телефон", "Контактный телефон")]
    public string? PhoneNumber { get; set; }

    /// <summary>Metrica's visitor id (the _ym_uid cookie).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Client_Id", "_ym_uid", "ym_uid", "YmUid", "MetricaClientId", "Metrica_Client_Id", "MetrikaClientId", "Metrika_Client_Id", "Ym_Client_Id", "ClientID Метрики", "Yandex ClientID")]
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
    [Alias("Purchase_Id", "OrderId", "Order_Id", "TransactionId", "Transaction_Id", "Номер заказа", "ID заказа", "ID сделки")]
    public string? PurchaseId { get; set; }

    /// <summary>Whether an operator answered: $true/$false, yes/no, 1/0.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ChatAnswered", "Chat_Answered", "IsAnswered", "Is_Answered", "Replied", "Responded", "Отвечен", "Отвечено")]
    public object? Answered { get; set; }

    /// <summary>A free-text tag for segmentation, at most 100 characters.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ChatTag", "Chat_Tag", "Label", "Segment", "Tags", "Тег", "Теги", "Метка", "Метки")]
    public string? Tag { get; set; }

    /// <summary>The revenue: a number, or text with . or , decimals.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Price", "Amount", "Sum", "Total", "OrderSum", "Order_Sum", "Сумма", "Бюджет", "Сумма сделки", "Сумма заказа", "Выручка")]
    public object? Revenue { get; set; }

    /// <summary>The ISO 4217 code of the revenue (RUB, USD, ...).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("CurrencyCode", "Currency_Code", "Валюта")]
    public string? Currency { get; set; }

    /// <summary>The page the chat started from (absolute http or https URL).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Page", "PageUrl", "Page_Url", "Link", "LandingPage", "Landing_Page", "Landing", "StartUrl", "Start_Url", "Страница", "Ссылка", "Страница входа", "URL страницы", "Адрес страницы")]
    public string? Url { get; set; }

    /// <summary>A link into the chat-tracking service (absolute http or https URL).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Tracker_Url", "ChatTrackerUrl", "TrackerLink", "Tracker_Link", "ChatUrl", "Chat_Url", "ChatLink", "Chat_Link", "ConversationUrl", "Conversation_Url", "DialogUrl", "Dialog_Url", "Ссылка на чат", "Ссылка на диалог")]
    public string? TrackerUrl { get; set; }

    /// <summary>
    /// Notes which chat-field parameters were given on the command line. Call from
    /// <c>BeginProcessing</c>, when only those are bound (pipeline values bind later, per row).
    /// </summary>
    protected void RememberCommandLineFields()
    {
        _commandLineFields.Clear();
        foreach (var name in MyInvocation.BoundParameters.Keys)
        {
            if (Enum.TryParse<ChatField>(name, ignoreCase: true, out var field) && Enum.IsDefined(typeof(ChatField), field))
            {
                _commandLineFields.Add(field);
            }
        }
    }

    /// <summary>The bound chat fields as a raw record for the normaliser (PSObject wrappers removed).</summary>
    protected ChatRecord BuildRecord(long rowNumber)
    {
        var record = new ChatRecord { RowNumber = rowNumber };
        foreach (ChatField field in Enum.GetValues(typeof(ChatField)))
        {
            Set(record, field, ValueOf(field));
        }

        return record;
    }

    /// <summary>
    /// The raw record of one input row (an object's properties or a dictionary's keys, by the
    /// alias table), then the chat-field parameters given on the command line, which apply to every
    /// row and win over the row's own values.
    /// </summary>
    protected ChatRecord BuildRecord(PSObject input, long rowNumber)
    {
        var record = ChatInput.ToRecord(input, rowNumber);
        ApplyCommandLineFields(record);
        return record;
    }

    /// <summary>Sets the chat-field parameters given on the command line on <paramref name="record"/> (a row read from a file, an input row).</summary>
    protected void ApplyCommandLineFields(ChatRecord record)
    {
        foreach (var field in _commandLineFields)
        {
            Set(record, field, ValueOf(field));
        }
    }

    private object? ValueOf(ChatField field) => field switch
    {
        ChatField.DateTime => DateTime,
        ChatField.ChatPlatform => ChatPlatform,
        ChatField.ChatUsername => ChatUsername,
        ChatField.ChatUserId => ChatUserId,
        ChatField.PhoneNumber => PhoneNumber,
        ChatField.ClientId => ClientId,
        ChatField.UserId => UserId,
        ChatField.Yclid => Yclid,
        ChatField.PurchaseId => PurchaseId,
        ChatField.Answered => Answered,
        ChatField.Tag => Tag,
        ChatField.Revenue => Revenue,
        ChatField.Currency => Currency,
        ChatField.Url => Url,
        ChatField.TrackerUrl => TrackerUrl,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a chat field."),
    };

    private static void Set(ChatRecord record, ChatField field, object? value)
    {
        value = PowerShellValues.Unwrap(value);
        if (value is not null)
        {
            ChatRecordBuilder.Set(record, field, value);
        }
    }
}
