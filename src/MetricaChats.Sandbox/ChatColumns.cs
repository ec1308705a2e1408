namespace MetricaChats.Sandbox;

/// <summary>How a column's values are checked.</summary>
internal enum ChatValueRule
{
    UnixTime,
    Platform,
    FreeText,
    Phone,
    Digits,
    ZeroOrOne,
    Tag,
    Price,
    Currency,
    Url,
}

/// <summary>One column of the chat CSV as the sandbox understands it.</summary>
/// <param name="Name">Canonical spelling.</param>
/// <param name="Rule">Value check.</param>
/// <param name="Required">The header must have it and every row must fill it.</param>
/// <param name="PartnerId">One of the chat-partner ids (at least one per row).</param>
/// <param name="MetricaId">One of the ids that attribute a row to a visitor.</param>
/// <param name="Provisional">The name is provisional in metrica-api.md.</param>
internal sealed record ChatColumn(string Name, ChatValueRule Rule, bool Required, bool PartnerId, bool MetricaId, bool Provisional);

/// <summary>
/// The sandbox's own table of chat CSV columns, written from docs/metrica-api.md and the team's
/// provisional names. Header names match case-insensitively, because the casing is provisional.
/// Correcting a name is a one-line change here.
/// </summary>
internal static class ChatColumns
{
    public static readonly IReadOnlyList<ChatColumn> All = new[]
    {
        new ChatColumn("DateTime", ChatValueRule.UnixTime, Required: true, PartnerId: false, MetricaId: false, Provisional: false),
        new ChatColumn("ChatPlatform", ChatValueRule.Platform, Required: true, PartnerId: false, MetricaId: false, Provisional: false),
        new ChatColumn("ChatUsername", ChatValueRule.FreeText, Required: false, PartnerId: true, MetricaId: false, Provisional: false),
        new ChatColumn("ChatUserID", ChatValueRule.FreeText, Required: false, PartnerId: true, MetricaId: false, Provisional: false),
        new ChatColumn("PhoneNumber", ChatValueRule.Phone, Required: false, PartnerId: true, MetricaId: false, Provisional: false),
        new ChatColumn("ClientId", ChatValueRule.Digits, Required: false, PartnerId: false, MetricaId: true, Provisional: true),
        new ChatColumn("UserId", ChatValueRule.FreeText, Required: false, PartnerId: false, MetricaId: true, Provisional: true),
        new ChatColumn("Yclid", ChatValueRule.Digits, Required: false, PartnerId: false, MetricaId: true, Provisional: true),
        new ChatColumn("PurchaseId", ChatValueRule.FreeText, Required: false, PartnerId: false, MetricaId: true, Provisional: true),
        new ChatColumn("ChatAnswered", ChatValueRule.ZeroOrOne, Required: false, PartnerId: false, MetricaId: false, Provisional: true),
        new ChatColumn("ChatTag", ChatValueRule.Tag, Required: false, PartnerId: false, MetricaId: false, Provisional: true),
        new ChatColumn("Price", ChatValueRule.Price, Required: false, PartnerId: false, MetricaId: false, Provisional: true),
        new ChatColumn("Currency", ChatValueRule.Currency, Required: false, PartnerId: false, MetricaId: false, Provisional: true),
        new ChatColumn("URL", ChatValueRule.Url, Required: false, PartnerId: false, MetricaId: false, Provisional: true),
        new ChatColumn("ChatTrackerURL", ChatValueRule.Url, Required: false, PartnerId: false, MetricaId: false, Provisional: true),
    };

    /// <summary>Chat platforms Metrica accepts, lower case only.</summary>
    public static readonly IReadOnlyList<string> Platforms = new[] { "whatsapp", "telegram", "viber" };

    /// <summary>The longest tag Metrica keeps.</summary>
    public const int MaxTagLength = 100;

    /// <summary>
    /// Currencies the sandbox treats as supported. A well-formed code outside this list is not
    /// an error: like other offline uploads, the amount and currency are dropped silently.
    /// </summary>
    public static readonly IReadOnlySet<string> SupportedCurrencies = new HashSet<string>(StringComparer.Ordinal)
    {
        "RUB", "USD", "EUR", "UAH", "KZT", "BYN", "TRY", "GBP", "CHF", "CNY", "UZS", "AMD", "GEL", "AZN", "KGS", "MDL",
    };

    /// <summary>Finds a column by header name, ignoring case.</summary>
    public static ChatColumn? Find(string headerName)
    {
        foreach (ChatColumn column in All)
        {
            if (string.Equals(column.Name, headerName, StringComparison.OrdinalIgnoreCase))
            {
                return column;
            }
        }

        return null;
    }
}
