using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MetricaChats.Core.Linking;

/// <summary>
/// The counts of a join, for both sides. Complete once the chats have been enumerated; the chat
/// counts reconcile: <c>ChatsRead = Matched + NotFound + SiteRecordRefused + NoTrackingId + AlreadyAttributed</c>.
/// </summary>
public sealed class ChatJoinReport
{
    /// <summary>Most ids listed in each sample.</summary>
    public const int SampleSize = 100;

    internal List<string> NotFoundSample { get; } = new();

    internal List<string> ChatDuplicateSample { get; } = new();

    internal List<string> SiteDuplicateSample { get; set; } = new();

    /// <summary>Site records read.</summary>
    public long SiteRecordsRead { get; internal set; }

    /// <summary>Site records refused (no or invalid tracking id, no Metrica id).</summary>
    public long SiteRecordsRejected { get; internal set; }

    /// <summary>Distinct tracking ids in the site records.</summary>
    public int SiteIds { get; internal set; }

    /// <summary>Tracking ids that came more than once in the site records (the first record is used).</summary>
    public int SiteDuplicateIds { get; internal set; }

    /// <summary>Of <see cref="SiteDuplicateIds"/>, those whose records disagree on the Metrica ids.</summary>
    public int SiteConflictingIds { get; internal set; }

    /// <summary>Chats read.</summary>
    public long ChatsRead { get; internal set; }

    /// <summary>Chats joined to a site record.</summary>
    public long Matched { get; internal set; }

    /// <summary>Chats whose tracking id the site records do not have (sent unattributed).</summary>
    public long NotFound { get; internal set; }

    /// <summary>Chats whose tracking id the site recorded only in refused rows (no Metrica id beside it; sent unattributed).</summary>
    public long SiteRecordRefused { get; internal set; }

    /// <summary>Chats without a tracking id (sent unattributed).</summary>
    public long NoTrackingId { get; internal set; }

    /// <summary>Chats without a site match that carried their own Metrica ids.</summary>
    public long AlreadyAttributed { get; internal set; }

    /// <summary>Chats that go without any Metrica id: <see cref="NotFound"/> + <see cref="SiteRecordRefused"/> + <see cref="NoTrackingId"/>.</summary>
    public long Unattributed => NotFound + SiteRecordRefused + NoTrackingId;

    /// <summary>Tracking ids carried by more than one chat (the same visitor wrote twice, or a link was shared).</summary>
    public int ChatDuplicateIds { get; internal set; }

    /// <summary>Chats whose message held two or more different ids (the first found in the site records is used).</summary>
    public long AmbiguousChats { get; internal set; }

    /// <summary>Up to 100 ids that were not found in the site records.</summary>
    public IReadOnlyList<string> NotFoundIdSample => NotFoundSample;

    /// <summary>Up to 100 ids seen more than once in the chats.</summary>
    public IReadOnlyList<string> ChatDuplicateIdSample => ChatDuplicateSample;

    /// <summary>Up to 100 ids seen more than once in the site records.</summary>
    public IReadOnlyList<string> SiteDuplicateIdSample => SiteDuplicateSample;

    /// <summary>A few lines a person can read.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendFormat(CultureInfo.InvariantCulture, "Site records: {0:N0} read, {1:N0} refused, {2:N0} distinct ids; ids seen twice or more: {3:N0} ({4:N0} with different Metrica ids).", SiteRecordsRead, SiteRecordsRejected, SiteIds, SiteDuplicateIds, SiteConflictingIds);
        sb.AppendLine();
        sb.AppendFormat(CultureInfo.InvariantCulture, "Chats: {0:N0} read, {1:N0} matched, {2:N0} unattributed ({3:N0} id not found, {7:N0} id only in refused site records, {4:N0} without id), {5:N0} with their own Metrica ids; ids in two or more chats: {6:N0}.", ChatsRead, Matched, Unattributed, NotFound, NoTrackingId, AlreadyAttributed, ChatDuplicateIds, SiteRecordRefused);
        if (NotFoundSample.Count > 0)
        {
            sb.AppendLine();
            sb.Append("Not found: ").Append(string.Join(", ", NotFoundSample.Count > 10 ? NotFoundSample.GetRange(0, 10) : NotFoundSample));
            if (NotFound > 10)
            {
                sb.Append(", ...");
            }
        }

        return sb.ToString();
    }
}
