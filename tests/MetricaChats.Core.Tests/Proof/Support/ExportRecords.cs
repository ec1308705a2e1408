// Shared by the proof tests and the load benchmark (linked): an export CSV as the record
// stream the importer takes, the reader's row errors handed to a callback.
using MetricaChats.Core.Chats;

namespace MetricaChats.Proof;

/// <summary>Turns a <see cref="ChatCsvReader"/> into the <see cref="ChatRecord"/> stream the importer takes.</summary>
public static class ExportRecords
{
    /// <summary>Reads every data row lazily: records are yielded, rows the reader could not read go to <paramref name="onIssue"/>.</summary>
    public static IEnumerable<ChatRecord> Read(ChatCsvReader reader, Action<ChatIssue> onIssue)
    {
        reader.ReadHeader();
        while (reader.TryReadNext(out var record, out var issue))
        {
            if (record is not null)
            {
                yield return record;
            }
            else
            {
                onIssue(issue!);
            }
        }
    }
}
