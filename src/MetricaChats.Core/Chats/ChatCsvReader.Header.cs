using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using MetricaChats.Core.Chats.Input;

namespace MetricaChats.Core.Chats;

/// <summary>The header side of <see cref="ChatCsvReader"/>: the decoder, the first line, the delimiter and the columns.</summary>
public sealed partial class ChatCsvReader
{
    private static DetectingTextReader CreateDecoder(Stream stream, ChatCsvReaderOptions? options, bool leaveOpen)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        // No BOM: the configured encoding, else UTF-8 or detected Windows-1251; invalid bytes decode as U+FFFD and are reported per row.
        return new DetectingTextReader(stream, options?.Encoding, leaveOpen);
    }

    private void OnEncodingDetected(Encoding encoding)
    {
        var names = _options.OptionNames;
        var name = ChatTextEncodings.DisplayName(encoding);
        _options.OnNotice?.Invoke(new ChatIssue(0, null, name, ChatIssueCodes.EncodingDetected,
            $"The file is not valid UTF-8 but reads as Russian text in {name}, so it was read as {name}.",
            $"If that is wrong, name the file's encoding with {names.Encoding("utf-8")} (or {names.Encoding("koi8-r")}, ...); {names.Encoding("windows-1251")} says it outright and skips this notice.",
            ChatIssueSeverity.Warning));
    }

    /// <summary>The encoding to suggest for bytes that did not decode.</summary>
    private string SuggestedEncoding => _decoding?.Suspected?.ToLowerInvariant() ?? "windows-1251";

    private ChatCsvHeader ReadHeaderCore()
    {
        var line = ReadHeaderLine();
        if (line is null)
        {
            throw new ChatCsvFormatException(ChatIssueCodes.EmptyFile,
                "The chat CSV file is empty: it has no header line.",
                "Export the chats again with a header line naming the columns (DateTime, ChatPlatform, ChatUsername, ...).");
        }

        if (line.IndexOf('\0') >= 0)
        {
            throw new ChatCsvFormatException(ChatIssueCodes.BinaryContent,
                "The header line contains NUL characters: the file is binary, or UTF-16 without a byte order mark.",
                $"Save the file as CSV in UTF-8 (\"CSV UTF-8\" in Excel), or name its encoding with {_options.OptionNames.Encoding("utf-16")}.");
        }

        if (line.IndexOf('\uFFFD') >= 0)
        {
            var encoding = _decoding is null ? "UTF-8" : ChatTextEncodings.DisplayName(_decoding.Encoding);
            throw new ChatCsvFormatException(ChatIssueCodes.InvalidEncoding,
                $"The header line contains bytes that are not valid {encoding}: the file is in another encoding{(_decoding?.Suspected is { } suspected ? " (it reads as " + suspected + ")" : " (e.g. KOI8-R or CP866)")}.",
                $"Name the file's encoding with {_options.OptionNames.Encoding(SuggestedEncoding)}, or save it as CSV in UTF-8 (\"CSV UTF-8\" in Excel).");
        }

        _delimiter = DetectDelimiter(line);
        var names = SplitHeader(line, _delimiter);
        var fields = MapColumns(names, out var ignored, out var seenFields);
        if (seenFields.Count == 0 && ChatColumnDiagnosis.NoKnownColumnsIssue(names, 0, _options.OptionNames) is { } none)
        {
            throw new ChatCsvFormatException(ChatIssueCodes.NoKnownColumns, none.Message, none.Fix);
        }

        if (_options.RequireColumns)
        {
            RequireColumn(seenFields, ChatField.DateTime, "the time of the chat");
            RequireColumn(seenFields, ChatField.ChatPlatform, "the messenger (whatsapp, telegram or viber)");
            if (!seenFields.ContainsKey(ChatField.ChatUsername) && !seenFields.ContainsKey(ChatField.ChatUserId) && !seenFields.ContainsKey(ChatField.PhoneNumber))
            {
                throw new ChatCsvFormatException(ChatIssueCodes.MissingColumn,
                    "The header has no chat partner column: none of ChatUsername, ChatUserId, PhoneNumber (or their aliases).",
                    "Add at least one of them; the documentation of the chat fields lists the accepted names.");
            }
        }

        _columnFields = fields;
        _values = new string?[names.Count];

        // Columns whose values repeat (messenger, flags, currency, tags) share one string per distinct value.
        _internColumn = new bool[names.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            _internColumn[i] = fields[i] is ChatField.ChatPlatform or ChatField.Answered or ChatField.Currency or ChatField.Tag;
        }

        _interned = new string?[names.Count * InternSlots];
        var warning = ChatColumnDiagnosis.UnusedColumnsIssue(ignored, 0);
        return new ChatCsvHeader(_delimiter, names.AsReadOnly(), Array.AsReadOnly(fields), ignored.AsReadOnly(), warning);
    }

    /// <summary>The field of each column (null: not a chat field), the columns kept for the caller and those ignored; duplicates throw.</summary>
    private ChatField?[] MapColumns(List<string> names, out List<string> ignored, out Dictionary<ChatField, int> seenFields)
    {
        var fields = new ChatField?[names.Count];
        ignored = new List<string>();
        seenFields = new Dictionary<ChatField, int>();
        var seenNames = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var keep = new bool[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (name.Length > 0 && seenNames.TryGetValue(name, out var first))
            {
                throw new ChatCsvFormatException(ChatIssueCodes.DuplicateColumn,
                    $"The header has the column '{name}' twice (columns {first + 1} and {i + 1}).",
                    "Rename or remove one of the two columns.");
            }

            seenNames[name] = i;
            if (!ChatFieldAliases.TryResolve(name, out var field))
            {
                if (name.Length > 0 && _options.KeepColumn is { } keepColumn && keepColumn(name))
                {
                    keep[i] = true;
                    continue;
                }

                ignored.Add(name.Length == 0 ? $"(column {i + 1}, no name)" : name);
                continue;
            }

            if (seenFields.TryGetValue(field, out var other))
            {
                if (field == ChatField.DateTime && IsDateTimePair(names[other], name))
                {
                    _dateColumn = IsDateName(names[other]) ? other : i;
                    _timeColumn = IsDateName(names[other]) ? i : other;
                    fields[i] = field;
                    continue;
                }

                throw new ChatCsvFormatException(ChatIssueCodes.DuplicateColumn,
                    $"The columns '{names[other]}' (column {other + 1}) and '{name}' (column {i + 1}) both mean {field}.",
                    $"Keep one of them, or rename the other to a name that is not an alias of {field} (the documentation of the chat fields lists each field's names).");
            }

            seenFields[field] = i;
            fields[i] = field;
        }

        _keep = keep;
        return fields;
    }

    private static bool IsName(string name, string expected) => string.Equals(name.Trim(), expected, StringComparison.OrdinalIgnoreCase);

    private static bool IsDateName(string name) => IsName(name, "Date") || IsName(name, "Дата");

    private static bool IsTimeName(string name) => IsName(name, "Time") || IsName(name, "Время");

    /// <summary>A date column and a time column (Date + Time, Дата + Время), joined into one time.</summary>
    private static bool IsDateTimePair(string a, string b) =>
        (IsDateName(a) && IsTimeName(b)) || (IsTimeName(a) && IsDateName(b));

    private static void RequireColumn(Dictionary<ChatField, int> seen, ChatField field, string what)
    {
        if (!seen.ContainsKey(field))
        {
            throw new ChatCsvFormatException(ChatIssueCodes.MissingColumn,
                $"The header has no {field} column ({what}).",
                $"Add a column named {field} (or an alias: {string.Join(", ", ChatFieldAliases.NamesOf(field))}).");
        }
    }

    /// <summary>The first non-blank line, with quotes respected; null at end of file.</summary>
    private string? ReadHeaderLine()
    {
        var sb = new StringBuilder();
        var inQuotes = false;
        while (true)
        {
            if (_position >= _length && !Fill())
            {
                break;
            }

            var c = _buffer[_position++];
            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (c == '\n')
                {
                    continue;
                }
            }

            if (c == '\uFEFF' && sb.Length == 0)
            {
                continue; // BOM left by a TextReader that did not strip it
            }

            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if ((c == '\n' || c == '\r') && !inQuotes)
            {
                _line++;
                _skipLineFeed = c == '\r';
                if (sb.ToString().Trim().Length == 0)
                {
                    sb.Clear();
                    continue; // blank lines before the header
                }

                return sb.ToString();
            }
            else if (c == '\n')
            {
                _line++;
            }

            if (sb.Length >= MaxHeaderLength)
            {
                throw new ChatCsvFormatException(ChatIssueCodes.NoKnownColumns,
                    "The first line is longer than 1 MB: this is not a chat CSV header.",
                    "Check that the file is a CSV export with a header line.");
            }

            sb.Append(c);
        }

        var last = sb.ToString();
        return last.Trim().Length == 0 ? null : last;
    }

    private static char DetectDelimiter(string header)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var inQuotes = false;
        foreach (var c in header)
        {
            switch (c)
            {
                case '"':
                    inQuotes = !inQuotes;
                    break;
                case ',' when !inQuotes:
                    commas++;
                    break;
                case ';' when !inQuotes:
                    semicolons++;
                    break;
                case '\t' when !inQuotes:
                    tabs++;
                    break;
            }
        }

        if (tabs > commas && tabs > semicolons)
        {
            return '\t';
        }

        return semicolons > commas ? ';' : ',';
    }

    private static List<string> SplitHeader(string line, char delimiter)
    {
        var names = new List<string>();
        var sb = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        sb.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == delimiter)
            {
                names.Add(sb.ToString().Trim());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }

        names.Add(sb.ToString().Trim());
        return names;
    }
}
