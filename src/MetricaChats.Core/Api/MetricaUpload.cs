using System;

namespace MetricaChats.Core.Api;

/// <summary>One offline-conversion upload (a chat upload) as Metrica reports it.</summary>
public sealed class MetricaUpload
{
    /// <summary>Upload id.</summary>
    public long Id { get; init; }

    /// <summary>The counter it belongs to (from the request; Metrica's object does not carry it).</summary>
    public int CounterId { get; init; }

    /// <summary>When Metrica received it (UTC), or null when not reported.</summary>
    public DateTimeOffset? CreateTime { get; init; }

    /// <summary>Rows in the uploaded file.</summary>
    public long SourceQuantity { get; init; }

    /// <summary>Rows that passed Metrica's validation; fewer than <see cref="SourceQuantity"/> means Metrica rejected rows.</summary>
    public long LineQuantity { get; init; }

    /// <summary>The upload's comment (for MetricaChats uploads it ends with the batch marker).</summary>
    public string? Comment { get; init; }

    /// <summary>Upload type (<c>CHATS</c> for chat uploads; the list also holds other offline conversions).</summary>
    public string? Type { get; init; }

    /// <summary>Client id type, when Metrica reports one.</summary>
    public string? ClientIdType { get; init; }

    /// <summary>Status: <c>PREPARED</c>, <c>UPLOADED</c>, <c>EXPORTED</c>, <c>MATCHED</c>, <c>PROCESSED</c> or <c>LINKAGE_FAILURE</c>.</summary>
    public string Status { get; init; } = string.Empty;

    /// <summary>True once processing is over (<c>PROCESSED</c> or <c>LINKAGE_FAILURE</c>).</summary>
    public bool IsFinal => MetricaUploadStatus.IsFinal(Status);

    /// <summary>
    /// Rows Metrica joined to a visitor (<c>linked_quantity</c>): the chats attributed to visits.
    /// Null when Metrica did not report it (before processing ends, or an older API answer).
    /// </summary>
    public long? LinkedQuantity { get; init; }

    /// <summary>Rows whose ids matched no visitor (<c>user_not_found_quantity</c>), or null when not reported.</summary>
    public long? UserNotFoundQuantity { get; init; }

    /// <summary>Rows whose goal was not found (<c>goal_not_found_quantity</c>), or null when not reported.</summary>
    public long? GoalNotFoundQuantity { get; init; }

    /// <summary>Rows Metrica rejected during validation (<see cref="SourceQuantity"/> minus <see cref="LineQuantity"/>, never negative).</summary>
    public long RejectedByMetrica => SourceQuantity > LineQuantity ? SourceQuantity - LineQuantity : 0;

    /// <inheritdoc />
    public override string ToString() =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, "MetricaUpload({0}, counter {1}, {2}, {3}/{4} rows{5})", Id, CounterId, Status, LineQuantity, SourceQuantity, LinkedQuantity is { } linked ? ", " + linked.ToString(System.Globalization.CultureInfo.InvariantCulture) + " linked" : string.Empty);
}
