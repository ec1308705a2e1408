namespace MetricaChats.Core.Chats;

/// <summary>
/// One chat as it came from a source (a CSV row, a PowerShell object, a bot log), before
/// normalising. Values are kept as given: <see cref="DateTime"/>, <see cref="Answered"/> and
/// <see cref="Revenue"/> may hold strings, numbers, <see cref="System.DateTime"/>,
/// <see cref="System.DateTimeOffset"/> or booleans; everything else is text.
/// </summary>
public sealed class ChatRecord
{
    /// <summary>1-based position of the record in its source (data rows, header excluded); 0 when unknown.</summary>
    public long RowNumber { get; set; }

    /// <summary>Event time: string, DateTime, DateTimeOffset, or Unix seconds/milliseconds as a number.</summary>
    public object? DateTime { get; set; }

    /// <summary>Messenger name in any common spelling (<c>WhatsApp</c>, <c>wa</c>, <c>tg</c>, ...).</summary>
    public string? ChatPlatform { get; set; }

    /// <summary>Chat partner's username.</summary>
    public string? ChatUsername { get; set; }

    /// <summary>Chat partner's messenger user id.</summary>
    public string? ChatUserId { get; set; }

    /// <summary>Chat partner's phone number, in any common formatting.</summary>
    public string? PhoneNumber { get; set; }

    /// <summary>Metrica ClientID.</summary>
    public string? ClientId { get; set; }

    /// <summary>Site UserID.</summary>
    public string? UserId { get; set; }

    /// <summary>Yandex Direct click id.</summary>
    public string? Yclid { get; set; }

    /// <summary>Order id.</summary>
    public string? PurchaseId { get; set; }

    /// <summary>Answered flag: bool, number or text (true/false/yes/no/1/0).</summary>
    public object? Answered { get; set; }

    /// <summary>Segmentation tag.</summary>
    public string? Tag { get; set; }

    /// <summary>Revenue: number or text with <c>.</c> or <c>,</c> decimals.</summary>
    public object? Revenue { get; set; }

    /// <summary>ISO 4217 currency code.</summary>
    public string? Currency { get; set; }

    /// <summary>Page URL.</summary>
    public string? Url { get; set; }

    /// <summary>Chat-tracker link.</summary>
    public string? TrackerUrl { get; set; }

    /// <summary>
    /// A problem found while reading the row, before any field (an object none of whose properties is
    /// a chat field: <see cref="ChatIssueCodes.NoKnownColumns"/>). When set, the normaliser rejects the
    /// row with this issue, so the row is counted where every other rejected row is.
    /// </summary>
    public ChatIssue? ReadError { get; set; }
}
