namespace MetricaChats.Core.Chats;

/// <summary>
/// Every field a chat conversion carries. Column names on the wire live in one table
/// (<c>MetricaChats.Core.Wire.ChatCsvSchema</c>); input names and aliases in another
/// (<c>ChatFieldAliases</c>). Nothing else in the code spells a column name.
/// </summary>
public enum ChatField
{
    /// <summary>When the chat happened.</summary>
    DateTime = 1,

    /// <summary>The messenger.</summary>
    ChatPlatform,

    /// <summary>The chat partner's username in the messenger.</summary>
    ChatUsername,

    /// <summary>The chat partner's user id in the messenger.</summary>
    ChatUserId,

    /// <summary>The chat partner's phone number.</summary>
    PhoneNumber,

    /// <summary>Metrica's visitor id (the <c>_ym_uid</c> cookie).</summary>
    ClientId,

    /// <summary>The site's own user id.</summary>
    UserId,

    /// <summary>Yandex Direct click id.</summary>
    Yclid,

    /// <summary>Order id.</summary>
    PurchaseId,

    /// <summary>Whether an operator answered.</summary>
    Answered,

    /// <summary>Free-text tag for segmentation (at most 100 characters).</summary>
    Tag,

    /// <summary>Revenue amount.</summary>
    Revenue,

    /// <summary>ISO 4217 currency code of the revenue.</summary>
    Currency,

    /// <summary>The page the chat started from.</summary>
    Url,

    /// <summary>A link into the chat-tracking service.</summary>
    TrackerUrl,
}
