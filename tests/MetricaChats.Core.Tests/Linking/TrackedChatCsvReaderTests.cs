using System.Collections.Generic;
using System.IO;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Linking;
using Xunit;

namespace MetricaChats.Core.Tests.Linking;

public class TrackedChatCsvReaderTests
{
    private static List<(TrackedChat? Chat, ChatIssue? Issue)> ReadAll(TrackedChatCsvReader reader)
    {
        var rows = new List<(TrackedChat?, ChatIssue?)>();
        while (reader.TryReadNext(out var chat, out var issue))
        {
            rows.Add((chat, issue));
        }

        return rows;
    }

    [Fact]
    public void Reads_the_chat_columns_and_the_tracking_columns_under_their_aliases()
    {
        var csv = "DateTime,ChatPlatform,ChatUsername,ClientId,start_param,Text,Ref,Note\n" +
                  "2026-11-20T10:00:00+03:00,telegram,olga,,K7M2Q9XH4TPA,,,x\n" +
                  "2026-11-20T10:05:00+03:00,whatsapp,ivan,17000001,,\"Здравствуйте,\n[#ref 23456789ABCD]\",,\n" +
                  "2026-11-20T10:09:00+03:00,viber,petr,,,,ABCD2345EFGH,\n";
        using var reader = new TrackedChatCsvReader(new StringReader(csv));

        var header = reader.ReadHeader();
        var rows = ReadAll(reader);

        Assert.Equal(new[] { "Note" }, header.IgnoredColumns); // the tracking columns are not "ignored"
        Assert.Equal("start_param", reader.TrackingColumns[TrackedChatField.StartParameter]);
        Assert.Equal("Text", reader.TrackingColumns[TrackedChatField.FirstMessage]);
        Assert.Equal("Ref", reader.TrackingColumns[TrackedChatField.TrackingId]);
        Assert.Equal(3, rows.Count);
        var first = rows[0].Chat!;
        Assert.Equal("olga", first.Record.ChatUsername);
        Assert.Equal("K7M2Q9XH4TPA", first.StartParameter);
        Assert.Null(first.FirstMessage);
        Assert.Null(first.TrackingId);
        var second = rows[1].Chat!;
        Assert.Equal("17000001", second.Record.ClientId);
        Assert.Equal("Здравствуйте,\n[#ref 23456789ABCD]", second.FirstMessage);
        Assert.Equal(2, second.Record.RowNumber);
        Assert.Equal("ABCD2345EFGH", rows[2].Chat!.TrackingId);
    }

    [Fact]
    public void A_row_the_CSV_reader_cannot_read_is_one_issue_and_the_rest_go_on()
    {
        var csv = "DateTime,ChatPlatform,ChatUsername,FirstMessage\n" +
                  "2026-11-20T10:00:00Z,telegram,olga,hi [#ref K7M2Q9XH4TPA]\n" +
                  "2026-11-20T10:01:00Z,telegram,ivan,one,too many\n" +
                  "2026-11-20T10:02:00Z,telegram,petr,/start 23456789ABCD\n";
        using var reader = new TrackedChatCsvReader(new StringReader(csv));

        var rows = ReadAll(reader);

        Assert.Equal(3, rows.Count);
        Assert.Equal(ChatIssueCodes.WrongFieldCount, rows[1].Issue!.Code);
        Assert.Equal(2, rows[1].Issue!.RowNumber);
        Assert.Equal("/start 23456789ABCD", rows[2].Chat!.FirstMessage);
        Assert.Equal(3, reader.RowsRead);
        Assert.Equal(1, reader.RowsRejected);
    }

    [Fact]
    public void Chats_without_any_tracking_column_are_refused_naming_the_accepted_columns()
    {
        var csv = "DateTime,ChatPlatform,ChatUsername,Comment\n2026-11-20T10:00:00Z,telegram,olga,x\n";
        using var reader = new TrackedChatCsvReader(new StringReader(csv));

        var ex = Assert.Throws<ChatCsvFormatException>(() => reader.ReadHeader());

        Assert.Equal(ChatIssueCodes.MissingColumn, ex.Code);
        Assert.Contains("FirstMessage", ex.Message);
        Assert.Contains("StartParameter", ex.Message);
        Assert.Contains("TrackingId", ex.Message);
    }

    [Fact]
    public void Two_columns_for_the_same_tracking_field_are_refused()
    {
        var csv = "DateTime,ChatPlatform,ChatUsername,Message,Body\n";
        using var reader = new TrackedChatCsvReader(new StringReader(csv));

        var ex = Assert.Throws<ChatCsvFormatException>(() => reader.ReadHeader());

        Assert.Equal(ChatIssueCodes.DuplicateColumn, ex.Code);
        Assert.Contains("'Message' and 'Body'", ex.Message);
    }

    [Fact]
    public void The_chat_reader_keeps_only_the_columns_asked_for_and_a_chat_field_wins_over_a_kept_name()
    {
        // "Link" is a chat field (Url): it must stay a chat field even if the hook would keep it.
        var csv = "DateTime,ChatPlatform,ChatUsername,Link,Keep,Drop\n2026-11-20T10:00:00Z,telegram,olga,https://a.example/,k,d\n";
        using var reader = new ChatCsvReader(new StringReader(csv), new ChatCsvReaderOptions { KeepColumn = n => n is "Keep" or "Link" });

        var header = reader.ReadHeader();
        Assert.True(reader.TryReadNext(out var record, out _));

        Assert.Equal(new[] { "Drop" }, header.IgnoredColumns);
        Assert.Equal("https://a.example/", record!.Url);
        Assert.Equal("k", reader.GetKeptValue(4));
        Assert.Null(reader.GetKeptValue(5)); // not kept
        Assert.Null(reader.GetKeptValue(3)); // a chat field, not a kept column
        Assert.Null(reader.GetKeptValue(99));
    }

    [Fact]
    public void Joined_end_to_end_the_ids_in_each_tracking_column_find_their_site_records()
    {
        var table = new SiteVisitTable();
        table.AddRange(SiteVisitCsvReader.Read(new StringReader("TrackingId,ClientId\nK7M2Q9XH4TPA,111\n23456789ABCD,222\n")));
        var csv = "DateTime,ChatPlatform,ChatUsername,StartParameter,FirstMessage\n" +
                  "2026-11-20T10:00:00Z,telegram,olga,k7m2q9xh4tpa,\n" +
                  "2026-11-20T10:01:00Z,whatsapp,ivan,,Добрый день [#REF 23456789abcd]\n" +
                  "2026-11-20T10:02:00Z,viber,petr,,no id here\n";
        using var reader = new TrackedChatCsvReader(new StringReader(csv));
        var joiner = new ChatVisitJoiner(table);
        var linked = new List<LinkedChat>();
        while (reader.TryReadNext(out var chat, out _))
        {
            linked.Add(joiner.Join(chat!));
        }

        Assert.Equal(new[] { "111", "222", null }, linked.ConvertAll(l => l.ClientId));
        Assert.Equal(2, joiner.Report.Matched);
        Assert.Equal(1, joiner.Report.NoTrackingId);
    }

    [Theory]
    [InlineData("first_message", TrackedChatField.FirstMessage)]
    [InlineData("First Message", TrackedChatField.FirstMessage)]
    [InlineData("START-PARAM", TrackedChatField.StartParameter)]
    [InlineData("context", TrackedChatField.StartParameter)]
    [InlineData("RefId", TrackedChatField.TrackingId)]
    [InlineData("Comment", null)]
    public void Alias_names_resolve_ignoring_case_and_separators(string name, TrackedChatField? expected)
    {
        Assert.Equal(expected, TrackedChatFieldAliases.Resolve(name));
    }

    [Fact]
    public void No_tracking_alias_is_also_a_chat_field_name()
    {
        foreach (var names in TrackedChatFieldAliases.Names.Values)
        {
            foreach (var name in names)
            {
                Assert.False(ChatFieldAliases.TryResolve(name, out _), name + " is also a chat field");
            }
        }
    }

    [Fact]
    public void Expected_format_is_null_without_prefix_or_length_and_defaults_the_length()
    {
        Assert.Null(TrackingIdFormat.Expected(null, 0));
        Assert.Null(TrackingIdFormat.Expected(string.Empty, 0));
        var prefixed = TrackingIdFormat.Expected("shop-", 0)!;
        Assert.Equal("SHOP-", prefixed.Prefix);
        Assert.Equal(TrackingIdFormat.DefaultLength, prefixed.Length);
        Assert.Equal(8, TrackingIdFormat.Expected(null, 8)!.Length);
        Assert.Throws<System.ArgumentException>(() => TrackingIdFormat.Expected("bad prefix", 0));
    }
}
