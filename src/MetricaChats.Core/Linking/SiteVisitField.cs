namespace MetricaChats.Core.Linking;

/// <summary>The fields of a <see cref="SiteVisit"/>.</summary>
public enum SiteVisitField
{
    /// <summary>The tracking id.</summary>
    TrackingId = 1,

    /// <summary>Metrica ClientID.</summary>
    ClientId,

    /// <summary>Site user id.</summary>
    UserId,

    /// <summary>Yandex Direct click id.</summary>
    Yclid,

    /// <summary>Order id.</summary>
    PurchaseId,
}
