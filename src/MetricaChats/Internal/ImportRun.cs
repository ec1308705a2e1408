using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using MetricaChats.Core.Advice;
using MetricaChats.Core.Api;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Import;

namespace MetricaChats.Internal;

/// <summary>Where an import's results go: Send-MetricaChatImport writes them on the pipeline thread.</summary>
internal interface IImportOutput
{
    /// <summary>A row's error, or a batch that was not sent.</summary>
    void Error(ImportRun run, ErrorRecord record);

    /// <summary>A row's warning (the row still goes), with its code.</summary>
    void Warning(string code, string text);

    /// <summary>A notice about the run itself (the ledger settled an earlier batch, a wait, a duplicate found), shown as it comes.</summary>
    void Notice(string text);

    /// <summary>A batch that arrived.</summary>
    void Upload(MetricaUpload upload);

    /// <summary>A dry-run batch written to its file.</summary>
    void File(string path);
}

/// <summary>
/// One import of Send-MetricaChatImport (one counter, or one dry run): the engine's session and
/// what the cmdlet needs to report it on the pipeline thread (the row being added, the file being
/// read, the dry-run files, the errors held back until the run is settled).
/// </summary>
internal sealed class ImportRun : IDisposable
{
    private readonly string? _workingDirectory;
    private readonly Dictionary<string, long> _unreadableByCode = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, ChatBatchResult> _finishedEarly = new();
    private int _nextBatch = 1;
    private bool _disposed;

    /// <summary>The accepted rows' ages, for the extended-window advice at the end.</summary>
    public RowAgeTally Ages { get; set; } = new(DateTimeOffset.UtcNow);

    /// <summary>The counter's calls extended window as read before the import; null when not read (dry run) or unreadable.</summary>
    public bool? WindowEnabled { get; set; }

    public ImportRun(int counterId, ChatImportSession session, string? outFile, string? workingDirectory)
    {
        CounterId = counterId;
        Session = session;
        OutFile = outFile;
        _workingDirectory = workingDirectory;
    }

    public int CounterId { get; }

    public ChatImportSession Session { get; }

    /// <summary>The dry run's -OutFile (batch 1's file), or null when uploading.</summary>
    public string? OutFile { get; }

    /// <summary>The dry-run files written so far, in batch order.</summary>
    public List<string> Files { get; } = new();

    /// <summary>The input object of the row being added (the target of its error), when it came from the pipeline.</summary>
    public object? Target { get; set; }

    /// <summary>The export file being read, or null.</summary>
    public string? File { get; set; }

    /// <summary>True when several files are read (their names go in front of row errors).</summary>
    public bool NameFile { get; set; }

    /// <summary>The record read from <see cref="File"/> last (the target of its error).</summary>
    public ChatRecord? Record { get; set; }

    /// <summary>Errors held back because the first error ends the command: written once the run is settled and reported.</summary>
    public List<ErrorRecord> HeldErrors { get; } = new();

    /// <summary>Time since progress was last written.</summary>
    public Stopwatch SinceProgress { get; } = Stopwatch.StartNew();

    /// <summary>True once the run has been completed (or settled): it takes no more rows.</summary>
    public bool Finished { get; set; }

    /// <summary>True once the run's summary has been written: errors are written from then on, not held.</summary>
    public bool Reported { get; set; }

    /// <summary>Rows of export files the reader could not split (each reported as an error).</summary>
    public long Unreadable { get; private set; }

    /// <summary><see cref="Unreadable"/> by error id.</summary>
    public IReadOnlyDictionary<string, long> UnreadableByCode => _unreadableByCode;

    /// <summary>
    /// The batches the session finished since the last call, in batch order: a batch that finished
    /// before an earlier one (a smaller one, sent in parallel) waits for it, so uploads and files
    /// are output in input order.
    /// </summary>
    public List<ChatBatchResult> TakeFinishedInOrder()
    {
        foreach (var batch in Session.TakeCompleted())
        {
            _finishedEarly[batch.BatchNumber] = batch;
        }

        var ready = new List<ChatBatchResult>();
        while (_finishedEarly.TryGetValue(_nextBatch, out var next))
        {
            _finishedEarly.Remove(_nextBatch);
            ready.Add(next);
            _nextBatch++;
        }

        return ready;
    }

    /// <summary>
    /// Hands what the session produced since the last call to <paramref name="output"/>: each row
    /// issue as an error (target: the input row or the file row) or a warning, then the finished
    /// batches in batch order (uploads, dry-run files kept under their -OutFile names, batches not sent).
    /// </summary>
    public void Report(IImportOutput output)
    {
        var issues = Session.TakeIssues();
        for (var i = 0; i < issues.Count; i++)
        {
            var issue = issues[i];
            if (issue.Severity == ChatIssueSeverity.Error)
            {
                var record = ChatIssueErrors.Create(issue, TargetFor(issue));
                output.Error(this, File is null ? record : ExportFiles.InFile(record, File, NameFile));
            }
            else if (issue.RowNumber == 0 && issue.Field is null)
            {
                output.Notice(issue.Fix.Length == 0 ? issue.Message : issue.Message + " " + issue.Fix);
            }
            else
            {
                output.Warning(issue.Code, File is not null && NameFile ? Path.GetFileName(File) + ": " + issue : issue.ToString());
            }
        }

        foreach (var batch in TakeFinishedInOrder())
        {
            if (batch.Upload is { } upload)
            {
                output.Upload(upload);
            }
            else if (batch.DryRunFile is not null && OutFile is not null)
            {
                output.File(Keep(batch));
            }
            else
            {
                output.Error(this, ImportMessages.BatchNotSent(batch));
            }
        }
    }

    /// <summary>Counts a row the reader could not split.</summary>
    public void CountUnreadable(string code)
    {
        Unreadable++;
        _unreadableByCode[code] = _unreadableByCode.TryGetValue(code, out var n) ? n + 1 : 1;
    }

    /// <summary>The target object of a row error: the input object, or the file row.</summary>
    public object? TargetFor(ChatIssue issue) =>
        File is null ? Target : ExportFiles.RowTarget(File, Record is not null && Record.RowNumber == issue.RowNumber ? Record : null, issue.RowNumber);

    /// <summary>
    /// Ends the run when nothing can be written any more (the pipeline is stopping for another
    /// reason): no more rows, the uploads in flight settle (at most <paramref name="limit"/>, then
    /// they are cancelled and looked for by their marker), the state file records them and finished
    /// dry-run files are kept. Returns the engine's summary, or null when the run did not settle.
    /// </summary>
    public ChatImportSummary? Settle(string reason, TimeSpan limit)
    {
        if (Finished)
        {
            return null;
        }

        Finished = true;
        Session.Stop(reason);
        var completing = Session.CompleteAsync();
        try
        {
            if (!completing.Wait(limit))
            {
                Session.Dispose();
                return null;
            }
        }
        catch (AggregateException)
        {
            return null;
        }

        foreach (var batch in TakeFinishedInOrder())
        {
            if (batch.DryRunFile is not null && OutFile is not null)
            {
                Keep(batch);
            }
        }

        return completing.Result;
    }

    /// <summary>Moves a finished dry-run batch to its file (-OutFile, -OutFile-000002, ...); returns the path.</summary>
    public string Keep(ChatBatchResult batch)
    {
        var destination = DryRunFiles.For(OutFile!, batch.BatchNumber);
        if (System.IO.File.Exists(destination))
        {
            System.IO.File.Delete(destination);
        }

        System.IO.File.Move(batch.DryRunFile!, destination);
        Files.Add(destination);
        return destination;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Session.Dispose();
        if (_workingDirectory is not null && Directory.Exists(_workingDirectory))
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
    }
}
