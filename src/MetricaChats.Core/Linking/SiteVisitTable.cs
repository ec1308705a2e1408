using System;
using System.Collections.Generic;
using System.Globalization;
using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Linking;

/// <summary>
/// The site's records as a lookup table by tracking id (canonical form), held in memory while chats
/// stream past it. The first record of an id wins; later records of the same id are counted as
/// duplicates, and as conflicting when their Metrica ids differ.
/// </summary>
/// <remarks>
/// Memory grows with the number of distinct ids (about 310 bytes per id with a 12-character id and a
/// 19-digit ClientId, measured; see docs/linking.md), so the table refuses more than <see cref="MaxIds"/>
/// distinct ids (2 million by default, about 620 MB) with a message to filter the site records to the
/// chats' period: a chat can join a visit only within 21 days, so older site records are of no use.
/// </remarks>
public sealed class SiteVisitTable
{
    /// <summary>Default bound on distinct ids.</summary>
    public const int DefaultMaxIds = 2_000_000;

    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly TrackingIdExtractor canon;
    private readonly List<string> duplicateSample = new();
    private readonly HashSet<string> refusedIds = new(StringComparer.Ordinal);

    /// <summary>Creates an empty table.</summary>
    /// <param name="extractor">Gives the canonical id form (case, look-alikes); the default extractor when null.</param>
    /// <param name="maxIds">Most distinct ids accepted.</param>
    public SiteVisitTable(TrackingIdExtractor? extractor = null, int maxIds = DefaultMaxIds)
    {
        if (maxIds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxIds), maxIds, "The bound on site ids must be at least 1.");
        }

        canon = extractor ?? new TrackingIdExtractor();
        MaxIds = maxIds;
    }

    /// <summary>Most distinct ids accepted.</summary>
    public int MaxIds { get; }

    /// <summary>Site records offered to <see cref="Add"/>.</summary>
    public long RecordsRead { get; private set; }

    /// <summary>Site records refused (no or invalid tracking id, no Metrica id).</summary>
    public long RecordsRejected { get; private set; }

    /// <summary>Distinct ids in the table.</summary>
    public int Count => entries.Count;

    /// <summary>Ids that came more than once in the site records.</summary>
    public int DuplicateIds { get; private set; }

    /// <summary>Of <see cref="DuplicateIds"/>, those whose records disagree on the Metrica ids (the first is used).</summary>
    public int ConflictingIds { get; private set; }

    /// <summary>Up to 100 of the duplicate ids, for the report.</summary>
    public IReadOnlyList<string> DuplicateIdSample => duplicateSample;

    /// <summary>
    /// Adds a site record. Returns null when added or counted as a duplicate; otherwise the issue that
    /// kept it out (code <c>MissingTrackingId</c>, <c>InvalidTrackingId</c> or <c>NoMetricaId</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The table already holds <see cref="MaxIds"/> distinct ids.</exception>
    public ChatIssue? Add(SiteVisit visit)
    {
        if (visit is null)
        {
            throw new ArgumentNullException(nameof(visit));
        }

        RecordsRead++;
        var raw = visit.TrackingId?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            RecordsRejected++;
            return new ChatIssue(visit.RowNumber, null, null, "MissingTrackingId",
                "The site record has no tracking id (field TrackingId), so no chat can be joined to it.",
                "Fill the TrackingId column with the id the site put into the messenger link, or drop the row.");
        }

        var id = canon.Canonicalize(raw);
        if (id is null)
        {
            RecordsRejected++;
            return new ChatIssue(visit.RowNumber, null, raw, "InvalidTrackingId",
                "Field TrackingId is not a valid tracking id (1 to 64 of A-Z, a-z, 0-9, '_' and '-'" + (canon.Options.Format is { } f ? ", format " + f : string.Empty) + ").",
                "Use the id exactly as the site put it into the link.");
        }

        if (!visit.HasMetricaId)
        {
            RecordsRejected++;
            if (refusedIds.Count < MaxIds)
            {
                refusedIds.Add(id); // so a chat with this id is told apart from one whose id the site never recorded
            }

            return new ChatIssue(visit.RowNumber, ChatField.ClientId, null, "NoMetricaId",
                "Site record for tracking id '" + id + "' has no ClientId, UserId, Yclid or PurchaseId, so it cannot attribute a chat.",
                "Record the visitor's ClientID (ym(counter, 'getClientID', cb)) with the tracking id, or drop the row.");
        }

        if (entries.TryGetValue(id, out var existing))
        {
            existing.SeenInSite++;
            if (existing.SeenInSite == 2)
            {
                DuplicateIds++;
                if (duplicateSample.Count < 100)
                {
                    duplicateSample.Add(id);
                }
            }

            if (!existing.Conflicting && !existing.Visit.SameIdsAs(visit))
            {
                existing.Conflicting = true;
                ConflictingIds++;
            }

            return null;
        }

        if (entries.Count >= MaxIds)
        {
            throw new InvalidOperationException(string.Format(
                CultureInfo.InvariantCulture,
                "The site records hold more than {0:N0} distinct tracking ids (row {1}), the bound that keeps the join's memory in check. Filter the site records to the period of the chats (a chat joins a visit only within 21 days), or raise the bound if the machine has the memory (about 310 bytes per id).",
                MaxIds,
                visit.RowNumber));
        }

        entries.Add(id, new Entry(visit));
        return null;
    }

    /// <summary>Adds every record; returns the issues of those refused.</summary>
    public IReadOnlyList<ChatIssue> AddRange(IEnumerable<SiteVisit> visits)
    {
        var issues = new List<ChatIssue>();
        foreach (var visit in visits)
        {
            if (Add(visit) is { } issue)
            {
                issues.Add(issue);
            }
        }

        return issues;
    }

    /// <summary>The site record for a canonical id, or null.</summary>
    public SiteVisit? Find(string canonicalId) => entries.TryGetValue(canonicalId, out var e) ? e.Visit : null;

    /// <summary>True when <paramref name="canonicalId"/> came only in site records refused for having no Metrica id.</summary>
    internal bool WasRefused(string canonicalId) => !entries.ContainsKey(canonicalId) && refusedIds.Contains(canonicalId);

    /// <summary>Counts one more chat joined to <paramref name="canonicalId"/>; returns how many chats now have.</summary>
    internal int MarkMatched(string canonicalId) => entries.TryGetValue(canonicalId, out var e) ? ++e.MatchedChats : 0;

    /// <summary>The extractor giving canonical ids.</summary>
    internal TrackingIdExtractor Extractor => canon;

    private sealed class Entry
    {
        public Entry(SiteVisit visit) => Visit = visit;

        public SiteVisit Visit { get; }

        public int SeenInSite { get; set; } = 1;

        public bool Conflicting { get; set; }

        public int MatchedChats { get; set; }
    }
}
