using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Linking;

/// <summary>
/// Reads a chat export for the join: the chat columns through <see cref="ChatCsvReader"/> (same names,
/// aliases, encodings, quoting and row issues as the import), plus the columns that carry the
/// tracking id (<see cref="TrackedChatFieldAliases"/>: <c>TrackingId</c>, <c>FirstMessage</c>,
/// <c>StartParameter</c> and their aliases), into <see cref="TrackedChat"/>s. Streams: one row in memory.
/// </summary>
public sealed class TrackedChatCsvReader : IDisposable
{
    private readonly ChatCsvReader reader;
    private readonly Dictionary<TrackedChatField, int> columns = new();
    private readonly Dictionary<TrackedChatField, string> columnNames = new();
    private ChatCsvHeader? header;

    /// <summary>Reads from text already decoded.</summary>
    /// <param name="text">The CSV text.</param>
    /// <param name="options">Reader settings, or null for the defaults; its <see cref="ChatCsvReaderOptions.KeepColumn"/> is replaced by the tracking columns.</param>
    /// <param name="leaveOpen">True to leave <paramref name="text"/> open on dispose.</param>
    public TrackedChatCsvReader(TextReader text, ChatCsvReaderOptions? options = null, bool leaveOpen = false)
    {
        reader = new ChatCsvReader(text ?? throw new ArgumentNullException(nameof(text)), Settings(options), leaveOpen);
    }

    /// <summary>Reads bytes: the encoding from a BOM, <see cref="ChatCsvReaderOptions.Encoding"/>, or detection (as the import).</summary>
    /// <param name="stream">The CSV bytes.</param>
    /// <param name="options">Reader settings, or null for the defaults; its <see cref="ChatCsvReaderOptions.KeepColumn"/> is replaced by the tracking columns.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open on dispose.</param>
    public TrackedChatCsvReader(Stream stream, ChatCsvReaderOptions? options = null, bool leaveOpen = false)
    {
        reader = new ChatCsvReader(stream ?? throw new ArgumentNullException(nameof(stream)), Settings(options), leaveOpen);
    }

    private static ChatCsvReaderOptions Settings(ChatCsvReaderOptions? options)
    {
        var settings = new ChatCsvReaderOptions
        {
            KeepColumn = name => TrackedChatFieldAliases.Resolve(name) is not null,
        };
        if (options is not null)
        {
            settings.Encoding = options.Encoding;
            settings.MaxFieldLength = options.MaxFieldLength;
            settings.RequireColumns = options.RequireColumns;
            settings.OnNotice = options.OnNotice;
            settings.OptionNames = options.OptionNames;
        }

        return settings;
    }

    /// <summary>The tracking columns found: field, and the column name as written in the header.</summary>
    public IReadOnlyDictionary<TrackedChatField, string> TrackingColumns => columnNames;

    /// <summary>Data rows read so far, good and bad.</summary>
    public long RowsRead => reader.RowsRead;

    /// <summary>Rows the CSV reader could not read (each one <see cref="ChatIssue"/>).</summary>
    public long RowsRejected => reader.RowsRejected;

    /// <summary>Reads and checks the header, once.</summary>
    /// <exception cref="ChatCsvFormatException">
    /// The file is empty, its chat columns are unusable (as for the import), two columns carry the same
    /// tracking field, or no column carries a tracking id (<see cref="ChatIssueCodes.MissingColumn"/>).
    /// </exception>
    public ChatCsvHeader ReadHeader()
    {
        if (header is not null)
        {
            return header;
        }

        var h = reader.ReadHeader();
        for (var i = 0; i < h.Columns.Count; i++)
        {
            if (h.Fields[i] is not null || TrackedChatFieldAliases.Resolve(h.Columns[i]) is not { } field)
            {
                continue;
            }

            if (columnNames.TryGetValue(field, out var other))
            {
                throw new ChatCsvFormatException(
                    ChatIssueCodes.DuplicateColumn,
                    string.Format(CultureInfo.InvariantCulture, "The columns '{0}' and '{1}' (column {2}) both mean {3}.", other, h.Columns[i], i + 1, field),
                    "Keep one of them, or rename the other.");
            }

            columns[field] = i;
            columnNames[field] = h.Columns[i];
        }

        if (columns.Count == 0)
        {
            throw new ChatCsvFormatException(
                ChatIssueCodes.MissingColumn,
                "The chats have no column that carries the tracking id, so no chat could be joined to a site visit.",
                string.Format(
                    CultureInfo.InvariantCulture,
                    "Add at least one of: the id itself ({0}), the first message ({1}), the bot's start parameter or Viber context ({2}).",
                    string.Join(", ", TrackedChatFieldAliases.Names[TrackedChatField.TrackingId]),
                    string.Join(", ", TrackedChatFieldAliases.Names[TrackedChatField.FirstMessage]),
                    string.Join(", ", TrackedChatFieldAliases.Names[TrackedChatField.StartParameter])));
        }

        header = h;
        return h;
    }

    /// <summary>Reads the next data row.</summary>
    /// <param name="chat">The chat, when the row was read.</param>
    /// <param name="issue">The row's single error, when the CSV reader could not read it.</param>
    /// <returns>False at the end of the file; otherwise exactly one of chat and issue is set.</returns>
    public bool TryReadNext(out TrackedChat? chat, out ChatIssue? issue)
    {
        ReadHeader();
        chat = null;
        if (!reader.TryReadNext(out var record, out issue))
        {
            return false;
        }

        if (record is not null)
        {
            chat = new TrackedChat(record, Value(TrackedChatField.TrackingId), Value(TrackedChatField.FirstMessage), Value(TrackedChatField.StartParameter));
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose() => reader.Dispose();

    private string? Value(TrackedChatField field) => columns.TryGetValue(field, out var i) ? reader.GetKeptValue(i) : null;
}
