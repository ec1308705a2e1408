using MetricaChats.Core.Chats;

namespace MetricaChats.Cli.Commands;

/// <summary>
/// Remembers the last few thousand records read, by row number, so a rejected row's own values
/// can be written to the rejects file when its issue arrives (issues come right after the row
/// is read, on the same thread). Memory stays bounded whatever the input size.
/// </summary>
internal sealed class RecentRecords
{
    private readonly int _capacity;
    private readonly Dictionary<long, ChatRecord> _byRow = [];
    private readonly Queue<long> _order = new();

    public RecentRecords(int capacity)
    {
        _capacity = capacity;
    }

    /// <summary>Passes the records through, remembering each.</summary>
    public IEnumerable<ChatRecord> Track(IEnumerable<ChatRecord> source)
    {
        foreach (var record in source)
        {
            Remember(record);
            yield return record;
        }
    }

    /// <summary>The record with this row number, if still remembered.</summary>
    public ChatRecord? Find(long rowNumber) => _byRow.TryGetValue(rowNumber, out var r) ? r : null;

    private void Remember(ChatRecord record)
    {
        if (_byRow.ContainsKey(record.RowNumber))
        {
            _byRow[record.RowNumber] = record;
            return;
        }

        _byRow[record.RowNumber] = record;
        _order.Enqueue(record.RowNumber);
        while (_order.Count > _capacity)
        {
            _byRow.Remove(_order.Dequeue());
        }
    }
}
