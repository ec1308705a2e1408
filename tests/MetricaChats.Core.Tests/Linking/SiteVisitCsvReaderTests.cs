using System.IO;
using System.Text;
using MetricaChats.Core.Linking;
using Xunit;

namespace MetricaChats.Core.Tests.Linking;

public class SiteVisitCsvReaderTests
{
    [Fact]
    public void Reads_aliased_headers_quotes_and_ignores_other_columns()
    {
        var csv = "created_at,ref,_ym_uid,user_id,yclid,comment\n" +
                  "2026-11-20,K7M2Q9XH4TPA,1700000000123456789,,,\"said \"\"hi\"\", then\nleft\"\n" +
                  "2026-11-20, 23456789ABCD ,,u-42,5566778899,\n" +
                  "\n";
        var visits = SiteVisitCsvReader.Read(new StringReader(csv)).ToList();
        Assert.Equal(2, visits.Count);
        Assert.Equal(1, visits[0].RowNumber);
        Assert.Equal("K7M2Q9XH4TPA", visits[0].TrackingId);
        Assert.Equal("1700000000123456789", visits[0].ClientId);
        Assert.Null(visits[0].UserId);
        Assert.Equal(2, visits[1].RowNumber);
        Assert.Equal("23456789ABCD", visits[1].TrackingId);
        Assert.Equal("u-42", visits[1].UserId);
        Assert.Equal("5566778899", visits[1].Yclid);
    }

    [Theory]
    [InlineData(";")]
    [InlineData("\t")]
    public void Detects_semicolon_and_tab_separators(string sep)
    {
        var csv = string.Join(sep, "TrackingId", "ClientId") + "\n" + string.Join(sep, "K7M2Q9XH4TPA", "1700000000123456789") + "\n";
        var visit = Assert.Single(SiteVisitCsvReader.Read(new StringReader(csv)));
        Assert.Equal("1700000000123456789", visit.ClientId);
    }

    [Fact]
    public void Header_without_the_needed_columns_is_refused_with_the_accepted_names()
    {
        var ex = Assert.Throws<InvalidDataException>(() => SiteVisitCsvReader.Read(new StringReader("id,visitor\n1,2\n")).ToList());
        Assert.Contains("no tracking id column", ex.Message, StringComparison.Ordinal);
        Assert.Contains("_ym_uid", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<InvalidDataException>(() => SiteVisitCsvReader.Read(new StringReader("TrackingId,visitor\n1,2\n")).ToList());
        Assert.Contains("no ClientId, UserId, Yclid or PurchaseId column", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => SiteVisitCsvReader.Read(new StringReader("")).ToList());
    }

    [Fact]
    public void Reads_a_file_with_a_bom_into_the_join()
    {
        var path = Path.Combine(Path.GetTempPath(), "site-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            File.WriteAllText(path, "TrackingId,ClientId\r\nK7M2Q9XH4TPA,1700000000123456789\r\nK7M2Q9XH4TPA,1700000000123456789\r\n", new UTF8Encoding(true));
            var table = new SiteVisitTable();
            Assert.Empty(table.AddRange(SiteVisitCsvReader.ReadFile(path)));
            Assert.Equal(1, table.Count);
            Assert.Equal(1, table.DuplicateIds);
            Assert.Equal(0, table.ConflictingIds);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("TrackingId", SiteVisitField.TrackingId)]
    [InlineData("tracking_id", SiteVisitField.TrackingId)]
    [InlineData("Tracking-Id", SiteVisitField.TrackingId)]
    [InlineData("\uFEFFref", SiteVisitField.TrackingId)]
    [InlineData("_ym_uid", SiteVisitField.ClientId)]
    [InlineData("ClientID", SiteVisitField.ClientId)]
    [InlineData("USER_ID", SiteVisitField.UserId)]
    [InlineData("order_id", SiteVisitField.PurchaseId)]
    [InlineData("yclid", SiteVisitField.Yclid)]
    [InlineData("visitor", null)]
    public void Field_aliases(string name, SiteVisitField? expected) => Assert.Equal(expected, SiteVisitFieldAliases.Resolve(name));
}
