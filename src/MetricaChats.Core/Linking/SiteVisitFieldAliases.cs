using System;
using System.Collections.Generic;

namespace MetricaChats.Core.Linking;

/// <summary>
/// The names site logs really use for each <see cref="SiteVisitField"/> (CSV headers and object
/// properties), matched case-insensitively with <c>_</c>, <c>-</c> and spaces ignored. One table, used by
/// the CSV reader and by the cmdlet.
/// </summary>
public static class SiteVisitFieldAliases
{
    /// <summary>Every accepted name per field, for help and error messages.</summary>
    public static IReadOnlyDictionary<SiteVisitField, string[]> Names { get; } = new Dictionary<SiteVisitField, string[]>
    {
        [SiteVisitField.TrackingId] = new[] { "TrackingId", "tracking_id", "Ref", "RefId", "ChatTrackingId", "StartParameter", "start_param" },
        [SiteVisitField.ClientId] = new[] { "ClientId", "client_id", "ClientID", "_ym_uid", "ym_uid", "YmUid" },
        [SiteVisitField.UserId] = new[] { "UserId", "user_id", "UserID" },
        [SiteVisitField.Yclid] = new[] { "Yclid", "yclid", "ym_yclid" },
        [SiteVisitField.PurchaseId] = new[] { "PurchaseId", "purchase_id", "PurchaseID", "OrderId", "order_id" },
    };

    private static readonly FieldNameTable<SiteVisitField> Table = new(Names, Key);

    /// <summary>The field <paramref name="name"/> stands for, or null when it is none of them.</summary>
    public static SiteVisitField? Resolve(string? name) => Table.Resolve(name);

    private static string Key(string name)
    {
        var chars = new List<char>(name.Length);
        foreach (var c in name.Trim().TrimStart('\uFEFF'))
        {
            if (c != '-' && c != ' ')
            {
                chars.Add(char.ToLowerInvariant(c));
            }
        }

        // "_ym_uid" keeps its leading underscore meaning; other underscores are spelling.
        var s = new string(chars.ToArray());
        return s.StartsWith("_", StringComparison.Ordinal) ? "_" + s.Replace("_", string.Empty) : s.Replace("_", string.Empty);
    }
}
