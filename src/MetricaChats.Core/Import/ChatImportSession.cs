using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Api;
using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Import;

/// <summary>
/// A push-style import, for callers that receive one item at a time (the PowerShell cmdlet:
/// <c>ProcessRecord</c> calls <see cref="AddAsync(ChatRecord, CancellationToken)"/>,
/// <c>EndProcessing</c> calls <see cref="CompleteAsync"/>). Items are normalised, batched and
/// uploaded in the background with at most <see cref="ChatImportOptions.MaxParallelUploads"/>
/// uploads at once; <c>AddAsync</c> waits when that many batches are already in flight, so
/// memory stays flat.
/// </summary>
/// <remarks>
/// Thread rules: call <c>AddAsync</c>, <c>CompleteAsync</c>, <see cref="TakeIssues"/>,
/// <see cref="TakeCompleted"/> and <see cref="GetProgress"/> from one thread at a time (the
/// pipeline thread). Nothing is raised on background threads: issues, finished batches and
/// progress are queued and handed over by the <c>Take*</c> methods, so the caller writes them
/// on its own thread. When the run stops early (daily quota, access refused, a rejected
/// upload), <see cref="IsStopped"/> turns true and further items are counted as not sent.
/// </remarks>
public sealed class ChatImportSession : IAsyncDisposable, IDisposable
{
    /// <summary>Starts a session. <paramref name="client"/> may be null only for a dry run.</summary>
    /// <param name="client">The API client, or null with <see cref="ChatImportOptions.DryRunDirectory"/> set.</param>
    /// <param name="options">What to import where.</param>
    /// <param name="cancellationToken">Cancels the whole session (in-flight uploads included).</param>
    public ChatImportSession(MetricaClient? client, ChatImportOptions options, CancellationToken cancellationToken = default)
    {
        throw new NotImplementedException();
    }

    /// <summary>True once the run has stopped early; see <see cref="StopReason"/>.</summary>
    public bool IsStopped => throw new NotImplementedException();

    /// <summary>Why the run stopped early, or null.</summary>
    public string? StopReason => throw new NotImplementedException();

    /// <summary>Normalises and adds one raw record; a bad record becomes an error issue (see <see cref="TakeIssues"/>).</summary>
    public Task AddAsync(ChatRecord record, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Adds one normalised event.</summary>
    public Task AddAsync(ChatEvent chatEvent, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Sends the last batch, waits for every upload (and, with <see cref="ChatImportOptions.Wait"/>, for processing), and returns the summary.</summary>
    public Task<ChatImportSummary> CompleteAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Row issues raised since the last call, in row order.</summary>
    public IReadOnlyList<ChatIssue> TakeIssues() => throw new NotImplementedException();

    /// <summary>Batches finished since the last call, in completion order.</summary>
    public IReadOnlyList<ChatBatchResult> TakeCompleted() => throw new NotImplementedException();

    /// <summary>A progress snapshot.</summary>
    public ChatImportProgress GetProgress() => throw new NotImplementedException();

    /// <summary>Cancels unfinished uploads and waits for them to end (the state file is kept current).</summary>
    public ValueTask DisposeAsync() => throw new NotImplementedException();

    /// <inheritdoc />
    public void Dispose() => throw new NotImplementedException();
}
