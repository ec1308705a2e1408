using MetricaChats.Core.Chats;
using MetricaChats.Core.Linking;
using Xunit;

namespace MetricaChats.Core.Tests.Linking;

public class ChatVisitJoinerTests
{
    private static ChatRecord Chat(long row, string platform = "telegram", string? clientId = null) => new()
    {
        RowNumber = row,
        DateTime = "2026-11-20T10:00:00Z",
        ChatPlatform = platform,
        ChatUsername = "user" + row,
        ClientId = clientId,
        Answered = true,
        Tag = "sofa",
    };

    private static SiteVisitTable Site(params SiteVisit[] visits)
    {
        var table = new SiteVisitTable();
        Assert.Empty(table.AddRange(visits));
        return table;
    }

    [Fact]
    public void Matched_chats_get_the_site_ids_and_keep_their_own_fields()
    {
        var table = Site(new SiteVisit { RowNumber = 7, TrackingId = "K7M2Q9XH4TPA", ClientId = "1700000000123456789", Yclid = "5566778899" });
        var joiner = new ChatVisitJoiner(table);
        var linked = joiner.Join(new TrackedChat(Chat(1), firstMessage: "Добрый день! [#ref k7m2q9xh4tpa] 👋"));
        Assert.Equal(ChatLinkStatus.Matched, linked.LinkStatus);
        Assert.Equal("1700000000123456789", linked.ClientId);
        Assert.Equal("5566778899", linked.Yclid);
        Assert.Null(linked.UserId);
        Assert.Equal("K7M2Q9XH4TPA", linked.TrackingId);
        Assert.Equal(TrackingIdSource.Tag, linked.TrackingIdSource);
        Assert.Equal(7, linked.SiteRowNumber);
        Assert.Equal("telegram", linked.ChatPlatform);
        Assert.Equal("user1", linked.ChatUsername);
        Assert.Equal("sofa", linked.Tag);
        Assert.Equal(true, linked.Answered);
        var record = linked.ToChatRecord();
        Assert.Equal("1700000000123456789", record.ClientId);
        Assert.Equal("2026-11-20T10:00:00Z", record.DateTime);
    }

    [Fact]
    public void A_chat_whose_id_the_site_recorded_without_a_Metrica_id_is_SiteRecordRefused_not_NotFound()
    {
        var table = new SiteVisitTable();
        var refused = table.Add(new SiteVisit { RowNumber = 4, TrackingId = "RRRR2222RRRR" });
        Assert.Equal("NoMetricaId", refused!.Code);
        var joiner = new ChatVisitJoiner(table);

        var linked = joiner.Join(new TrackedChat(Chat(1), trackingId: "rrrr2222rrrr"));
        var unknown = joiner.Join(new TrackedChat(Chat(2), trackingId: "ZZZZ2222ZZZZ"));

        Assert.Equal(ChatLinkStatus.SiteRecordRefused, linked.LinkStatus);
        Assert.Null(linked.ClientId);
        Assert.Equal(ChatLinkStatus.NotFound, unknown.LinkStatus);
        Assert.Equal(1, joiner.Report.SiteRecordRefused);
        Assert.Equal(1, joiner.Report.NotFound);
        Assert.Equal(2, joiner.Report.Unattributed);
        Assert.DoesNotContain("RRRR2222RRRR", joiner.Report.NotFoundIdSample);
    }

    [Fact]
    public void Counts_reconcile_over_a_mixed_stream()
    {
        var table = Site(
            new SiteVisit { RowNumber = 1, TrackingId = "AAAA2222BBBB", ClientId = "111" },
            new SiteVisit { RowNumber = 2, TrackingId = "CCCC3333DDDD", UserId = "u-42" },
            new SiteVisit { RowNumber = 3, TrackingId = "EEEE4444FFFF", ClientId = "333" });
        var chats = new[]
        {
            new TrackedChat(Chat(1), trackingId: "AAAA2222BBBB"),                          // matched, id given
            new TrackedChat(Chat(2), startParameter: "cccc3333dddd"),                      // matched, start parameter
            new TrackedChat(Chat(3), firstMessage: "/start EEEE4444FFFF"),                 // matched, /start
            new TrackedChat(Chat(4), firstMessage: "Hi [#ref GGGG5555HHHH]"),              // not found
            new TrackedChat(Chat(5), firstMessage: "Сколько стоит доставка?"),            // no id
            new TrackedChat(Chat(6, clientId: "999"), firstMessage: "no tag here"),        // own ClientId
            new TrackedChat(Chat(7), firstMessage: "again [#ref AAAA2222BBBB]"),           // matched, duplicate chat id
            new TrackedChat(Chat(8), firstMessage: "[#ref GGGG5555HHHH] again"),           // not found, duplicate chat id
        };
        var joiner = new ChatVisitJoiner(table);
        var output = joiner.JoinAll(chats).ToList();

        Assert.Equal(8, output.Count);
        Assert.Equal(new[] { 1L, 2, 3, 4, 5, 6, 7, 8 }, output.Select(o => o.RowNumber));
        var r = joiner.Report;
        Assert.Equal(8, r.ChatsRead);
        Assert.Equal(4, r.Matched);
        Assert.Equal(2, r.NotFound);
        Assert.Equal(1, r.NoTrackingId);
        Assert.Equal(1, r.AlreadyAttributed);
        Assert.Equal(3, r.Unattributed);
        Assert.Equal(r.ChatsRead, r.Matched + r.NotFound + r.NoTrackingId + r.AlreadyAttributed);
        Assert.Equal(2, r.ChatDuplicateIds);
        Assert.Equal(new[] { "AAAA2222BBBB", "GGGG5555HHHH" }, r.ChatDuplicateIdSample.OrderBy(x => x));
        Assert.Equal(new[] { "GGGG5555HHHH" }, r.NotFoundIdSample);
        Assert.Equal(3, r.SiteIds);
        Assert.Equal("u-42", output[1].UserId);
        Assert.Equal("999", output[5].ClientId);
        Assert.Null(output[3].ClientId);
        Assert.Contains("4 matched", r.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Chat_ids_are_never_overwritten_but_blanks_are_filled()
    {
        var table = Site(new SiteVisit { TrackingId = "AAAA2222BBBB", ClientId = "111", UserId = "site-user" });
        var linked = new ChatVisitJoiner(table).Join(new TrackedChat(Chat(1, clientId: "222"), trackingId: "AAAA2222BBBB"));
        Assert.Equal(ChatLinkStatus.Matched, linked.LinkStatus);
        Assert.Equal("222", linked.ClientId);
        Assert.Equal("site-user", linked.UserId);
    }

    [Fact]
    public void Site_duplicates_and_conflicts_are_counted_and_the_first_record_wins()
    {
        var table = new SiteVisitTable();
        var issues = table.AddRange(new[]
        {
            new SiteVisit { RowNumber = 1, TrackingId = "AAAA2222BBBB", ClientId = "111" },
            new SiteVisit { RowNumber = 2, TrackingId = "aaaa2222bbbb", ClientId = " 111 " },  // same visit logged twice
            new SiteVisit { RowNumber = 3, TrackingId = "CCCC3333DDDD", ClientId = "333" },
            new SiteVisit { RowNumber = 4, TrackingId = "CCCC3333DDDD", ClientId = "444" },    // conflicting
            new SiteVisit { RowNumber = 5, TrackingId = "CCCC3333DDDD", ClientId = "555" },    // third, same id
            new SiteVisit { RowNumber = 6, TrackingId = "", ClientId = "666" },
            new SiteVisit { RowNumber = 7, TrackingId = "bad id!", ClientId = "777" },
            new SiteVisit { RowNumber = 8, TrackingId = "EEEE4444FFFF" },
        });

        Assert.Equal(new[] { "MissingTrackingId", "InvalidTrackingId", "NoMetricaId" }, issues.Select(i => i.Code));
        Assert.Equal(new long[] { 6, 7, 8 }, issues.Select(i => i.RowNumber));
        Assert.Contains("bad id!", issues[1].ToString(), StringComparison.Ordinal);
        Assert.Equal(8, table.RecordsRead);
        Assert.Equal(3, table.RecordsRejected);
        Assert.Equal(2, table.Count);
        Assert.Equal(2, table.DuplicateIds);
        Assert.Equal(1, table.ConflictingIds);
        Assert.Equal("333", table.Find("CCCC3333DDDD")?.ClientId);

        var joiner = new ChatVisitJoiner(table);
        joiner.Join(new TrackedChat(Chat(1), trackingId: "CCCC3333DDDD"));
        Assert.Equal(2, joiner.Report.SiteDuplicateIds);
        Assert.Equal(1, joiner.Report.SiteConflictingIds);
        Assert.Equal(3, joiner.Report.SiteRecordsRejected);
        Assert.Equal(new[] { "AAAA2222BBBB", "CCCC3333DDDD" }, joiner.Report.SiteDuplicateIdSample);
    }

    [Fact]
    public void Ambiguous_message_uses_the_candidate_the_site_knows()
    {
        var table = Site(new SiteVisit { TrackingId = "CCCC3333DDDD", ClientId = "333" });
        var joiner = new ChatVisitJoiner(table);
        var linked = joiner.Join(new TrackedChat(Chat(1), firstMessage: "[#ref AAAA2222BBBB] oops, I mean [#ref CCCC3333DDDD]"));
        Assert.Equal(ChatLinkStatus.Matched, linked.LinkStatus);
        Assert.Equal("CCCC3333DDDD", linked.TrackingId);
        Assert.Equal(1, joiner.Report.AmbiguousChats);
    }

    [Fact]
    public void The_bound_on_site_ids_stops_with_a_clear_message()
    {
        var table = new SiteVisitTable(maxIds: 2);
        table.Add(new SiteVisit { RowNumber = 1, TrackingId = "AAAA2222BBBB", ClientId = "1" });
        table.Add(new SiteVisit { RowNumber = 2, TrackingId = "CCCC3333DDDD", ClientId = "2" });
        table.Add(new SiteVisit { RowNumber = 3, TrackingId = "CCCC3333DDDD", ClientId = "2" }); // a duplicate does not count
        var ex = Assert.Throws<InvalidOperationException>(() => table.Add(new SiteVisit { RowNumber = 4, TrackingId = "EEEE4444FFFF", ClientId = "3" }));
        Assert.Contains("more than 2 distinct tracking ids (row 4)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("21 days", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chats_stream_lazily()
    {
        var table = Site(new SiteVisit { TrackingId = "AAAA2222BBBB", ClientId = "1" });
        var joiner = new ChatVisitJoiner(table);
        var produced = 0;
        IEnumerable<TrackedChat> Endless()
        {
            for (var i = 1; ; i++)
            {
                produced++;
                yield return new TrackedChat(Chat(i), firstMessage: i % 2 == 0 ? "[#ref AAAA2222BBBB]" : "hi");
            }
        }

        var first = joiner.JoinAll(Endless()).Take(10).ToList();
        Assert.Equal(10, first.Count);
        Assert.Equal(10, produced);
        Assert.Equal(5, joiner.Report.Matched);
        Assert.Equal(5, joiner.Report.NoTrackingId);
    }

    [Fact]
    public void Strict_format_in_the_table_applies_to_both_sides()
    {
        var extractor = new TrackingIdExtractor(new TrackingIdExtractorOptions { Format = new TrackingIdFormat("SHOP-", 8) });
        var table = new SiteVisitTable(extractor);
        Assert.Null(table.Add(new SiteVisit { TrackingId = "shop-2345abcd", ClientId = "1" }));
        Assert.Equal("InvalidTrackingId", table.Add(new SiteVisit { TrackingId = "2345ABCD", ClientId = "1" })?.Code);
        var linked = new ChatVisitJoiner(table).Join(new TrackedChat(Chat(1), firstMessage: "Здравствуйте SHOP-2345ABCD"));
        Assert.Equal(ChatLinkStatus.Matched, linked.LinkStatus);
        Assert.Equal(TrackingIdSource.BareToken, linked.TrackingIdSource);
    }
}

public class LinkedChatShapeTests
{
    [Fact]
    public void LinkedChat_carries_every_ChatRecord_property_under_the_same_name_and_type()
    {
        // The join's output binds by property name to the cmdlets that take ChatRecord fields.
        var linked = typeof(LinkedChat).GetProperties().ToDictionary(p => p.Name, p => p.PropertyType);
        foreach (var p in typeof(ChatRecord).GetProperties())
        {
            if (p.Name == nameof(ChatRecord.ReadError))
            {
                continue; // how the row was read, not a chat field: a joined chat was read
            }

            Assert.True(linked.TryGetValue(p.Name, out var type), "LinkedChat lacks " + p.Name);
            Assert.Equal(p.PropertyType, type);
        }
    }
}

public class ChatJoinReportTests
{
    [Fact]
    public void Summary_names_every_count_and_samples_the_ids_not_found()
    {
        var table = new SiteVisitTable();
        table.Add(new SiteVisit { RowNumber = 1, TrackingId = "AAAA2222BBBB", ClientId = "1" });
        table.Add(new SiteVisit { RowNumber = 2, TrackingId = "AAAA2222BBBB", ClientId = "2" });
        var joiner = new ChatVisitJoiner(table);
        foreach (var i in Enumerable.Range(1, 12))
        {
            joiner.Join(new TrackedChat(new ChatRecord { RowNumber = i }, trackingId: "ZZZZ" + (2222 + i).ToString()));
        }

        var text = joiner.Report.ToString();
        Assert.Contains("Site records: 2 read, 0 refused, 1 distinct ids; ids seen twice or more: 1 (1 with different Metrica ids).", text, StringComparison.Ordinal);
        Assert.Contains("Chats: 12 read, 0 matched, 12 unattributed (12 id not found, 0 id only in refused site records, 0 without id)", text, StringComparison.Ordinal);
        Assert.Contains("Not found: ZZZZ2223, ZZZZ2224", text, StringComparison.Ordinal);
        Assert.EndsWith(", ...", text, StringComparison.Ordinal);
        Assert.Equal(12, joiner.Report.NotFoundIdSample.Count);
    }

    [Fact]
    public void Not_found_samples_stop_at_one_hundred_but_counts_go_on()
    {
        var joiner = new ChatVisitJoiner(new SiteVisitTable());
        for (var i = 0; i < 250; i++)
        {
            joiner.Join(new TrackedChat(new ChatRecord(), startParameter: "ID" + i.ToString("D6")));
        }

        Assert.Equal(250, joiner.Report.NotFound);
        Assert.Equal(ChatJoinReport.SampleSize, joiner.Report.NotFoundIdSample.Count);
        Assert.Equal(0, joiner.Report.ChatDuplicateIds);
    }
}

public class JoinIntoEngineTests
{
    [Fact]
    public void Joined_chats_normalise_into_valid_attributed_events()
    {
        var table = new SiteVisitTable();
        table.Add(new SiteVisit { TrackingId = "K7M2Q9XH4TPA", ClientId = "1700000000123456789", Yclid = "5566778899" });
        var joiner = new ChatVisitJoiner(table);
        var chats = new[]
        {
            new TrackedChat(new ChatRecord { RowNumber = 1, DateTime = "2026-11-20T10:00:00Z", ChatPlatform = "WhatsApp", PhoneNumber = "+7 900 123-45-67" }, firstMessage: "Здравствуйте! [#ref K7M2Q9XH4TPA]"),
            new TrackedChat(new ChatRecord { RowNumber = 2, DateTime = "2026-11-20T11:00:00Z", ChatPlatform = "tg", ChatUserId = "42" }, firstMessage: "Привет"),
        };
        var normalizer = new ChatEventNormalizer();
        var events = joiner.JoinAll(chats).Select(l => normalizer.Normalize(l.ToChatRecord())).ToList();

        Assert.All(events, r => Assert.True(r.IsValid, r.Error?.ToString()));
        Assert.True(events[0].Event!.IsAttributed);
        Assert.Equal("1700000000123456789", events[0].Event!.ClientId);
        Assert.Equal("5566778899", events[0].Event!.Yclid);
        Assert.Equal(ChatPlatform.WhatsApp, events[0].Event!.ChatPlatform);
        Assert.False(events[1].Event!.IsAttributed);
    }

    [Fact]
    public void Site_tracking_id_names_are_not_chat_field_names()
    {
        // A chat export's columns bind to the chat fields; none of them may be read as a tracking id column, and back.
        foreach (var name in SiteVisitFieldAliases.Names[SiteVisitField.TrackingId])
        {
            Assert.False(ChatFieldAliases.TryResolve(name, out var field), name + " is also the chat field " + field);
        }
    }
}
