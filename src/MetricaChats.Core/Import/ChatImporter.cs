using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Api;
using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Import;

/// <summary>
/// Pull-style import, for callers that hold the whole input (the command-line program): reads
/// the records, normalises, batches, uploads with bounded parallelism and returns the summary.
/// Callbacks run on the calling thread, one at a time, between reads. A stopped or cancelled run
/// returns its summary (with <see cref="ChatImportSummary.StopReason"/>) rather than throwing.
/// </summary>
public static class ChatImporter
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Imports raw records.</summary>
    public static Task<ChatImportSummary> ImportAsync(IEnumerable<ChatRecord> records, MetricaClient? client, ChatImportOptions options, ChatImportCallbacks? callbacks = null, CancellationToken cancellationToken = default) =>
        RunAsync(records ?? throw new ArgumentNullException(nameof(records)), static (session, record, ct) => session.AddAsync(record, ct), static r => r.RowNumber, client, options, callbacks, cancellationToken);

    /// <summary>Imports raw records from an asynchronous source.</summary>
    public static Task<ChatImportSummary> ImportAsync(IAsyncEnumerable<ChatRecord> records, MetricaClient? client, ChatImportOptions options, ChatImportCallbacks? callbacks = null, CancellationToken cancellationToken = default) =>
        RunAsync(records ?? throw new ArgumentNullException(nameof(records)), static (session, record, ct) => session.AddAsync(record, ct), static r => r.RowNumber, client, options, callbacks, cancellationToken);

    /// <summary>Imports events that are already normalised.</summary>
    public static Task<ChatImportSummary> ImportAsync(IEnumerable<ChatEvent> events, MetricaClient? client, ChatImportOptions options, ChatImportCallbacks? callbacks = null, CancellationToken cancellationToken = default) =>
        RunAsync(events ?? throw new ArgumentNullException(nameof(events)), static (session, chatEvent, ct) => session.AddAsync(chatEvent, ct), static e => e.RowNumber, client, options, callbacks, cancellationToken);

    /// <summary>Imports normalised events from an asynchronous source.</summary>
    public static Task<ChatImportSummary> ImportAsync(IAsyncEnumerable<ChatEvent> events, MetricaClient? client, ChatImportOptions options, ChatImportCallbacks? callbacks = null, CancellationToken cancellationToken = default) =>
        RunAsync(events ?? throw new ArgumentNullException(nameof(events)), static (session, chatEvent, ct) => session.AddAsync(chatEvent, ct), static e => e.RowNumber, client, options, callbacks, cancellationToken);

    private static async Task<ChatImportSummary> RunAsync<T>(IEnumerable<T> items, Func<ChatImportSession, T, CancellationToken, Task> add, Func<T, long> rowOf, MetricaClient? client, ChatImportOptions options, ChatImportCallbacks? callbacks, CancellationToken cancellationToken)
    {
        using var session = new ChatImportSession(client, options, cancellationToken);
        var pump = new Pump(session, callbacks);
        await pump.StartAsync(cancellationToken).ConfigureAwait(false);
        long lastRow = 0;
        var exhausted = false;
        // Stop before pulling the next item: an item taken from the source is always counted.
        using (var source = items.GetEnumerator())
        {
            while (!session.IsStopped)
            {
                if (!source.MoveNext())
                {
                    exhausted = true;
                    break;
                }

                lastRow = rowOf(source.Current);
                await add(session, source.Current, cancellationToken).ConfigureAwait(false);
                pump.Tick();
            }
        }

        return await pump.CompleteAsync(exhausted ? callbacks?.InputEnded?.Invoke(lastRow) : null, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ChatImportSummary> RunAsync<T>(IAsyncEnumerable<T> items, Func<ChatImportSession, T, CancellationToken, Task> add, Func<T, long> rowOf, MetricaClient? client, ChatImportOptions options, ChatImportCallbacks? callbacks, CancellationToken cancellationToken)
    {
        using var session = new ChatImportSession(client, options, cancellationToken);
        var pump = new Pump(session, callbacks);
        await pump.StartAsync(cancellationToken).ConfigureAwait(false);
        long lastRow = 0;
        var exhausted = false;
        try
        {
            // Stop before pulling the next item: an item taken from the source is always counted.
            var source = items.WithCancellation(cancellationToken).ConfigureAwait(false).GetAsyncEnumerator();
            try
            {
                while (!session.IsStopped)
                {
                    if (!await source.MoveNextAsync())
                    {
                        exhausted = true;
                        break;
                    }

                    lastRow = rowOf(source.Current);
                    await add(session, source.Current, cancellationToken).ConfigureAwait(false);
                    pump.Tick();
                }
            }
            finally
            {
                await source.DisposeAsync();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The source stopped on cancellation; the summary says what was sent.
        }

        return await pump.CompleteAsync(exhausted ? callbacks?.InputEnded?.Invoke(lastRow) : null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Hands the session's queued issues, results and progress to the callbacks, on the calling thread.</summary>
    private sealed class Pump
    {
        private readonly ChatImportSession _session;
        private readonly ChatImportCallbacks? _callbacks;
        private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();

        public Pump(ChatImportSession session, ChatImportCallbacks? callbacks)
        {
            _session = session;
            _callbacks = callbacks;
        }

        public void Tick()
        {
            Drain();
            if (_callbacks?.Progress is { } progress && _sinceProgress.Elapsed >= ProgressInterval)
            {
                _sinceProgress.Restart();
                progress.Report(_session.GetProgress());
            }
        }

        /// <summary>Opens the ledger and settles earlier runs first, so their notices come before the rows'.</summary>
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await _session.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Drain();
            }
        }

        public async Task<ChatImportSummary> CompleteAsync(ImportInputEnd? inputEnd, CancellationToken cancellationToken)
        {
            var summary = await _session.CompleteAsync(inputEnd, cancellationToken).ConfigureAwait(false);
            if (_callbacks is not null)
            {
                Drain();
                _callbacks.Progress?.Report(_session.GetProgress());
            }

            return summary;
        }

        private void Drain()
        {
            if (_callbacks?.Issue is { } onIssue)
            {
                foreach (var issue in _session.TakeIssues())
                {
                    onIssue(issue);
                }
            }
            else
            {
                _session.TakeIssues();
            }

            if (_callbacks?.BatchCompleted is { } onBatch)
            {
                foreach (var result in _session.TakeCompleted())
                {
                    onBatch(result);
                }
            }
            else
            {
                _session.TakeCompleted();
            }
        }
    }
}
