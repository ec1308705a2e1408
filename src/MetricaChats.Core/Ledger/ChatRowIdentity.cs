using System;
using System.Collections.Generic;
using System.Globalization;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Wire;

namespace MetricaChats.Core.Ledger;

/// <summary>
/// The identity of a chat conversion, as the ledger records it (documented in
/// docs/reliability.md): one key per chat partner id the row carries (username, messenger user
/// id, phone), each made of the platform, which id, its value and the chat's time in Unix
/// seconds. Usernames compare without case (messengers treat them so). Every other column
/// (the Metrica ids, answered flag, tag, price, currency, URLs) is kept as a two-byte hash so
/// that a later row for the same chat with other values can be reported by field name.
/// </summary>
internal sealed class ChatRowIdentity : IDisposable
{
    /// <summary>The upload kind's name, part of every key.</summary>
    public const string Kind = "CHATS";

    private static readonly ChatField[] Fields =
    {
        ChatField.ChatUsername, ChatField.ChatUserId, ChatField.PhoneNumber,
        ChatField.ClientId, ChatField.UserId, ChatField.Yclid, ChatField.PurchaseId,
        ChatField.Answered, ChatField.Tag, ChatField.Revenue, ChatField.Currency,
        ChatField.Url, ChatField.TrackerUrl,
    };

    private readonly RowIdentityBuilder _builder = new();

    /// <summary>The compared fields' column names, in field-hash order.</summary>
    public static IReadOnlyList<string> FieldNames { get; } = Array.ConvertAll(Fields, ChatCsvSchema.ColumnName);

    /// <summary>The identity of one normalised chat.</summary>
    public RowIdentity Of(ChatEvent chat)
    {
        if (chat is null)
        {
            throw new ArgumentNullException(nameof(chat));
        }

        var time = chat.UnixTime;
        var platform = ChatCsvSchema.PlatformValue(chat.ChatPlatform);
        var keys = new List<byte[]>(3);
        if (!string.IsNullOrEmpty(chat.ChatUsername))
        {
            keys.Add(_builder.Key(Kind, platform, "username", chat.ChatUsername!.ToLowerInvariant(), time));
        }

        if (!string.IsNullOrEmpty(chat.ChatUserId))
        {
            keys.Add(_builder.Key(Kind, platform, "userid", chat.ChatUserId, time));
        }

        if (!string.IsNullOrEmpty(chat.PhoneNumber))
        {
            keys.Add(_builder.Key(Kind, platform, "phone", chat.PhoneNumber, time));
        }

        var fields = new byte[Fields.Length * 2];
        for (var i = 0; i < Fields.Length; i++)
        {
            RowIdentityBuilder.FieldHash(Value(chat, Fields[i]), fields, i);
        }

        return new RowIdentity(keys.ToArray(), fields, time);
    }

    public void Dispose() => _builder.Dispose();

    private static string? Value(ChatEvent chat, ChatField field) => field switch
    {
        ChatField.ChatUsername => chat.ChatUsername?.ToLowerInvariant(),
        ChatField.ChatUserId => chat.ChatUserId,
        ChatField.PhoneNumber => chat.PhoneNumber,
        ChatField.ClientId => chat.ClientId,
        ChatField.UserId => chat.UserId,
        ChatField.Yclid => chat.Yclid,
        ChatField.PurchaseId => chat.PurchaseId,
        ChatField.Answered => chat.Answered is { } a ? (a ? "1" : "0") : null,
        ChatField.Tag => chat.Tag,
        ChatField.Revenue => chat.Revenue?.ToString(CultureInfo.InvariantCulture),
        ChatField.Currency => chat.Currency,
        ChatField.Url => chat.Url,
        ChatField.TrackerUrl => chat.TrackerUrl,
        _ => null,
    };
}
