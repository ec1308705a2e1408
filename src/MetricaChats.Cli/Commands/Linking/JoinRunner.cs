using System.Globalization;
using System.Text;
using MetricaChats.Cli.Output;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Linking;

namespace MetricaChats.Cli.Commands.Linking;

/// <summary>
/// Runs <c>join</c>: loads the site records into Core's <see cref="SiteVisitTable"/>, streams the chats
/// through <see cref="TrackedChatCsvReader"/> and <see cref="ChatVisitJoiner"/>, writes each joined chat as
/// a CSV row under the import's canonical column names, and reports the counts on standard error
/// (or in --json). The join itself is all Core's.
/// </summary>
internal sealed class JoinRunner
{
    private static readonly ChatField[] Fields = (ChatField[])Enum.GetValues(typeof(ChatField));

    /// <summary>
    /// The audit columns after the chat columns: <c>TrackingId</c> (the id the chat was joined by),
    /// <c>LinkStatus</c> (Matched, NotFound, SiteRecordRefused, NoTrackingId, AlreadyAttributed)
    /// and <c>SiteRow</c> (the site record's row). The import keeps them out of the upload, silently.
    /// </summary>
    public static readonly string[] AuditColumns = ["TrackingId", "LinkStatus", "SiteRow"];

    private readonly CliConsole _console;
    private readonly JoinRequest _request;
    private readonly List<(string Side, ChatIssue Issue)> _jsonIssues = [];
    private long _printed;
    private bool _issuesTruncated;

    public JoinRunner(CliConsole console, JoinRequest request)
    {
        _console = console;
        _request = request;
    }

    private string ChatsName => _request.Chats == "-" ? "standard input" : _request.Chats;

    public int Run(CancellationToken cancellationToken)
    {
        Validate();
        var encoding = ChatInputOptions.ReadEncoding(_request.Encoding, _request.Chats);
        var values = new ChatValueResolver(ChatInputOptions.ReadTimeZone(_request.TimeZone), ChatInputOptions.ReadRegion(_request.DefaultRegion));
        var extractor = LinkingOptions.Extractor(_request.Prefix, _request.Length, _request.TagKeyword);
        var table = LoadSite(extractor, encoding, cancellationToken);

        var readerOptions = new ChatCsvReaderOptions
        {
            Encoding = encoding,
            OptionNames = ChatInputOptions.Names,
            OnNotice = notice => OnIssue("chats", notice),
        };
        TextWriter? file = null;
        try
        {
            using var reader = _request.Chats == "-" ? new TrackedChatCsvReader(_console.In, readerOptions, leaveOpen: true) : new TrackedChatCsvReader(OpenChats(), readerOptions);
            try
            {
                var header = reader.ReadHeader();
                if (header.Warning is { } warning)
                {
                    OnIssue("chats", warning);
                }
            }
            catch (ChatCsvFormatException ex)
            {
                throw new CliInputException($"{ChatsName}: {ex.Message}", ex);
            }

            file = _request.Out is { } path ? OpenOut(path) : null;
            var output = file ?? _console.Out;
            // The import's columns, then the audit trail: the tracking id each chat was joined by and how.
            output.WriteLine(CsvText.Line(Fields.Select(ColumnNames.Input).Concat(AuditColumns)));

            var joiner = new ChatVisitJoiner(table, values);
            var (written, unreadable) = WriteChats(reader, joiner, output, cancellationToken);
            output.Flush();
            var report = joiner.Report;
            var code = unreadable > 0 || report.SiteRecordsRejected > 0 || report.NotFound > 0 || report.SiteRecordRefused > 0 ? ExitCodes.Partial : ExitCodes.Success;
            if (_request.Json)
            {
                WriteJson(report, reader, written, unreadable, code);
            }
            else
            {
                WriteText(report, written, unreadable, code);
            }

            return code;
        }
        finally
        {
            file?.Dispose();
        }
    }

    /// <summary>Joins every chat and writes it with its audit columns; returns the chats written and the rows that could not be read.</summary>
    private (long Written, long Unreadable) WriteChats(TrackedChatCsvReader reader, ChatVisitJoiner joiner, TextWriter output, CancellationToken cancellationToken)
    {
        long written = 0, unreadable = 0;
        while (reader.TryReadNext(out var chat, out var issue))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (chat is null)
            {
                unreadable++;
                OnIssue("chats", issue!);
                continue;
            }

            var linked = joiner.Join(chat);
            var record = linked.ToChatRecord();
            output.WriteLine(CsvText.Line(Fields.Select(f => RejectsWriter.Value(record, f)).Concat(
                [linked.TrackingId, linked.LinkStatus.ToString(), linked.SiteRowNumber > 0 ? linked.SiteRowNumber.ToString(CultureInfo.InvariantCulture) : null])));
            written++;
        }

        return (written, unreadable);
    }

    private void Validate()
    {
        if (_request.Chats != "-" && !File.Exists(_request.Chats))
        {
            throw new CliUsageException($"The chats file '{_request.Chats}' does not exist. Give the chats CSV, or '-' to read standard input.");
        }

        if (_request.Site == "-")
        {
            throw new CliUsageException("--site reads a file: the site records are loaded before the chats stream past them. Save them to a file (standard input can carry the chats: 'join - --site site.csv').");
        }

        if (!File.Exists(_request.Site))
        {
            throw new CliUsageException($"The site records file '{_request.Site}' does not exist. Give the CSV the site writes (TrackingId, ClientId, ...) with --site.");
        }

        if (_request.Json && _request.Out is null)
        {
            throw new CliUsageException("--json needs --out <file.csv>: with --json, standard output carries the JSON report, so the joined chats go to a file.");
        }

        if (_request.Out is { } o && _request.Chats != "-" && string.Equals(Path.GetFullPath(o), Path.GetFullPath(_request.Chats), StringComparison.Ordinal))
        {
            throw new CliUsageException($"--out '{o}' is the chats file itself; writing it would destroy the input. Choose another file.");
        }

        if (_request.MaxSiteIds < 1)
        {
            throw new CliUsageException("--max-site-ids must be at least 1.");
        }
    }

    private SiteVisitTable LoadSite(TrackingIdExtractor extractor, Encoding? encoding, CancellationToken cancellationToken)
    {
        var table = new SiteVisitTable(extractor, _request.MaxSiteIds);
        try
        {
            foreach (var visit in SiteVisitCsvReader.ReadFile(_request.Site, encoding))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (table.Add(visit) is { } issue)
                {
                    OnIssue("site", issue);
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new CliInputException(ex.Message, ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliInputException($"{_request.Site}: {ex.Message} (--max-site-ids)", ex);
        }

        return table;
    }

    private FileStream OpenChats()
    {
        try
        {
            return new FileStream(_request.Chats, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"Cannot read '{_request.Chats}': {ex.Message}", ex);
        }
    }

    private static StreamWriter OpenOut(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            var dir = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            return new StreamWriter(new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliUsageException($"Cannot write '{path}': {ex.Message} Choose another path for --out.", ex);
        }
    }

    private void OnIssue(string side, ChatIssue issue)
    {
        var label = issue.Severity == ChatIssueSeverity.Error ? "rejected" : "warning";
        if (_printed < IssueReporter.MaxPrintedIssues)
        {
            _console.Error.WriteLine($"{label} ({side}): {issue}");
        }
        else if (_printed == IssueReporter.MaxPrintedIssues)
        {
            _console.Error.WriteLine($"more rows were refused; only the first {IssueReporter.MaxPrintedIssues} are shown (the report counts them all).");
        }

        _printed++;
        if (_request.Json)
        {
            if (_jsonIssues.Count < IssueReporter.MaxJsonIssues)
            {
                _jsonIssues.Add((side, issue));
            }
            else
            {
                _issuesTruncated = true;
            }
        }
    }

    private static string Verdict(int code) => code == ExitCodes.Success ? "success" : "partial";

    private static string Sample(IReadOnlyList<string> ids, long total)
    {
        if (ids.Count == 0)
        {
            return string.Empty;
        }

        return ": " + string.Join(", ", ids.Take(10)) + (total > 10 ? ", ..." : string.Empty);
    }

    private void WriteText(ChatJoinReport r, long written, long unreadable, int code)
    {
        var e = _console.Error;
        var rows = r.ChatsRead + unreadable;
        e.WriteLine("Join report");
        e.WriteLine(string.Format(CultureInfo.InvariantCulture, "  site records    {0,8:N0}   read; {1:N0} refused, {2:N0} distinct ids, {3:N0} seen twice or more ({4:N0} with different Metrica ids){5}", r.SiteRecordsRead, r.SiteRecordsRejected, r.SiteIds, r.SiteDuplicateIds, r.SiteConflictingIds, Sample(r.SiteDuplicateIdSample, r.SiteDuplicateIds)));
        e.WriteLine(string.Format(CultureInfo.InvariantCulture, "  chats read      {0,8:N0}", rows));
        e.WriteLine(string.Format(CultureInfo.InvariantCulture, "  matched         {0,8:N0}   Metrica ids filled in from the site records", r.Matched));
        e.WriteLine(string.Format(CultureInfo.InvariantCulture, "  not found       {0,8:N0}   id not in the site records (unattributed){1}", r.NotFound, Sample(r.NotFoundIdSample, r.NotFound)));
        if (r.SiteRecordRefused > 0)
        {
            e.WriteLine(string.Format(CultureInfo.InvariantCulture, "  site row refused{0,8:N0}   id only in site rows refused for having no Metrica id (unattributed; see 'rejected (site)' above)", r.SiteRecordRefused));
        }

        e.WriteLine(string.Format(CultureInfo.InvariantCulture, "  no tracking id  {0,8:N0}   (unattributed)", r.NoTrackingId));
        e.WriteLine(string.Format(CultureInfo.InvariantCulture, "  own ids         {0,8:N0}   no site match, kept their own Metrica ids", r.AlreadyAttributed));
        e.WriteLine(string.Format(CultureInfo.InvariantCulture, "  unreadable      {0,8:N0}   rows the CSV reader could not read (not written)", unreadable));
        e.WriteLine(r.SiteRecordRefused > 0
            ? string.Format(CultureInfo.InvariantCulture, "  read = matched + not found + site row refused + no id + own ids + unreadable: {0} = {1} + {2} + {6} + {3} + {4} + {5}", rows, r.Matched, r.NotFound, r.NoTrackingId, r.AlreadyAttributed, unreadable, r.SiteRecordRefused)
            : string.Format(CultureInfo.InvariantCulture, "  read = matched + not found + no id + own ids + unreadable: {0} = {1} + {2} + {3} + {4} + {5}", rows, r.Matched, r.NotFound, r.NoTrackingId, r.AlreadyAttributed, unreadable));
        e.WriteLine(string.Format(CultureInfo.InvariantCulture, "  duplicates      {0,8:N0}   ids in two or more chats (all attributed){1}", r.ChatDuplicateIds, Sample(r.ChatDuplicateIdSample, r.ChatDuplicateIds)));
        if (r.AmbiguousChats > 0)
        {
            e.WriteLine(string.Format(CultureInfo.InvariantCulture, "  ambiguous       {0,8:N0}   messages with two different ids (the first the site knows is used)", r.AmbiguousChats));
        }

        e.WriteLine(string.Format(CultureInfo.InvariantCulture, "Written: {0:N0} chat(s) to {1}", written, _request.Out ?? "standard output"));
        e.WriteLine($"Result: {Verdict(code)} (exit code {code.ToString(CultureInfo.InvariantCulture)})");
    }

    private void WriteJson(ChatJoinReport r, TrackedChatCsvReader reader, long written, long unreadable, int code)
    {
        JsonOut.WriteObject(_console.Out, w =>
        {
            var rows = r.ChatsRead + unreadable;
            w.WriteString("result", Verdict(code));
            w.WriteNumber("exitCode", code);
            w.StringOrNull("out", _request.Out);
            w.WriteNumber("written", written);
            w.WriteBoolean("reconciles", rows == r.Matched + r.NotFound + r.SiteRecordRefused + r.NoTrackingId + r.AlreadyAttributed + unreadable && written == r.ChatsRead);
            w.WriteStartObject("site");
            w.WriteNumber("read", r.SiteRecordsRead);
            w.WriteNumber("refused", r.SiteRecordsRejected);
            w.WriteNumber("ids", r.SiteIds);
            w.WriteNumber("duplicateIds", r.SiteDuplicateIds);
            w.WriteNumber("conflictingIds", r.SiteConflictingIds);
            WriteIds(w, "duplicateIdSample", r.SiteDuplicateIdSample);
            w.WriteEndObject();
            w.WriteStartObject("chats");
            w.WriteNumber("read", rows);
            w.WriteNumber("matched", r.Matched);
            w.WriteNumber("notFound", r.NotFound);
            w.WriteNumber("siteRecordRefused", r.SiteRecordRefused);
            w.WriteNumber("noTrackingId", r.NoTrackingId);
            w.WriteNumber("alreadyAttributed", r.AlreadyAttributed);
            w.WriteNumber("unreadable", unreadable);
            w.WriteNumber("unattributed", r.Unattributed);
            w.WriteNumber("duplicateIds", r.ChatDuplicateIds);
            w.WriteNumber("ambiguous", r.AmbiguousChats);
            WriteIds(w, "notFoundIdSample", r.NotFoundIdSample);
            WriteIds(w, "duplicateIdSample", r.ChatDuplicateIdSample);
            w.WriteStartObject("trackingColumns");
            foreach (var (field, name) in reader.TrackingColumns.OrderBy(p => p.Key))
            {
                w.WriteString(field.ToString(), name);
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("issues");
            foreach (var (side, i) in _jsonIssues)
            {
                w.WriteStartObject();
                w.WriteString("side", side);
                w.WriteNumber("row", i.RowNumber);
                w.StringOrNull("field", i.Field is { } f ? ColumnNames.Input(f) : null);
                w.StringOrNull("value", i.Value);
                w.WriteString("code", i.Code);
                w.WriteString("severity", i.Severity == ChatIssueSeverity.Error ? "error" : "warning");
                w.WriteString("message", i.Message);
                w.WriteString("fix", i.Fix);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteBoolean("issuesTruncated", _issuesTruncated);
        });
    }

    private static void WriteIds(System.Text.Json.Utf8JsonWriter w, string name, IReadOnlyList<string> ids)
    {
        w.WriteStartArray(name);
        foreach (var id in ids)
        {
            w.WriteStringValue(id);
        }

        w.WriteEndArray();
    }
}
