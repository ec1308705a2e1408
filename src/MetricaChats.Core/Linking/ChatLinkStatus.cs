namespace MetricaChats.Core.Linking;

/// <summary>What the join did with one chat.</summary>
public enum ChatLinkStatus
{
    /// <summary>The chat's tracking id was found in the site records; their Metrica ids were filled in.</summary>
    Matched = 1,

    /// <summary>The chat carried a tracking id the site records do not have; it goes unattributed.</summary>
    NotFound,

    /// <summary>No tracking id in the chat (an organic chat, or the tag was deleted); it goes unattributed.</summary>
    NoTrackingId,

    /// <summary>No site match, but the chat already carried its own Metrica ids; it goes with those.</summary>
    AlreadyAttributed,

    /// <summary>
    /// The chat's tracking id is in the site records, but only in rows the join refused (no
    /// ClientId, UserId, Yclid or PurchaseId); it goes unattributed. Not the same as
    /// <see cref="NotFound"/>: the site did record the id, without a Metrica id beside it.
    /// </summary>
    SiteRecordRefused,
}
