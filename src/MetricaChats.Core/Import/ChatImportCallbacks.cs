using System;
using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Import;

/// <summary>
/// Optional callbacks for <see cref="ChatImporter"/>. They are invoked one at a time, never
/// concurrently, on the thread that drives the import (the one awaiting
/// <see cref="ChatImporter.ImportAsync(System.Collections.Generic.IEnumerable{ChatRecord}, Api.MetricaClient?, ChatImportOptions, ChatImportCallbacks?, System.Threading.CancellationToken)"/>
/// between reads), so they may write to a console without locking.
/// </summary>
public sealed class ChatImportCallbacks
{
    /// <summary>A row problem: an error (row rejected) or a warning (row sent).</summary>
    public Action<ChatIssue>? Issue { get; init; }

    /// <summary>A batch finished (sent, reconciled, written, not sent, or of unknown fate).</summary>
    public Action<ChatBatchResult>? BatchCompleted { get; init; }

    /// <summary>Progress, at most a few times a second and at the end.</summary>
    public IProgress<ChatImportProgress>? Progress { get; init; }

    /// <summary>
    /// Called once when the source is exhausted, with the row number of the last record read (0
    /// for none): says whether the input was cut off or changed while it was read (see
    /// <see cref="ImportInputFile.End"/>), or returns null when that cannot be known (a pipe).
    /// </summary>
    public Func<long, ImportInputEnd?>? InputEnded { get; init; }
}
