using MetricaChats.Core.Import;
using Xunit;

namespace MetricaChats.Core.Tests.Import;

public sealed class ChatImportSummaryTests
{
    [Fact]
    public void Unreadable_rows_count_as_read_and_rejected_and_keep_everything_else()
    {
        var summary = new ChatImportSummary
        {
            Read = 10,
            Sent = 6,
            Rejected = 3,
            NotSent = 1,
            Unattributed = 2,
            RejectedByCode = new Dictionary<string, long> { ["InvalidChatPlatform"] = 2, ["InvalidCsvRow"] = 1 },
            Batches = 2,
            UploadIds = new long[] { 7, 8 },
            StopReason = "daily quota",
            Requests = 5,
        };

        var whole = summary.WithUnreadableRows(4, new Dictionary<string, long> { ["InvalidCsvRow"] = 3, ["BinaryData"] = 1 });

        Assert.Equal(14, whole.Read);
        Assert.Equal(7, whole.Rejected);
        Assert.Equal(whole.Read, whole.Sent + whole.Rejected + whole.NotSent);
        Assert.Equal(new Dictionary<string, long> { ["InvalidChatPlatform"] = 2, ["InvalidCsvRow"] = 4, ["BinaryData"] = 1 }, whole.RejectedByCode);
        Assert.Equal((6, 1, 2, 2, "daily quota", 5L), (whole.Sent, whole.NotSent, whole.Unattributed, whole.Batches, whole.StopReason, whole.Requests));
        Assert.Equal(new long[] { 7, 8 }, whole.UploadIds);

        // The original is unchanged.
        Assert.Equal(10, summary.Read);
        Assert.Equal(1, summary.RejectedByCode["InvalidCsvRow"]);
    }

    [Fact]
    public void A_negative_count_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChatImportSummary().WithUnreadableRows(-1, new Dictionary<string, long>()));
    }
}
