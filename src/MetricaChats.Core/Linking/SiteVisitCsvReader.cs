using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace MetricaChats.Core.Linking;

/// <summary>
/// Reads the site's records of tracking id -> Metrica ids from CSV: a header row naming the columns
/// (any of <see cref="SiteVisitFieldAliases.Names"/>; other columns are ignored), then one record per row.
/// RFC 4180 quoting; comma, semicolon or tab separator, detected from the header; UTF-8 with or
/// without BOM. Streams: one row in memory at a time.
/// </summary>
public static class SiteVisitCsvReader
{
    /// <summary>Reads site records from a file (UTF-8, a BOM's encoding, or detected Windows-1251, as chat exports).</summary>
    /// <exception cref="InvalidDataException">The file is empty or its header lacks a tracking id column or any Metrica id column.</exception>
    public static IEnumerable<SiteVisit> ReadFile(string path) => ReadFile(path, null);

    /// <summary>Reads site records from a file in <paramref name="encoding"/> when it has no byte order mark (null: UTF-8 or detected Windows-1251).</summary>
    /// <exception cref="InvalidDataException">The file is empty or its header lacks a tracking id column or any Metrica id column.</exception>
    public static IEnumerable<SiteVisit> ReadFile(string path, Encoding? encoding)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The path of the site records CSV is empty.", nameof(path));
        }

        return ReadFileIterator(path, encoding);
    }

    /// <summary>Reads site records from <paramref name="reader"/>.</summary>
    /// <exception cref="InvalidDataException">The input is empty or its header lacks a tracking id column or any Metrica id column.</exception>
    public static IEnumerable<SiteVisit> Read(TextReader reader, string sourceName = "site records")
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        return ReadIterator(reader, sourceName);
    }

    private static IEnumerable<SiteVisit> ReadFileIterator(string path, Encoding? encoding)
    {
        using var reader = new Chats.Input.DetectingTextReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), encoding, leaveOpen: false);
        foreach (var visit in ReadIterator(reader, path))
        {
            yield return visit;
        }
    }

    private static IEnumerable<SiteVisit> ReadIterator(TextReader reader, string sourceName)
    {
        var headerLine = reader.ReadLine();
        while (headerLine is not null && headerLine.Trim().Length == 0)
        {
            headerLine = reader.ReadLine();
        }

        if (headerLine is null)
        {
            throw new InvalidDataException(sourceName + " is empty: expected a header row such as 'TrackingId,ClientId,UserId,Yclid'.");
        }

        var separator = DetectSeparator(headerLine);
        var header = ParseRecord(headerLine, reader, separator);
        var columns = new SiteVisitField?[header.Count];
        var hasId = false;
        var hasMetrica = false;
        for (var i = 0; i < header.Count; i++)
        {
            columns[i] = SiteVisitFieldAliases.Resolve(header[i]);
            hasId |= columns[i] == SiteVisitField.TrackingId;
            hasMetrica |= columns[i] is SiteVisitField.ClientId or SiteVisitField.UserId or SiteVisitField.Yclid or SiteVisitField.PurchaseId;
        }

        if (!hasId || !hasMetrica)
        {
            throw new InvalidDataException(string.Format(
                CultureInfo.InvariantCulture,
                "{0}: the header '{1}' has {2}. Name the columns, e.g. 'TrackingId,ClientId,UserId,Yclid'. Accepted names: tracking id: {3}; ClientId: {4}; UserId: {5}; Yclid: {6}; PurchaseId: {7}.",
                sourceName,
                headerLine,
                !hasId ? "no tracking id column" : "no ClientId, UserId, Yclid or PurchaseId column",
                string.Join(", ", SiteVisitFieldAliases.Names[SiteVisitField.TrackingId]),
                string.Join(", ", SiteVisitFieldAliases.Names[SiteVisitField.ClientId]),
                string.Join(", ", SiteVisitFieldAliases.Names[SiteVisitField.UserId]),
                string.Join(", ", SiteVisitFieldAliases.Names[SiteVisitField.Yclid]),
                string.Join(", ", SiteVisitFieldAliases.Names[SiteVisitField.PurchaseId])));
        }

        long row = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            row++;
            var fields = ParseRecord(line, reader, separator);
            string? id = null, client = null, user = null, yclid = null, purchase = null;
            for (var i = 0; i < fields.Count && i < columns.Length; i++)
            {
                var value = fields[i].Trim();
                if (value.Length == 0)
                {
                    continue;
                }

                switch (columns[i])
                {
                    case SiteVisitField.TrackingId: id ??= value; break;
                    case SiteVisitField.ClientId: client ??= value; break;
                    case SiteVisitField.UserId: user ??= value; break;
                    case SiteVisitField.Yclid: yclid ??= value; break;
                    case SiteVisitField.PurchaseId: purchase ??= value; break;
                }
            }

            yield return new SiteVisit { RowNumber = row, TrackingId = id, ClientId = client, UserId = user, Yclid = yclid, PurchaseId = purchase };
        }
    }

    private static char DetectSeparator(string header)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in header)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted)
            {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }

        return tabs > commas && tabs > semicolons ? '\t' : semicolons > commas ? ';' : ',';
    }

    // One RFC 4180 record; a quoted field may run over several lines, which are read from 'reader'.
    private static List<string> ParseRecord(string line, TextReader reader, char separator)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (true)
        {
            if (i == line.Length)
            {
                if (quoted)
                {
                    var next = reader.ReadLine();
                    if (next is not null)
                    {
                        sb.Append('\n');
                        line = next;
                        i = 0;
                        continue;
                    }
                }

                fields.Add(sb.ToString());
                return fields;
            }

            var c = line[i++];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i < line.Length && line[i] == '"')
                    {
                        sb.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"' && sb.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }
    }
}
