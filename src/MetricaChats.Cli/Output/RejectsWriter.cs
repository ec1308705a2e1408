using System.Globalization;
using System.Text;
using MetricaChats.Cli.Commands;
using MetricaChats.Core.Chats;

namespace MetricaChats.Cli.Output;

/// <summary>
/// Writes rejected rows to a CSV the user can fix and import again: four leading columns say
/// what was wrong (<c>RejectedRow</c>, <c>RejectedField</c>, <c>RejectedValue</c>,
/// <c>RejectReason</c>), then the row's own values under the import's column names. Rows are
/// written as they are rejected (streaming), so a long run leaves a usable file even if stopped.
/// </summary>
internal sealed class RejectsWriter : IDisposable
{
    /// <summary>The leading columns, which the import ignores when the file is sent again.</summary>
    public static readonly string[] ReasonColumns = ["RejectedRow", "RejectedField", "RejectedValue", "RejectReason"];

    private static readonly ChatField[] Fields = (ChatField[])Enum.GetValues(typeof(ChatField));

    private readonly StreamWriter _writer;

    public RejectsWriter(string path)
    {
        Path = path;
        try
        {
            var full = System.IO.Path.GetFullPath(path);
            var dir = System.IO.Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            _writer = new StreamWriter(new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliUsageException($"Cannot write the rejects file '{path}': {ex.Message} Choose another path for --rejects.", ex);
        }

        var header = new List<string>(ReasonColumns);
        foreach (var f in Fields)
        {
            header.Add(ColumnNames.Input(f));
        }

        _writer.WriteLine(CsvText.Line(header));
    }

    public string Path { get; }

    public long Count { get; private set; }

    /// <summary>Writes one rejected row: the issue, and the record's values when known.</summary>
    public void Write(ChatIssue issue, ChatRecord? record)
    {
        var line = new List<string?>(ReasonColumns.Length + Fields.Length)
        {
            issue.RowNumber.ToString(CultureInfo.InvariantCulture),
            issue.Field is { } f ? ColumnNames.Input(f) : string.Empty,
            issue.Value,
            issue.Fix.Length > 0 ? issue.Message + " Fix: " + issue.Fix : issue.Message,
        };
        foreach (var field in Fields)
        {
            line.Add(record is null ? null : Value(record, field));
        }

        _writer.WriteLine(CsvText.Line(line));
        Count++;
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>The record's value for a field, as text, as it was given.</summary>
    public static string? Value(ChatRecord r, ChatField field) => field switch
    {
        ChatField.DateTime => AsText(r.DateTime),
        ChatField.ChatPlatform => r.ChatPlatform,
        ChatField.ChatUsername => r.ChatUsername,
        ChatField.ChatUserId => r.ChatUserId,
        ChatField.PhoneNumber => r.PhoneNumber,
        ChatField.ClientId => r.ClientId,
        ChatField.UserId => r.UserId,
        ChatField.Yclid => r.Yclid,
        ChatField.PurchaseId => r.PurchaseId,
        ChatField.Answered => AsText(r.Answered),
        ChatField.Tag => r.Tag,
        ChatField.Revenue => AsText(r.Revenue),
        ChatField.Currency => r.Currency,
        ChatField.Url => r.Url,
        ChatField.TrackerUrl => r.TrackerUrl,
        _ => null,
    };

    private static string? AsText(object? value) => value switch
    {
        null => null,
        string s => s,
        DateTimeOffset dto => dto.ToString("o", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("o", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        IFormattable fm => fm.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
