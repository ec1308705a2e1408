using System;
using System.Globalization;

namespace MetricaChats.Core.Chats;

/// <summary>
/// One chat conversion, normalised and valid, ready to be written to Metrica's chat CSV.
/// Created by the normaliser; immutable. <see cref="ToString"/> never includes personal data
/// beyond the messenger and time.
/// </summary>
public sealed class ChatEvent
{
    /// <summary>1-based row of the source record; 0 when unknown.</summary>
    public long RowNumber { get; init; }

    /// <summary>Event time in UTC.</summary>
    public DateTimeOffset DateTime { get; init; }

    /// <summary>Event time as Unix seconds (UTC), the wire value.</summary>
    public long UnixTime => DateTime.ToUnixTimeSeconds();

    /// <summary>The messenger.</summary>
    public ChatPlatform ChatPlatform { get; init; }

    /// <summary>Chat partner's username, or null.</summary>
    public string? ChatUsername { get; init; }

    /// <summary>Chat partner's messenger user id, or null.</summary>
    public string? ChatUserId { get; init; }

    /// <summary>Chat partner's phone as <c>+</c> and digits, or null.</summary>
    public string? PhoneNumber { get; init; }

    /// <summary>Metrica ClientID (digits), or null.</summary>
    public string? ClientId { get; init; }

    /// <summary>Site UserID, or null.</summary>
    public string? UserId { get; init; }

    /// <summary>Yandex Direct click id (digits), or null.</summary>
    public string? Yclid { get; init; }

    /// <summary>Order id, or null.</summary>
    public string? PurchaseId { get; init; }

    /// <summary>Whether an operator answered, or null when unknown.</summary>
    public bool? Answered { get; init; }

    /// <summary>Segmentation tag (at most 100 characters), or null.</summary>
    public string? Tag { get; init; }

    /// <summary>Revenue (non-negative), or null.</summary>
    public decimal? Revenue { get; init; }

    /// <summary>ISO 4217 code (upper case) of <see cref="Revenue"/>, or null.</summary>
    public string? Currency { get; init; }

    /// <summary>Absolute http(s) URL of the page the chat started from, or null.</summary>
    public string? Url { get; init; }

    /// <summary>Absolute http(s) link into the chat-tracking service, or null.</summary>
    public string? TrackerUrl { get; init; }

    /// <summary>True when the event carries at least one Metrica id (ClientId, UserId, Yclid, PurchaseId).</summary>
    public bool IsAttributed =>
        !string.IsNullOrEmpty(ClientId) || !string.IsNullOrEmpty(UserId) ||
        !string.IsNullOrEmpty(Yclid) || !string.IsNullOrEmpty(PurchaseId);

    /// <inheritdoc />
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "ChatEvent(row {0}, {1}, {2:u}{3})", RowNumber, ChatPlatform, DateTime, IsAttributed ? ", attributed" : ", unattributed");
}
