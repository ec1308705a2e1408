namespace MetricaChats.Sandbox;

/// <summary>
/// Checks a call CSV (<c>upload_calls</c>) record by record, the way the sandbox believes Metrica
/// does: the header (known columns only, no duplicates, <c>DateTime</c> present, at least one of
/// <c>UserId</c>, <c>ClientId</c>, <c>Yclid</c>), then each row (field count, values, at least one
/// visitor id: a call without one is refused). A bad header refuses the file; a bad row is
/// counted out of <c>line_quantity</c>. Accepted rows are counted as static or dynamic calls.
/// </summary>
internal sealed class CallUploadValidator : IUploadRecordSink
{
    private const string Invalid = "invalid_uploading";

    private readonly DateTimeOffset _now;
    private readonly Func<bool> _reserveRow;
    private readonly int _maxKeptErrors;
    private readonly List<IReadOnlyDictionary<string, string>> _rows = new();
    private readonly List<SandboxRowError> _rowErrors = new();
    private readonly List<string> _notes = new();
    private readonly List<string> _failures = new();
    private string[]? _header;
    private Dictionary<string, int>? _index;
    private CallColumn[]? _columns;
    private int _currencyIndex = -1;
    private int _staticIndex = -1;
    private readonly List<(int Index, string Name)> _idColumns = new();
    private readonly Func<string, string, bool>? _isVisitor;

    /// <param name="now">The sandbox clock's now ("DateTime must be in the past").</param>
    /// <param name="reserveRow">Asks for room to keep one more row; false means count it but do not keep it.</param>
    /// <param name="maxKeptErrors">The most row errors (and notes) kept; beyond it they are counted only.</param>
    /// <param name="isVisitor">Whether a (column, id) is a visitor the counter knows; null: every id links.</param>
    public CallUploadValidator(DateTimeOffset now, Func<bool> reserveRow, int maxKeptErrors, Func<string, string, bool>? isVisitor = null)
    {
        _isVisitor = isVisitor;
        _now = now;
        _reserveRow = reserveRow;
        _maxKeptErrors = Math.Max(1, maxKeptErrors);
    }

    public IReadOnlyList<string> Header => _header ?? Array.Empty<string>();

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows => _rows;

    public IReadOnlyList<SandboxRowError> RowErrors => _rowErrors;

    public IReadOnlyList<string> Notes => _notes;

    public int SourceQuantity { get; private set; }

    public int LineQuantity { get; private set; }

    /// <summary>Accepted calls with <c>StaticCall</c> 1.</summary>
    public int StaticCalls { get; private set; }

    /// <summary>Accepted calls with <c>StaticCall</c> 0, empty or absent.</summary>
    public int DynamicCalls { get; private set; }

    /// <summary>Accepted dynamic calls with an id of a known visitor (<c>linked_quantity</c>); a static call never links.</summary>
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
                $"Файл пуст. / The file is empty: the first line must be the header (DateTime and at least one of {CallColumns.MetricaIdNames}, ...), followed by one line per call.",
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
        var columns = new CallColumn[fields.Count];
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < fields.Count; i++)
        {
            string name = fields[i];
            if (i == 0 && name.Length > 0 && name[0] == '\uFEFF')
            {
                name = name.Substring(1);
                fields[i] = name;
            }

            CallColumn column = CallColumns.Find(name) ?? throw UnknownColumn(name, i + 1);
            if (seen.TryGetValue(name, out string? earlier))
            {
                throw new ApiErrorException(400, Invalid,
                    $"Столбец \"{name}\" указан дважды. / Column \"{name}\" appears twice in the header (also as \"{earlier}\"); keep one.",
                    "file");
            }

            seen[name] = name;
            columns[i] = column;
            _currencyIndex = column.Rule == CallValueRule.Currency ? i : _currencyIndex;
            _staticIndex = column.Name == CallColumns.StaticCall ? i : _staticIndex;
            if (column.MetricaId)
            {
                _idColumns.Add((i, column.Name));
            }
        }

        foreach (CallColumn required in CallColumns.All.Where(c => c.Required))
        {
            if (Array.IndexOf(columns, required) < 0)
            {
                throw new ApiErrorException(400, Invalid,
                    $"Отсутствует обязательный столбец {required.Name}. / The required column {required.Name} is missing from the header.",
                    "file");
            }
        }

        if (!columns.Any(c => c.MetricaId))
        {
            throw new ApiErrorException(400, Invalid,
                $"Нет столбца с идентификатором посетителя. / The header has no visitor-id column: a call upload needs at least one of {CallColumns.MetricaIdNames}.",
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

    private static ApiErrorException UnknownColumn(string name, int position)
    {
        string known = string.Join(", ", CallColumns.All.Select(c => c.Name));
        string hint = ChatColumns.Find(name) is not null
            ? " It is a chat column: chats go to offline_conversions/upload?type=CHATS, not upload_calls."
            : " Rename or remove the column.";
        return new ApiErrorException(400, Invalid,
            $"Неизвестный столбец \"{name}\" в заголовке файла. / Unknown column \"{name}\" in the header (column {position}); " +
            $"a call upload accepts only: {known}.{hint}",
            "file");
    }

    /// <summary>Checks one data row; false when it is rejected (recorded in the row errors).</summary>
    private bool CheckRow(List<string> fields, int line)
    {
        string[] header = _header!;
        CallColumn[] columns = _columns!;
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
        bool hasMetricaId = false;
        for (int i = 0; i < fields.Count; i++)
        {
            string value = fields[i];
            CallColumn column = columns[i];
            bool empty = string.IsNullOrWhiteSpace(value);
            hasMetricaId |= column.MetricaId && !empty;
            string? problem = empty
                ? (column.Required ? $"{header[i]} is empty; it is required" : null)
                : CheckValue(column, value);
            if (problem is not null)
            {
                _failures.Add(problem);
                firstColumn ??= header[i];
                firstValue ??= value;
            }
        }

        if (!hasMetricaId)
        {
            _failures.Add($"no visitor id: fill at least one of {CallColumns.MetricaIdNames} (a call without one is refused)");
            firstColumn ??= header[Array.FindIndex(columns, c => c.MetricaId)];
            firstValue ??= string.Empty;
        }

        if (_failures.Count > 0)
        {
            Reject(rowNumber, line, firstColumn!, firstValue!,
                $"row {rowNumber} (line {line}): " + string.Join("; ", _failures) + ".");
            return false;
        }

        Accept(fields, rowNumber, line);
        return true;
    }

    /// <summary>Counts an accepted row as a static or dynamic call, and notes a currency Metrica would drop.</summary>
    private void Accept(List<string> fields, int rowNumber, int line)
    {
        if (_currencyIndex >= 0 && fields[_currencyIndex].Length > 0 && !CallColumns.SupportedCurrencies.Contains(fields[_currencyIndex]))
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
        if (_staticIndex >= 0 && fields[_staticIndex] == "1")
        {
            StaticCalls++;
        }
        else
        {
            DynamicCalls++;
            foreach (var (index, name) in _idColumns)
            {
                string id = fields[index];
                if (id.Length > 0 && (_isVisitor is null || _isVisitor(name, id)))
                {
                    LinkedQuantity++;
                    break;
                }
            }
        }
    }

    private void Reject(int rowNumber, int line, string column, string value, string message)
    {
        if (_rowErrors.Count < _maxKeptErrors)
        {
            _rowErrors.Add(new SandboxRowError(rowNumber, line, column, UploadValueRules.Shown(value), message));
        }
        else
        {
            RowErrorsTruncated = true;
        }
    }

    private string? CheckValue(CallColumn column, string value)
    {
        string name = column.Name;
        return column.Rule switch
        {
            CallValueRule.UnixTime => UploadValueRules.UnixTime(name, value, _now, "calls"),
            CallValueRule.Digits => UploadValueRules.Digits(name, value),
            CallValueRule.ZeroOrOne => UploadValueRules.ZeroOrOne(name, value),
            CallValueRule.Price => UploadValueRules.Price(name, value),
            CallValueRule.Currency => UploadValueRules.Currency(name, value),
            CallValueRule.Phone => UploadValueRules.Phone(name, value),
            CallValueRule.Seconds => UploadValueRules.Seconds(name, value),
            CallValueRule.Tag => UploadValueRules.Tag(name, value, CallColumns.MaxTagLength),
            CallValueRule.Url => UploadValueRules.Url(name, value),
            _ => null,
        };
    }
}
