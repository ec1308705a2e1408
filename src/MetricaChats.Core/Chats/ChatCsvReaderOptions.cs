using System.Text;

namespace MetricaChats.Core.Chats;

/// <summary>Settings of <see cref="ChatCsvReader"/>.</summary>
public sealed class ChatCsvReaderOptions
{
    /// <summary>The default limit of one CSV field, in characters (64 Ki).</summary>
    public const int DefaultMaxFieldLength = 64 * 1024;

    /// <summary>
    /// The encoding of a file without a byte order mark (<see cref="ChatTextEncodings.TryFind"/> finds one
    /// by name). Default null: detect: UTF-8, unless the bytes are not UTF-8 but Russian text in
    /// Windows-1251, which is then read as Windows-1251 with one <see cref="ChatIssueCodes.EncodingDetected"/>
    /// notice. A UTF-8 or UTF-16 BOM always wins. Applies to the stream constructor only (text
    /// already decoded is read as it is).
    /// </summary>
    public Encoding? Encoding { get; set; }

    /// <summary>
    /// Receives file-level notices that can arise while rows are read (<see cref="ChatIssueCodes.EncodingDetected"/>,
    /// once). The header's own warning is <see cref="ChatCsvHeader.Warning"/>. Default null: dropped.
    /// </summary>
    public System.Action<ChatIssue>? OnNotice { get; set; }

    /// <summary>How the front end in use spells the settings that messages name. Default: <see cref="ChatOptionNames.Neutral"/>.</summary>
    public ChatOptionNames OptionNames { get; set; } = ChatOptionNames.Neutral;

    /// <summary>
    /// Longest accepted CSV field in characters; a longer one makes its row a
    /// <see cref="ChatIssueCodes.FieldTooLong"/> issue and keeps memory bounded. Default 64 Ki.
    /// </summary>
    public int MaxFieldLength { get; set; } = DefaultMaxFieldLength;

    /// <summary>
    /// When true (default), a header without a time column, without a messenger column or
    /// without any chat partner column is a <see cref="ChatCsvFormatException"/>
    /// (<see cref="ChatIssueCodes.MissingColumn"/>) instead of one error per row.
    /// </summary>
    public bool RequireColumns { get; set; } = true;

    /// <summary>
    /// Decides, for each header name that is not a chat field, whether to keep that column's values
    /// (the join keeps its tracking id and first message columns this way). A kept column is not
    /// reported as ignored; its value in the current row is <see cref="ChatCsvReader.GetKeptValue"/>.
    /// Default null: no column is kept.
    /// </summary>
    public System.Func<string, bool>? KeepColumn { get; set; }
}
