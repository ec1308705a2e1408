using System;
using System.Collections.Generic;

namespace MetricaChats.Core.Chats;

/// <summary>
/// THE one table of input names per <see cref="ChatField"/>: the canonical name (the
/// <see cref="ChatField"/> member name, which is also the <see cref="ChatRecord"/> property
/// name) followed by the aliases that chat exports, trackers and bot logs really use.
/// Matching is exact but case-insensitive (ordinal). The PowerShell cmdlet's <c>[Alias]</c>
/// attributes and the command line's CSV header mapping are both taken from (and tested
/// against) this table; no name appears under two fields.
/// </summary>
public static class ChatFieldAliases
{
    // Canonical name first. Keep every name unique across the whole table (a test checks it).
    private static readonly (ChatField Field, string[] Names)[] Table =
    {
        (ChatField.DateTime, new[]
        {
            "DateTime", "Timestamp", "Date", "Time", "Date Time", "Date_Time", "EventTime", "Event_Time",
            "MessageTime", "Message_Time", "MessageDate", "Message_Date", "Created", "CreatedAt", "Created_At",
            "CreateTime", "Create_Time", "StartTime", "Start_Time", "ChatDateTime", "ChatStart", "Дата", "Дата и время",
            "Время", "Дата/время", "Дата создания", "Дата обращения", "Время обращения", "Дата и время обращения", "Дата сообщения",
        }),
        (ChatField.ChatPlatform, new[]
        {
            "ChatPlatform", "Chat_Platform", "Chat Platform", "Platform", "Messenger", "Channel", "App", "ChatType", "Chat_Type", "ChannelType", "Channel_Type", "Мессенджер", "Канал", "Канал связи", "Платформа",
        }),
        (ChatField.ChatUsername, new[]
        {
            "ChatUsername", "Chat_Username", "Username", "User_Name", "User Name", "Login", "Nickname", "Nick",
            "Handle", "TelegramUsername", "Telegram_Username", "ClientName", "Client_Name", "ContactName", "Contact_Name",
            "Клиент", "Имя клиента", "Имя пользователя", "Логин", "Ник",
        }),
        (ChatField.ChatUserId, new[]
        {
            "ChatUserId", "Chat_User_Id", "MessengerUserId", "Messenger_User_Id", "ChatId", "Chat_Id",
            "TelegramId", "Telegram_Id", "TelegramUserId", "Telegram_User_Id", "WaId", "Wa_Id", "ViberId", "Viber_Id", "ID чата", "ID в мессенджере",
        }),
        (ChatField.PhoneNumber, new[]
        {
            "PhoneNumber", "Phone_Number", "Phone Number", "Phone", "Tel", "Telephone", "Mobile", "Msisdn", "Телефон", "Номер телефона", "Телефон клиента", "Мобильный телефон", "Контактный телефон",
        }),
        (ChatField.ClientId, new[]
        {
            "ClientId", "Client_Id", "_ym_uid", "ym_uid", "YmUid", "MetricaClientId", "Metrica_Client_Id",
            "MetrikaClientId", "Metrika_Client_Id", "Ym_Client_Id", "ClientID Метрики", "Yandex ClientID",
        }),
        (ChatField.UserId, new[]
        {
            "UserId", "User_Id", "SiteUserId", "Site_User_Id", "CustomerId", "Customer_Id",
        }),
        (ChatField.Yclid, new[]
        {
            "Yclid", "YandexClickId", "Yandex_Click_Id", "DirectClickId", "Direct_Click_Id",
        }),
        (ChatField.PurchaseId, new[]
        {
            "PurchaseId", "Purchase_Id", "OrderId", "Order_Id", "TransactionId", "Transaction_Id", "Номер заказа", "ID заказа", "ID сделки",
        }),
        (ChatField.Answered, new[]
        {
            "Answered", "ChatAnswered", "Chat_Answered", "IsAnswered", "Is_Answered", "Replied", "Responded", "Отвечен", "Отвечено",
        }),
        (ChatField.Tag, new[]
        {
            "Tag", "ChatTag", "Chat_Tag", "Label", "Segment", "Tags", "Тег", "Теги", "Метка", "Метки",
        }),
        (ChatField.Revenue, new[]
        {
            "Revenue", "Price", "Amount", "Sum", "Total", "OrderSum", "Order_Sum", "Сумма", "Бюджет", "Сумма сделки", "Сумма заказа", "Выручка",
        }),
        (ChatField.Currency, new[]
        {
            "Currency", "CurrencyCode", "Currency_Code", "Валюта",
        }),
        (ChatField.Url, new[]
        {
            "Url", "Page", "PageUrl", "Page_Url", "Link", "LandingPage", "Landing_Page", "Landing", "StartUrl", "Start_Url", "Страница", "Ссылка", "Страница входа", "URL страницы", "Адрес страницы",
        }),
        (ChatField.TrackerUrl, new[]
        {
            "TrackerUrl", "Tracker_Url", "ChatTrackerUrl", "TrackerLink", "Tracker_Link", "ChatUrl", "Chat_Url",
            "ChatLink", "Chat_Link", "ConversationUrl", "Conversation_Url", "DialogUrl", "Dialog_Url", "Ссылка на чат", "Ссылка на диалог",
        }),
    };

    private static readonly Dictionary<string, ChatField> ByName = BuildIndex();

    private static readonly Dictionary<ChatField, IReadOnlyList<string>> ByField = BuildFieldIndex();

    /// <summary>Every field with its names, canonical first, in column order.</summary>
    public static IReadOnlyList<KeyValuePair<ChatField, IReadOnlyList<string>>> All { get; } = BuildAll();

    /// <summary>
    /// Resolves an input name (a CSV header, an object property) to its field, ignoring case
    /// and surrounding white space.
    /// </summary>
    /// <param name="name">The name as found in the input.</param>
    /// <param name="field">The field, when the name is known.</param>
    /// <returns>True when the name is the canonical name or an alias of a field.</returns>
    public static bool TryResolve(string? name, out ChatField field)
    {
        field = default;
        if (name is null)
        {
            return false;
        }

        if (ByName.TryGetValue(name, out field))
        {
            return true;
        }

        var trimmed = name.Trim();
        return trimmed.Length != name.Length && ByName.TryGetValue(trimmed, out field);
    }

    /// <summary>The names of a field: the canonical name first, then the aliases.</summary>
    /// <param name="field">The field.</param>
    /// <returns>A read-only list of at least one name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="ChatField"/>.</exception>
    public static IReadOnlyList<string> NamesOf(ChatField field) =>
        ByField.TryGetValue(field, out var names)
            ? names
            : throw new ArgumentOutOfRangeException(nameof(field), field, "Not a defined ChatField.");

    /// <summary>The aliases of a field, without its canonical name.</summary>
    /// <param name="field">The field.</param>
    /// <returns>A read-only list, possibly empty.</returns>
    public static IReadOnlyList<string> AliasesOf(ChatField field)
    {
        var names = NamesOf(field);
        var aliases = new string[names.Count - 1];
        for (var i = 1; i < names.Count; i++)
        {
            aliases[i - 1] = names[i];
        }

        return Array.AsReadOnly(aliases);
    }

    private static Dictionary<string, ChatField> BuildIndex()
    {
        var index = new Dictionary<string, ChatField>(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, names) in Table)
        {
            foreach (var name in names)
            {
                if (index.TryGetValue(name, out var other))
                {
                    throw new InvalidOperationException($"Alias table: '{name}' is listed under {other} and {field}.");
                }

                index.Add(name, field);
            }
        }

        return index;
    }

    private static Dictionary<ChatField, IReadOnlyList<string>> BuildFieldIndex()
    {
        var index = new Dictionary<ChatField, IReadOnlyList<string>>();
        foreach (var (field, names) in Table)
        {
            index.Add(field, Array.AsReadOnly((string[])names.Clone()));
        }

        return index;
    }

    private static IReadOnlyList<KeyValuePair<ChatField, IReadOnlyList<string>>> BuildAll()
    {
        var all = new KeyValuePair<ChatField, IReadOnlyList<string>>[Table.Length];
        for (var i = 0; i < Table.Length; i++)
        {
            all[i] = new KeyValuePair<ChatField, IReadOnlyList<string>>(Table[i].Field, Array.AsReadOnly((string[])Table[i].Names.Clone()));
        }

        return Array.AsReadOnly(all);
    }
}
