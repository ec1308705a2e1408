using System;
using System.Collections.Generic;
using System.Linq;
using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Linking;

/// <summary>
/// Joins chats to site visits by tracking id: each chat's id (given, from a start parameter, or
/// read from its first message) is looked up in a <see cref="SiteVisitTable"/>, and the site
/// record's ClientId, UserId, Yclid and PurchaseId fill the chat's empty Metrica ids.
/// </summary>
/// <remarks>
/// Chats stream: one in, one out, nothing kept per chat except, for ids not in the site records, a
/// set of those seen (bounded at 100,000 ids) to count duplicates among them. Every chat comes out:
/// a chat without a match goes on unattributed, as Metrica accepts it, and is counted in <see cref="Report"/>.
/// The chat's own Metrica ids are never overwritten. Not thread-safe.
/// </remarks>
public sealed class ChatVisitJoiner
{
    /// <summary>Most not-found ids remembered for counting duplicates among them.</summary>
    public const int MaxRememberedUnknownIds = 100_000;

    private readonly SiteVisitTable table;
    private readonly ChatValueResolver? values;
    private readonly TrackingIdExtractor extractor;
    private readonly HashSet<string> unknownSeen = new(StringComparer.Ordinal);
    private readonly HashSet<string> unknownDuplicates = new(StringComparer.Ordinal);
    private long siteRecordsSeen = -1;

    /// <summary>Creates a joiner over <paramref name="table"/>, reading ids with the table's extractor.</summary>
    public ChatVisitJoiner(SiteVisitTable table)
        : this(table, null)
    {
    }

    /// <summary>
    /// Creates a joiner that also settles times without an offset and national phone numbers with
    /// <paramref name="values"/> (a named zone, a default region), so the joined chats no longer depend on them.
    /// </summary>
    public ChatVisitJoiner(SiteVisitTable table, ChatValueResolver? values)
    {
        this.table = table ?? throw new ArgumentNullException(nameof(table));
        this.values = values is { IsEmpty: false } ? values : null;
        extractor = table.Extractor;
        Report = new ChatJoinReport();
        RefreshSiteCounts();
    }

    /// <summary>The counts so far; final once the chats are all joined.</summary>
    public ChatJoinReport Report { get; }

    /// <summary>Joins every chat, lazily, in order.</summary>
    public IEnumerable<LinkedChat> JoinAll(IEnumerable<TrackedChat> chats)
    {
        if (chats is null)
        {
            throw new ArgumentNullException(nameof(chats));
        }

        return Iterate(chats);
    }

    /// <summary>Joins one chat.</summary>
    public LinkedChat Join(TrackedChat chat)
    {
        if (chat is null)
        {
            throw new ArgumentNullException(nameof(chat));
        }

        RefreshSiteCounts();
        Report.ChatsRead++;
        var match = FindId(chat);
        SiteVisit? visit = null;
        string? id = match?.TrackingId;
        if (match is not null)
        {
            if (match.IsAmbiguous)
            {
                Report.AmbiguousChats++;
            }

            foreach (var candidate in match.Candidates)
            {
                visit = table.Find(candidate);
                if (visit is not null)
                {
                    id = candidate;
                    break;
                }
            }
        }

        var r = chat.Record;
        ChatLinkStatus status;
        if (visit is not null)
        {
            status = ChatLinkStatus.Matched;
            Report.Matched++;
            if (table.MarkMatched(id!) == 2)
            {
                CountChatDuplicate(id!);
            }
        }
        else if (HasMetricaId(r))
        {
            status = ChatLinkStatus.AlreadyAttributed;
            Report.AlreadyAttributed++;
        }
        else if (id is not null && (table.WasRefused(id) || match!.Candidates.Any(table.WasRefused)))
        {
            status = ChatLinkStatus.SiteRecordRefused;
            Report.SiteRecordRefused++;
        }
        else if (id is not null)
        {
            status = ChatLinkStatus.NotFound;
            Report.NotFound++;
            if (Report.NotFoundSample.Count < ChatJoinReport.SampleSize && !Report.NotFoundSample.Contains(id))
            {
                Report.NotFoundSample.Add(id);
            }
        }
        else
        {
            status = ChatLinkStatus.NoTrackingId;
            Report.NoTrackingId++;
        }

        if (id is not null && visit is null)
        {
            RememberUnknown(id);
        }

        return new LinkedChat
        {
            RowNumber = r.RowNumber,
            DateTime = values is null ? r.DateTime : values.Time(r.DateTime),
            ChatPlatform = r.ChatPlatform,
            ChatUsername = r.ChatUsername,
            ChatUserId = r.ChatUserId,
            PhoneNumber = values is null ? r.PhoneNumber : values.Phone(r.PhoneNumber),
            ClientId = Pick(r.ClientId, visit?.ClientId),
            UserId = Pick(r.UserId, visit?.UserId),
            Yclid = Pick(r.Yclid, visit?.Yclid),
            PurchaseId = Pick(r.PurchaseId, visit?.PurchaseId),
            Answered = r.Answered,
            Tag = r.Tag,
            Revenue = r.Revenue,
            Currency = r.Currency,
            Url = r.Url,
            TrackerUrl = r.TrackerUrl,
            TrackingId = id,
            TrackingIdSource = match?.Source,
            LinkStatus = status,
            SiteRowNumber = visit?.RowNumber ?? 0,
        };
    }

    private static string? Pick(string? own, string? site) =>
        !string.IsNullOrWhiteSpace(own) ? own : string.IsNullOrWhiteSpace(site) ? null : site!.Trim();

    private static bool HasMetricaId(ChatRecord r) =>
        !string.IsNullOrWhiteSpace(r.ClientId) || !string.IsNullOrWhiteSpace(r.UserId) ||
        !string.IsNullOrWhiteSpace(r.Yclid) || !string.IsNullOrWhiteSpace(r.PurchaseId);

    private IEnumerable<LinkedChat> Iterate(IEnumerable<TrackedChat> chats)
    {
        foreach (var chat in chats)
        {
            yield return Join(chat);
        }
    }

    private TrackingIdMatch? FindId(TrackedChat chat)
    {
        if (!string.IsNullOrWhiteSpace(chat.TrackingId))
        {
            var given = chat.TrackingId!.Trim();
            var id = extractor.Canonicalize(given);
            if (id is not null)
            {
                return new TrackingIdMatch(id, TrackingIdSource.StartParameter, given);
            }

            // A column that holds "/start <id>" or "[#ref <id>]" rather than the bare id.
            if (extractor.Find(given) is { } inGiven)
            {
                return inGiven;
            }
        }

        return extractor.FromStartParameter(chat.StartParameter) ?? extractor.Find(chat.FirstMessage);
    }

    private void RememberUnknown(string id)
    {
        if (unknownSeen.Contains(id))
        {
            if (unknownDuplicates.Add(id))
            {
                CountChatDuplicate(id);
            }
        }
        else if (unknownSeen.Count < MaxRememberedUnknownIds)
        {
            unknownSeen.Add(id);
        }
    }

    private void CountChatDuplicate(string id)
    {
        Report.ChatDuplicateIds++;
        if (Report.ChatDuplicateSample.Count < ChatJoinReport.SampleSize)
        {
            Report.ChatDuplicateSample.Add(id);
        }
    }

    private void RefreshSiteCounts()
    {
        if (table.RecordsRead == siteRecordsSeen && Report.SiteIds == table.Count)
        {
            return;
        }

        siteRecordsSeen = table.RecordsRead;
        Report.SiteRecordsRead = table.RecordsRead;
        Report.SiteRecordsRejected = table.RecordsRejected;
        Report.SiteIds = table.Count;
        Report.SiteDuplicateIds = table.DuplicateIds;
        Report.SiteConflictingIds = table.ConflictingIds;
        Report.SiteDuplicateSample = new List<string>(table.DuplicateIdSample);
    }
}
