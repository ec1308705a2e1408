using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Import;

namespace MetricaChats.Internal;

/// <summary>
/// The export files named by -Path (wildcards) or -LiteralPath, resolved the way PowerShell's
/// file cmdlets resolve them (provider paths, the current location), and opened with the engine's
/// reader (encoding by byte order mark, delimiter from the header line), as the command-line
/// program reads them. A name that finds no file is one error (<c>PathNotFound</c>); the others go on.
/// </summary>
internal static class ExportFiles
{
    /// <summary>The files, in the order given (a wildcard's matches in the provider's order); errors for the names that match none.</summary>
    public static List<string> Resolve(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal, List<ErrorRecord> errors)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (literal)
            {
                var full = cmdlet.GetUnresolvedProviderPathFromPSPath(path);
                if (File.Exists(full))
                {
                    files.Add(full);
                }
                else
                {
                    errors.Add(NotFound(path, Directory.Exists(full)));
                }

                continue;
            }

            var found = 0;
            var directory = false;
            try
            {
                foreach (var resolved in cmdlet.GetResolvedProviderPathFromPSPath(path, out var provider))
                {
                    if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                    {
                        break;
                    }

                    if (File.Exists(resolved))
                    {
                        files.Add(resolved);
                        found++;
                    }
                    else
                    {
                        directory |= Directory.Exists(resolved);
                    }
                }
            }
            catch (ItemNotFoundException)
            {
            }
            catch (System.Management.Automation.DriveNotFoundException)
            {
            }

            if (found == 0)
            {
                errors.Add(NotFound(path, directory));
            }
        }

        return files;
    }

    /// <summary>
    /// Reads <paramref name="file"/> with the engine's reader: each record to <paramref name="onRecord"/>,
    /// each row the reader could not split to <paramref name="onUnreadable"/>, the header's note
    /// (columns not used) to <paramref name="onWarning"/>. A file that cannot be opened or has no
    /// usable header goes to <paramref name="onFileError"/>. Stops when <paramref name="stop"/>
    /// says so after a row (checked after each row); returns false then.
    /// </summary>
    public static bool Read(string file, ChatCsvReaderOptions options, Action<ChatRecord> onRecord, Action<ChatIssue> onUnreadable, Action<ErrorRecord> onFileError, Action<string> onWarning, Func<bool> stop, Action<ImportInputEnd>? onEnd = null)
    {
        ChatCsvReader reader;
        ImportInputFile input;
        try
        {
            // Watched for a writer still at work: a cut-off last row, or a file that changes while
            // it is read, is not sent (ImportInputFile.End, ChatImportSession.EndInput).
            input = ImportInputFile.Open(file);
            reader = new ChatCsvReader(input.Stream, options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            onFileError(NotOpened(file, ex));
            return !stop();
        }

        long lastRow = 0;
        using (input)
        using (reader)
        {
            try
            {
                if (reader.ReadHeader().Warning is { } columns)
                {
                    onWarning(Path.GetFileName(file) + ": " + columns);
                }
            }
            catch (ChatCsvFormatException ex)
            {
                onFileError(Unreadable(file, ex));
                return !stop();
            }

            while (reader.TryReadNext(out var record, out var issue))
            {
                if (record is not null)
                {
                    lastRow = record.RowNumber;
                    onRecord(record);
                }
                else if (issue is not null)
                {
                    lastRow = Math.Max(lastRow, issue.RowNumber);
                    onUnreadable(issue);
                }

                if (stop())
                {
                    return false;
                }
            }

            onEnd?.Invoke(input.End(lastRow));
        }

        return true;
    }

    /// <summary>A file the reader refuses as a whole (empty, no usable header): one error naming it.</summary>
    private static ErrorRecord Unreadable(string file, ChatCsvFormatException exception) =>
        new(exception, exception.Code, ErrorCategory.InvalidData, file)
        {
            ErrorDetails = new ErrorDetails(Path.GetFileName(file) + ": " + exception.Message),
        };

    /// <summary>A file that cannot be opened (locked, no permission).</summary>
    private static ErrorRecord NotOpened(string file, Exception exception) =>
        new(exception, "ExportFileNotRead", ErrorCategory.ReadError, file)
        {
            ErrorDetails = new ErrorDetails("Cannot read '" + file + "': " + exception.Message),
        };

    /// <summary>
    /// The target object of a row's error when the row came from a file: the raw values read, with
    /// the file and the row number within it.
    /// </summary>
    public static PSObject RowTarget(string file, ChatRecord? record, long rowNumber)
    {
        var target = record is null ? new PSObject() : PSObject.AsPSObject(record);
        target.Properties.Add(new PSNoteProperty("Path", file));
        if (record is null)
        {
            target.Properties.Add(new PSNoteProperty("RowNumber", rowNumber));
        }

        return target;
    }

    /// <summary>The text of a row's error, with the file's name in front when several files are read.</summary>
    public static ErrorRecord InFile(ErrorRecord record, string file, bool name)
    {
        if (name && record.ErrorDetails is { } details)
        {
            record.ErrorDetails = new ErrorDetails(Path.GetFileName(file) + ": " + details.Message) { RecommendedAction = details.RecommendedAction };
        }

        return record;
    }

    private static ErrorRecord NotFound(string path, bool isDirectory)
    {
        var message = isDirectory
            ? "'" + path + "' is a folder. Give the export file itself, or a wildcard such as '" + System.IO.Path.Combine(path, "*.csv") + "'."
            : "Cannot find an export file at '" + path + "'. Check the name (with -Path, [ ] * ? are wildcards; use -LiteralPath for a name that contains them).";
        return new ErrorRecord(new FileNotFoundException(message), "PathNotFound", ErrorCategory.ObjectNotFound, path)
        {
            ErrorDetails = new ErrorDetails(message),
        };
    }
}
