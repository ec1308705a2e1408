using MetricaChats.Core.Chats;
using Xunit;

namespace MetricaChats.Core.Tests.Chats;

/// <summary>Unused columns and the likely cause when no column is a chat field, for headers and object rows alike.</summary>
public sealed class ChatColumnDiagnosisTests
{
    private static readonly ChatOptionNames ImportCsv = new()
    {
        EncodingOption = "Import-Csv -Encoding {0}",
        DelimiterOption = "Import-Csv -Delimiter '{0}'",
        HeaderOption = "Import-Csv -Header {0}",
    };

    [Fact]
    public void A_semicolon_file_read_with_commas_is_a_delimiter_problem()
    {
        var names = new[] { "Дата;Мессенджер;Телефон;Сумма" };
        Assert.Equal(ChatColumnCause.Delimiter, ChatColumnDiagnosis.Diagnose(names, out var delimiter));
        Assert.Equal(";", delimiter);
        var issue = ChatColumnDiagnosis.NoKnownColumnsIssue(names, 1, ImportCsv)!;
        Assert.Equal(ChatIssueCodes.NoKnownColumns, issue.Code);
        Assert.Contains("Import-Csv -Delimiter ';'", issue.Fix);
    }

    [Fact]
    public void Without_a_delimiter_option_the_fix_names_the_separators_the_reader_knows()
    {
        var issue = ChatColumnDiagnosis.NoKnownColumnsIssue(new[] { "DateTime|ChatPlatform|Phone" }, 0, null)!;
        Assert.Contains("'|'", issue.Message);
        Assert.Contains("';'", issue.Fix);
    }

    [Fact]
    public void Replacement_characters_mean_a_file_in_another_encoding()
    {
        var names = new[] { "\uFFFD\uFFFD\uFFFD\uFFFD", "\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD" };
        Assert.Equal(ChatColumnCause.Encoding, ChatColumnDiagnosis.Diagnose(names, out var encoding));
        Assert.Equal("windows-1251", encoding);
        Assert.Contains("Import-Csv -Encoding windows-1251", ChatColumnDiagnosis.NoKnownColumnsIssue(names, 1, ImportCsv)!.Fix);
    }

    [Fact]
    public void UTF8_names_read_as_a_code_page_mean_a_UTF8_file()
    {
        // "Дата" and "Телефон" in UTF-8, decoded as Windows-1251 (Windows PowerShell 5.1's Import-Csv on a Russian system).
        var garbled = new[] { Garble("Дата"), Garble("Телефон") };
        Assert.Equal(ChatColumnCause.Encoding, ChatColumnDiagnosis.Diagnose(garbled, out var encoding));
        Assert.Equal("utf-8", encoding);
    }

    [Fact]
    public void A_first_line_of_data_means_a_missing_header()
    {
        var names = new[] { "21.11.2026 14:30", "whatsapp", "+79123456789", "lead" };
        Assert.Equal(ChatColumnCause.NoHeaderRow, ChatColumnDiagnosis.Diagnose(names, out _));
        Assert.Contains("Import-Csv -Header DateTime,ChatPlatform,PhoneNumber", ChatColumnDiagnosis.NoKnownColumnsIssue(names, 1, ImportCsv)!.Fix);
        Assert.Contains("header line", ChatColumnDiagnosis.NoKnownColumnsIssue(names, 0, null)!.Fix);
    }

    [Fact]
    public void Other_names_are_just_unknown()
    {
        Assert.Equal(ChatColumnCause.UnknownNames, ChatColumnDiagnosis.Diagnose(new[] { "Foo", "Bar" }, out _));
        Assert.Equal(ChatColumnCause.None, ChatColumnDiagnosis.Diagnose(new[] { "Foo", "Телефон" }, out _));
        Assert.Null(ChatColumnDiagnosis.NoKnownColumnsIssue(new[] { "Foo", "Телефон" }, 0, null));
    }

    [Fact]
    public void The_tracker_reports_each_unused_name_once_per_run()
    {
        var tracker = new ChatColumnTracker(ImportCsv, name => name == "RowNumber");
        var first = tracker.Observe(new[] { "DateTime", "Messenger", "Phone", "Comment", "RowNumber" }, 1)!;
        Assert.Equal(ChatIssueCodes.UnknownColumns, first.Code);
        Assert.Equal(ChatIssueSeverity.Warning, first.Severity);
        Assert.Contains("Comment", first.Message);
        Assert.DoesNotContain("RowNumber", first.Message);
        Assert.Null(tracker.Observe(new[] { "DateTime", "Messenger", "Phone", "Comment", "RowNumber" }, 2));
        var second = tracker.Observe(new[] { "DateTime", "Messenger", "Phone", "Comment", "Manager" }, 3)!;
        Assert.Contains("Manager", second.Message);
        Assert.DoesNotContain("Comment", second.Message);
        Assert.True(tracker.AnyRecognised);
    }

    [Fact]
    public void The_tracker_gives_the_cause_for_every_row_without_a_chat_field()
    {
        var tracker = new ChatColumnTracker(ImportCsv);
        var names = new[] { "DateTime;ChatPlatform;PhoneNumber" };
        Assert.Equal(ChatIssueCodes.NoKnownColumns, tracker.Observe(names, 1)!.Code);
        Assert.Equal(ChatIssueCodes.NoKnownColumns, tracker.Observe(names, 2)!.Code);
        Assert.False(tracker.AnyRecognised);
        Assert.Null(tracker.Observe(Array.Empty<string>(), 3));
    }

    private static string Garble(string text) =>
        ChatTextEncodings.TryFind("windows-1251", out var cp, out _) ? cp!.GetString(System.Text.Encoding.UTF8.GetBytes(text)) : text;
}
