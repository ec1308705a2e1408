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

    // Compact storage (the engine creates millions of these): UTC ticks instead of a
    // DateTimeOffset, and the two nullable values as a flag byte plus a plain decimal.
    private const byte HasRevenue = 1;
    private const byte HasAnswered = 2;
    private const byte AnsweredTrue = 4;
    private long _utcTicks;
    private decimal _revenue;
    private byte _flags;

    /// <summary>Event time in UTC (a value given with another offset is stored as the same instant in UTC).</summary>
    public DateTimeOffset DateTime
    {
        get => new(_utcTicks, TimeSpan.Zero);
        init => _utcTicks = value.UtcTicks;
    }

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
    public bool? Answered
    {
        get => (_flags & HasAnswered) != 0 ? (_flags & AnsweredTrue) != 0 : null;
        init => _flags = (byte)((_flags & ~(HasAnswered | AnsweredTrue)) | (value is null ? 0 : HasAnswered | (value.Value ? AnsweredTrue : 0)));
    }

    /// <summary>Segmentation tag (at most 100 characters), or null.</summary>
    public string? Tag { get; init; }

    /// <summary>Revenue (non-negative), or null.</summary>
    public decimal? Revenue
    {
        get => (_flags & HasRevenue) != 0 ? _revenue : null;
        init
        {
            _revenue = value ?? 0m;
            _flags = (byte)(value is null ? _flags & ~HasRevenue : _flags | HasRevenue);
        }
    }

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
