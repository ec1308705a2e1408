using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Api;
using MetricaChats.Core.Chats;

namespace MetricaChats.Core.Import;

/// <summary>
/// Pull-style import, for callers that hold the whole input (the command-line program): reads
/// the records, normalises, batches, uploads with bounded parallelism and returns the summary.
/// Callbacks run on the calling thread, one at a time.
/// </summary>
public static class ChatImporter
{
    /// <summary>Imports raw records.</summary>
    public static Task<ChatImportSummary> ImportAsync(IEnumerable<ChatRecord> records, MetricaClient? client, ChatImportOptions options, ChatImportCallbacks? callbacks = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Imports raw records from an asynchronous source.</summary>
    public static Task<ChatImportSummary> ImportAsync(IAsyncEnumerable<ChatRecord> records, MetricaClient? client, ChatImportOptions options, ChatImportCallbacks? callbacks = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Imports events that are already normalised.</summary>
    public static Task<ChatImportSummary> ImportAsync(IEnumerable<ChatEvent> events, MetricaClient? client, ChatImportOptions options, ChatImportCallbacks? callbacks = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Imports normalised events from an asynchronous source.</summary>
    public static Task<ChatImportSummary> ImportAsync(IAsyncEnumerable<ChatEvent> events, MetricaClient? client, ChatImportOptions options, ChatImportCallbacks? callbacks = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
