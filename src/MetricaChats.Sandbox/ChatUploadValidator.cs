namespace MetricaChats.Sandbox;

/// <summary>
/// Checks a chat CSV record by record, the way the sandbox believes Metrica does: the header
/// (known columns only, no duplicates, the required ones present, at least one partner-id
/// column), then each row (field count, values, at least one partner id). A bad header refuses
/// the file; a bad row is counted out of <c>line_quantity</c>.
/// </summary>
internal sealed class ChatUploadValidator : IUploadRecordSink
{
    private const string Invalid = "invalid_uploading";

    private readonly DateTimeOffset _now;

    private readonly Func<bool> _reserveRow;
    private readonly Func<string, string, bool>? _isVisitor;
    private readonly int _maxKeptErrors;
    private readonly List<IReadOnlyDictionary<string, string>> _rows = new();
    private readonly List<SandboxRowError> _rowErrors = new();
    private readonly List<string> _notes = new();
    private readonly List<string> _failures = new();
    private string[]? _header;
    private Dictionary<string, int>? _index;
    private ChatColumn[]? _columns;
    private int _currencyIndex = -1;

    /// <param name="now">The sandbox clock's now ("DateTime must be in the past").</param>
    /// <param name="reserveRow">Asks for room to keep one more row; false means count it but do not keep it.</param>
    /// <param name="maxKeptErrors">The most row errors (and notes) kept; beyond it they are counted only.</param>
    /// <param name="isVisitor">Whether (canonical column, value) is a visitor the counter knows; null: every Metrica id is one.</param>
    public ChatUploadValidator(DateTimeOffset now, Func<bool> reserveRow, int maxKeptErrors, Func<string, string, bool>? isVisitor = null)
    {
        _now = now;
        _reserveRow = reserveRow;
        _isVisitor = isVisitor;
        _maxKeptErrors = Math.Max(1, maxKeptErrors);
    }

    public IReadOnlyList<string> Header => _header ?? Array.Empty<string>();

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows => _rows;

    public IReadOnlyList<SandboxRowError> RowErrors => _rowErrors;

    public IReadOnlyList<string> Notes => _notes;

    public int SourceQuantity { get; private set; }

    public int LineQuantity { get; private set; }

    public bool HasMetricaId { get; private set; }

    /// <summary>Accepted rows with a Metrica id of a known visitor (<c>linked_quantity</c>).</summary>
    public int LinkedQuantity { get; private set; }

    public bool RowsTruncated { get; private set; }

    /// <summary>True when more row errors or notes arose than were kept.</summary>
    public bool RowErrorsTruncated { get; private set; }

    public void OnRecord(List<string> fields, int line)
    {
        if (_header is null)
        {
            ReadHeader(fields);
            return;
        }

        SourceQuantity++;
        CsvRow? kept = null;
        if (_reserveRow())
        {
            kept = new CsvRow(_header, _index!, fields.ToArray());
            _rows.Add(kept);
        }
        else
        {
            RowsTruncated = true;
        }

        if (!CheckRow(fields, line) && kept is not null)
        {
            kept.Rejected = true;
        }
    }

    /// <summary>Ends the file: refuses it when it held nothing usable.</summary>
    public void Finish()
    {
        if (_header is null)
        {
            throw new ApiErrorException(400, Invalid,
                "Файл пуст. / The file is empty: the first line must be the header (DateTime,ChatPlatform,...), followed by one line per chat.",
                "file");
        }

        if (SourceQuantity == 0)
        {
            throw new ApiErrorException(400, Invalid,
                "Файл не содержит данных. / The file has a header but no data rows.",
                "file");
        }

        if (LineQuantity == 0)
        {
            SandboxRowError first = _rowErrors[0];
            throw new ApiErrorException(400, Invalid,
                $"Ошибка в строке {first.LineNumber}. / Error on line {first.LineNumber}: {first.Message} No row of the file passed validation.",
                "file");
        }
    }

    private void ReadHeader(List<string> fields)
    {
        var columns = new ChatColumn[fields.Count];
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < fields.Count; i++)
        {
            string name = fields[i];
            if (i == 0 && name.Length > 0 && name[0] == '\uFEFF')
            {
                name = name.Substring(1);
                fields[i] = name;
            }

            ChatColumn? column = ChatColumns.Find(name);
            if (column is null)
            {
                string known = string.Join(", ", ChatColumns.All.Select(c => c.Name));
                throw new ApiErrorException(400, Invalid,
                    $"Неизвестный столбец \"{name}\" в заголовке файла. / Unknown column \"{name}\" in the header (column {i + 1}); " +
                    $"a chat upload accepts only: {known}. Rename or remove the column.",
                    "file");
            }

            if (seen.TryGetValue(name, out string? earlier))
            {
                throw new ApiErrorException(400, Invalid,
                    $"Столбец \"{name}\" указан дважды. / Column \"{name}\" appears twice in the header (also as \"{earlier}\"); keep one.",
                    "file");
            }

            seen[name] = name;
            columns[i] = column;
            if (column.Rule == ChatValueRule.Currency)
            {
                _currencyIndex = i;
            }
        }

        foreach (ChatColumn required in ChatColumns.All.Where(c => c.Required))
        {
            if (Array.IndexOf(columns, required) < 0)
            {
                throw new ApiErrorException(400, Invalid,
                    $"Отсутствует обязательный столбец {required.Name}. / The required column {required.Name} is missing from the header.",
                    "file");
            }
        }

        if (!columns.Any(c => c.PartnerId))
        {
            string partners = string.Join(", ", ChatColumns.All.Where(c => c.PartnerId).Select(c => c.Name));
            throw new ApiErrorException(400, Invalid,
                $"Нет столбца с идентификатором собеседника. / The header has no chat-partner column: add at least one of {partners}.",
                "file");
        }

        _header = fields.ToArray();
        _columns = columns;
        _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < _header.Length; i++)
        {
            _index[_header[i]] = i;
        }
    }

    /// <summary>Checks one data row; false when it is rejected (recorded in the row errors).</summary>
    private bool CheckRow(List<string> fields, int line)
    {
        string[] header = _header!;
        ChatColumn[] columns = _columns!;
        int rowNumber = SourceQuantity;
        if (fields.Count != header.Length)
        {
            Reject(rowNumber, line, string.Empty, string.Empty,
                $"row {rowNumber} (line {line}) has {fields.Count} fields but the header has {header.Length}; quote values that contain commas.");
            return false;
        }

        _failures.Clear();
        string? firstColumn = null;
        string? firstValue = null;
        bool hasPartner = false;
        bool hasMetricaId = false;
        bool linked = false;
        for (int i = 0; i < fields.Count; i++)
        {
            string value = fields[i];
            ChatColumn column = columns[i];
            bool empty = string.IsNullOrWhiteSpace(value);
            if (column.PartnerId && !empty)
            {
                hasPartner = true;
            }

            if (column.MetricaId && !empty)
            {
                hasMetricaId = true;
                linked = linked || _isVisitor is null || _isVisitor(column.Name, value);
            }

            string? problem = empty
                ? (column.Required ? $"{header[i]} is empty; it is required" : null)
                : CheckValue(column, value);
            if (problem is not null)
            {
                _failures.Add(problem);
                if (firstColumn is null)
                {
                    firstColumn = header[i];
                    firstValue = value;
                }
            }
        }

        if (!hasPartner)
        {
            _failures.Add("no chat-partner id: fill at least one of ChatUsername, ChatUserID, PhoneNumber");
            firstColumn ??= header[Array.FindIndex(columns, c => c.PartnerId)];
            firstValue ??= string.Empty;
        }

        if (_failures.Count > 0)
        {
            Reject(rowNumber, line, firstColumn!, firstValue!,
                $"row {rowNumber} (line {line}): " + string.Join("; ", _failures) + ".");
            return false;
        }

        if (_currencyIndex >= 0 && fields[_currencyIndex].Length > 0 && !ChatColumns.SupportedCurrencies.Contains(fields[_currencyIndex]))
        {
            if (_notes.Count < _maxKeptErrors)
            {
                _notes.Add($"row {rowNumber} (line {line}): currency {fields[_currencyIndex]} is not supported; amount and currency dropped.");
            }
            else
            {
                RowErrorsTruncated = true;
            }
        }

        LineQuantity++;
        if (hasMetricaId)
        {
            HasMetricaId = true;
        }

        if (linked)
        {
            LinkedQuantity++;
        }

        return true;
    }

    private void Reject(int rowNumber, int line, string column, string value, string message)
    {
        if (_rowErrors.Count < _maxKeptErrors)
        {
            _rowErrors.Add(new SandboxRowError(rowNumber, line, column, Shown(value), message));
        }
        else
        {
            RowErrorsTruncated = true;
        }
    }

    private static string Shown(string value) => UploadValueRules.Shown(value);

    private string? CheckValue(ChatColumn column, string value)
    {
        string name = column.Name;
        return column.Rule switch
        {
            ChatValueRule.UnixTime => UploadValueRules.UnixTime(name, value, _now, "chats"),
            ChatValueRule.Platform => ChatColumns.Platforms.Contains(value)
                ? null
                : $"{name} '{Shown(value)}' is not one of whatsapp, telegram, viber (lower case)",
            ChatValueRule.Phone => UploadValueRules.Phone(name, value),
            ChatValueRule.Digits => UploadValueRules.Digits(name, value),
            ChatValueRule.ZeroOrOne => UploadValueRules.ZeroOrOne(name, value),
            ChatValueRule.Tag => UploadValueRules.Tag(name, value, ChatColumns.MaxTagLength),
            ChatValueRule.Price => UploadValueRules.Price(name, value),
            ChatValueRule.Currency => UploadValueRules.Currency(name, value),
            ChatValueRule.Url => UploadValueRules.Url(name, value),
            _ => null,
        };
    }
}
