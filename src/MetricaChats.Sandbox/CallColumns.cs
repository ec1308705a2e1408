namespace MetricaChats.Sandbox;

/// <summary>How a call column's values are checked.</summary>
internal enum CallValueRule
{
    UnixTime,
    FreeText,
    Digits,
    ZeroOrOne,
    Price,
    Currency,
    Phone,
    Seconds,
    Tag,
    Url,
}

/// <summary>One column of the call CSV as the sandbox understands it.</summary>
/// <param name="Name">Canonical spelling.</param>
/// <param name="Rule">Value check.</param>
/// <param name="Required">The header must have it and every row must fill it.</param>
/// <param name="MetricaId">One of the visitor ids (the header needs one, every row must fill one).</param>
internal sealed record CallColumn(string Name, CallValueRule Rule, bool Required, bool MetricaId);

/// <summary>
/// The sandbox's own table of call CSV columns (<c>upload_calls</c>), written from the calls
/// section of docs/metrica-api.md. Header names match case-insensitively, as for chats.
/// Correcting a name or a rule is a one-line change here.
/// </summary>
internal static class CallColumns
{
    /// <summary>The column that tells static calls (1) from dynamic ones (0, or empty).</summary>
    public const string StaticCall = "StaticCall";

    public static readonly IReadOnlyList<CallColumn> All = new[]
    {
        new CallColumn("UserId", CallValueRule.FreeText, Required: false, MetricaId: true),
        new CallColumn("ClientId", CallValueRule.Digits, Required: false, MetricaId: true),
        new CallColumn("Yclid", CallValueRule.Digits, Required: false, MetricaId: true),
        new CallColumn("DateTime", CallValueRule.UnixTime, Required: true, MetricaId: false),
        new CallColumn(StaticCall, CallValueRule.ZeroOrOne, Required: false, MetricaId: false),
        new CallColumn("Price", CallValueRule.Price, Required: false, MetricaId: false),
        new CallColumn("Currency", CallValueRule.Currency, Required: false, MetricaId: false),
        new CallColumn("PhoneNumber", CallValueRule.Phone, Required: false, MetricaId: false),
        new CallColumn("TalkDuration", CallValueRule.Seconds, Required: false, MetricaId: false),
        new CallColumn("HoldDuration", CallValueRule.Seconds, Required: false, MetricaId: false),
        new CallColumn("CallMissed", CallValueRule.ZeroOrOne, Required: false, MetricaId: false),
        new CallColumn("Tag", CallValueRule.Tag, Required: false, MetricaId: false),
        new CallColumn("FirstTimeCaller", CallValueRule.ZeroOrOne, Required: false, MetricaId: false),
        new CallColumn("URL", CallValueRule.Url, Required: false, MetricaId: false),
        new CallColumn("CallTrackerURL", CallValueRule.Url, Required: false, MetricaId: false),
    };

    /// <summary>
    /// The longest tag the sandbox accepts. Metrica publishes no bound for calls; the chat
    /// upload's 100 characters is borrowed (provisional).
    /// </summary>
    public const int MaxTagLength = 100;

    /// <summary>The visitor-id columns, as a list for messages.</summary>
    public static readonly string MetricaIdNames = string.Join(", ", All.Where(c => c.MetricaId).Select(c => c.Name));

    /// <summary>
    /// Currencies treated as supported: the same list as chats (one list for every offline
    /// upload). A well-formed code outside it drops the amount and currency silently.
    /// </summary>
    public static IReadOnlySet<string> SupportedCurrencies => ChatColumns.SupportedCurrencies;

    /// <summary>Finds a column by header name, ignoring case.</summary>
    public static CallColumn? Find(string headerName)
    {
        foreach (CallColumn column in All)
        {
            if (string.Equals(column.Name, headerName, StringComparison.OrdinalIgnoreCase))
            {
                return column;
            }
        }

        return null;
    }
}
