using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Auth;

namespace MetricaChats.Core.Api;

/// <summary>
/// The Metrica Management API client: chat uploads and their status, the calls extended window,
/// counters. Thread-safe; one instance per token is enough. Requests are limited per token
/// across the process (at most 3 in flight, a few per second) and retried when that is safe;
/// uploads are reconciled by their batch marker before any re-send.
/// </summary>
public sealed class MetricaClient : IDisposable
{
    /// <summary>Creates a client. The token stays owned by the caller (it is not disposed here).</summary>
    /// <exception cref="ArgumentException">The endpoint is not https (plain http is allowed only to loopback).</exception>
    public MetricaClient(MetricaToken token, MetricaClientOptions? options = null)
    {
        throw new NotImplementedException();
    }

    /// <summary>The endpoint in use.</summary>
    public Uri Endpoint => throw new NotImplementedException();

    /// <summary>
    /// Uploads a chat CSV (UTF-8, header first) as one upload, multipart with one part <c>file</c>.
    /// A unique marker is appended to <paramref name="comment"/>; after an ambiguous failure the
    /// recent uploads are searched for it before the file is sent again, so it arrives once.
    /// A seekable stream can be re-sent; a non-seekable one only when nothing was sent yet.
    /// </summary>
    public Task<MetricaUpload> UploadChatsAsync(int counterId, Stream csv, string? comment = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>
    /// Uploads a chat CSV written by <paramref name="writeCsv"/> straight into the request body
    /// (called again for each attempt, so it must write the same bytes every time).
    /// <paramref name="marker"/> (letters and digits) identifies the upload for reconciliation;
    /// null makes a fresh one.
    /// </summary>
    public Task<MetricaUpload> UploadChatsAsync(int counterId, Func<Stream, CancellationToken, Task> writeCsv, string? comment, string? marker, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Reads one upload's status.</summary>
    public Task<MetricaUpload> GetUploadAsync(int counterId, long uploadId, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Lists the counter's offline-conversion uploads (chats and others; see <see cref="MetricaUpload.Type"/>).</summary>
    public Task<IReadOnlyList<MetricaUpload>> ListUploadsAsync(int counterId, int limit = 100, int offset = 0, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Polls an upload until its status is final, reporting each reading.</summary>
    public Task<MetricaUpload> WaitForUploadAsync(int counterId, long uploadId, TimeSpan pollInterval, IProgress<MetricaUpload>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Lists every counter the token can see (all pages).</summary>
    public Task<IReadOnlyList<MetricaCounter>> ListCountersAsync(CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Reads one counter.</summary>
    public Task<MetricaCounter> GetCounterAsync(int counterId, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Reads the calls extended window state (the counter's offline options and the visit-join threshold date).</summary>
    public Task<CallsExtendedWindowState> GetCallsExtendedWindowAsync(int counterId, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Turns the calls extended window on (21 days instead of 16 hours) and reads the state back.</summary>
    public Task<CallsExtendedWindowState> EnableCallsExtendedWindowAsync(int counterId, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Turns the calls extended window off and reads the state back.</summary>
    public Task<CallsExtendedWindowState> DisableCallsExtendedWindowAsync(int counterId, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
