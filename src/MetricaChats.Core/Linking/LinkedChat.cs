using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Linking;

/// <summary>
/// A chat after the join: every <see cref="ChatRecord"/> field under the same name (so it binds by
/// property name to <c>New-MetricaChatEvent</c> and <c>Send-MetricaChatImport</c>), with the Metrica ids
/// filled in from the site record, plus what the join found.
/// </summary>
public sealed class LinkedChat
{
    /// <summary>Row of the chat in its source.</summary>
    public long RowNumber { get; init; }

    /// <summary>Event time, as given.</summary>
    public object? DateTime { get; init; }

    /// <summary>Messenger, as given.</summary>
    public string? ChatPlatform { get; init; }

    /// <summary>Chat partner's username.</summary>
    public string? ChatUsername { get; init; }

    /// <summary>Chat partner's messenger user id.</summary>
    public string? ChatUserId { get; init; }

    /// <summary>Chat partner's phone number.</summary>
    public string? PhoneNumber { get; init; }

    /// <summary>Metrica ClientID: the chat's own, else the site record's.</summary>
    public string? ClientId { get; init; }

    /// <summary>Site UserID: the chat's own, else the site record's.</summary>
    public string? UserId { get; init; }

    /// <summary>Yandex Direct click id: the chat's own, else the site record's.</summary>
    public string? Yclid { get; init; }

    /// <summary>Order id: the chat's own, else the site record's.</summary>
    public string? PurchaseId { get; init; }

    /// <summary>Answered flag, as given.</summary>
    public object? Answered { get; init; }

    /// <summary>Segmentation tag (Metrica's chat tag, not the tracking tag), as given.</summary>
    public string? Tag { get; init; }

    /// <summary>Revenue, as given.</summary>
    public object? Revenue { get; init; }

    /// <summary>Currency, as given.</summary>
    public string? Currency { get; init; }

    /// <summary>Page URL, as given.</summary>
    public string? Url { get; init; }

    /// <summary>Chat-tracker link, as given.</summary>
    public string? TrackerUrl { get; init; }

    /// <summary>The tracking id found in the chat (canonical form), or null.</summary>
    public string? TrackingId { get; init; }

    /// <summary>Where the id was found, or null.</summary>
    public TrackingIdSource? TrackingIdSource { get; init; }

    /// <summary>What the join did.</summary>
    public ChatLinkStatus LinkStatus { get; init; }

    /// <summary>Row of the matching site record, or 0.</summary>
    public long SiteRowNumber { get; init; }

    /// <summary>The chat as a <see cref="ChatRecord"/> for the engine's normaliser.</summary>
    public ChatRecord ToChatRecord() => new()
    {
        RowNumber = RowNumber,
        DateTime = DateTime,
        ChatPlatform = ChatPlatform,
        ChatUsername = ChatUsername,
        ChatUserId = ChatUserId,
        PhoneNumber = PhoneNumber,
        ClientId = ClientId,
        UserId = UserId,
        Yclid = Yclid,
        PurchaseId = PurchaseId,
        Answered = Answered,
        Tag = Tag,
        Revenue = Revenue,
        Currency = Currency,
        Url = Url,
        TrackerUrl = TrackerUrl,
    };

    /// <inheritdoc />
    public override string ToString() => "LinkedChat(row " + RowNumber + ", " + LinkStatus + (TrackingId is null ? string.Empty : ", " + TrackingId) + ")";
}
