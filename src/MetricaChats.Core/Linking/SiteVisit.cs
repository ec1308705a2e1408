namespace MetricaChats.Core.Linking;

/// <summary>
/// What the site recorded when it handed out a tracking id: the id and the Metrica ids of the
/// visit (at least one of ClientId, UserId, Yclid, PurchaseId).
/// </summary>
public sealed class SiteVisit
{
    /// <summary>1-based row in the source (data rows, header excluded); 0 when unknown.</summary>
    public long RowNumber { get; init; }

    /// <summary>The tracking id put into the messenger link.</summary>
    public string? TrackingId { get; init; }

    /// <summary>Metrica ClientID of the visitor (the <c>_ym_uid</c> cookie).</summary>
    public string? ClientId { get; init; }

    /// <summary>The site's own user id.</summary>
    public string? UserId { get; init; }

    /// <summary>Yandex Direct click id.</summary>
    public string? Yclid { get; init; }

    /// <summary>Order id.</summary>
    public string? PurchaseId { get; init; }

    /// <summary>True when at least one Metrica id is present.</summary>
    public bool HasMetricaId =>
        !string.IsNullOrWhiteSpace(ClientId) || !string.IsNullOrWhiteSpace(UserId) ||
        !string.IsNullOrWhiteSpace(Yclid) || !string.IsNullOrWhiteSpace(PurchaseId);

    /// <summary>True when both carry the same Metrica ids (compared after trimming).</summary>
    public bool SameIdsAs(SiteVisit other) =>
        Same(ClientId, other.ClientId) && Same(UserId, other.UserId) && Same(Yclid, other.Yclid) && Same(PurchaseId, other.PurchaseId);

    /// <inheritdoc />
    public override string ToString() => "SiteVisit(row " + RowNumber + ", " + TrackingId + ")";

    private static bool Same(string? a, string? b) =>
        string.Equals(a?.Trim() ?? string.Empty, b?.Trim() ?? string.Empty, System.StringComparison.Ordinal);
}
