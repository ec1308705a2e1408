using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Api.Internal;
using MetricaChats.Core.Auth;
using Polly;
using Polly.Retry;

namespace MetricaChats.Core.Api;

/// <summary>
/// The Metrica Management API client: chat uploads and their status, the calls extended window,
/// counters. Thread-safe; one instance per token is enough. Requests are limited per token
/// across the process (at most 3 in flight, a few per second) and retried when that is safe;
/// uploads are reconciled by their batch marker before any re-send.
/// </summary>
public sealed class MetricaClient : IDisposable
{
    private const int UploadsPageSize = 100;
    private const int CountersPageSize = 1000;

    private readonly MetricaToken _token;
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly TimeProvider _clock;
    private readonly RequestGate _gate;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeSpan _requestTimeout;
    private readonly TimeSpan _uploadTimeout;
    private readonly int _reconcileScanLimit;
    private readonly AsyncLocal<TraceScope?> _trace = new();
    private readonly AsyncLocal<int> _attempt = new();
    private long _requests;
    private long _retries;
    private int _disposed;

    /// <summary>Creates a client. The token stays owned by the caller (it is not disposed here).</summary>
    /// <exception cref="ArgumentException">The endpoint is not https (plain http is allowed only to loopback), or a limit is out of range.</exception>
    public MetricaClient(MetricaToken token, MetricaClientOptions? options = null)
    {
        _token = token ?? throw new ArgumentNullException(nameof(token));
        options ??= new MetricaClientOptions();
        Validate(options);

        var endpoint = options.Endpoint;
        _base = new Uri(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/", UriKind.Absolute);
        _clock = options.Clock ?? TimeProvider.System;
        _requestTimeout = options.RequestTimeout;
        _uploadTimeout = options.UploadTimeout;
        _reconcileScanLimit = Math.Max(UploadsPageSize, options.ReconcileScanLimit);
        _gate = RequestGate.For(_base, token.Reveal(), options.MaxConcurrentRequests, options.MaxRequestsPerSecond);

        var handler = HttpHandlerFactory.Create(options, out var handlerKind);
        HandlerKind = handlerKind;
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        UserAgent = BuildUserAgent(options.UserAgentProduct);
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _pipeline = BuildPipeline(options, _clock);
    }

    /// <summary>The endpoint in use (always ending with <c>/</c>).</summary>
    public Uri Endpoint => _base;

    /// <summary>The User-Agent sent with every request, e.g. <c>MetricaChats/0.1.0 (.NET 10.0.0; Linux)</c>.</summary>
    public string UserAgent { get; }

    /// <summary>HTTP requests sent by this client so far, retries and reconciliation included.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    /// <summary>Retries made by this client so far.</summary>
    public long RetryCount => Interlocked.Read(ref _retries);

    /// <summary>The most requests seen in flight at once for this token (process-wide).</summary>
    public int PeakRequestsInFlight => _gate.PeakInFlight;

    internal string HandlerKind { get; }

    /// <summary>
    /// Sends a <see cref="MetricaRequestTrace"/> for every answer, failure and retry of the calls
    /// started from the current execution flow (and the tasks it starts) to <paramref name="sink"/>,
    /// until the returned scope is disposed. Other callers of the same client are not traced to it.
    /// The sink is called on whatever thread the request completes on; it must be quick and must
    /// not throw. Traces never carry the token, a header, a body or a query value.
    /// </summary>
    public IDisposable BeginTrace(Action<MetricaRequestTrace> sink)
    {
        var scope = new TraceScope(this, sink ?? throw new ArgumentNullException(nameof(sink)), _trace.Value);
        _trace.Value = scope;
        return scope;
    }

    /// <summary>
    /// Uploads a chat CSV (UTF-8, header first) as one upload, multipart with one part <c>file</c>.
    /// A unique marker is appended to <paramref name="comment"/>; after an ambiguous failure the
    /// recent uploads are searched for it before the file is sent again, so it arrives once.
    /// A seekable stream can be re-sent; a non-seekable one only when nothing was sent yet.
    /// The stream is read from its current position and is not disposed.
    /// </summary>
    public async Task<MetricaUpload> UploadChatsAsync(int counterId, Stream csv, string? comment = null, CancellationToken cancellationToken = default)
    {
        if (csv is null)
        {
            throw new ArgumentNullException(nameof(csv));
        }

        if (!csv.CanRead)
        {
            throw new ArgumentException("The CSV stream cannot be read.", nameof(csv));
        }

        var start = csv.CanSeek ? csv.Position : -1;
        var used = false;
        var outcome = await UploadCoreAsync(
            counterId,
            token =>
            {
                if (csv.CanSeek)
                {
                    csv.Position = start;
                }
                else if (used)
                {
                    return null;
                }

                used = true;
                return new BorrowedStreamContent(csv, token);
            },
            comment,
            UploadMarker.NewSingle(),
            cancellationToken).ConfigureAwait(false);
        return outcome.Upload;
    }

    /// <summary>
    /// Uploads a chat CSV written by <paramref name="writeCsv"/> straight into the request body
    /// (called again for each attempt, so it must write the same bytes every time).
    /// <paramref name="marker"/> (letters and digits) identifies the upload for reconciliation;
    /// null makes a fresh one.
    /// </summary>
    public async Task<MetricaUpload> UploadChatsAsync(int counterId, Func<Stream, CancellationToken, Task> writeCsv, string? comment, string? marker, CancellationToken cancellationToken = default)
    {
        if (writeCsv is null)
        {
            throw new ArgumentNullException(nameof(writeCsv));
        }

        var outcome = await UploadCoreAsync(counterId, token => new WriterContent(writeCsv, null, token), comment, CheckMarker(marker), cancellationToken).ConfigureAwait(false);
        return outcome.Upload;
    }

    /// <summary>Reads one upload's status.</summary>
    public Task<MetricaUpload> GetUploadAsync(int counterId, long uploadId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            async token =>
            {
                var body = await SendOnceAsync(HttpMethod.Get, MetricaPaths.Uploading(counterId, uploadId), null, counterId, _requestTimeout, token).ConfigureAwait(false);
                return ParseUpload(body, counterId);
            },
            cancellationToken);

    /// <summary>Lists the counter's offline-conversion uploads (chats and others; see <see cref="MetricaUpload.Type"/>).</summary>
    public Task<IReadOnlyList<MetricaUpload>> ListUploadsAsync(int counterId, int limit = 100, int offset = 0, CancellationToken cancellationToken = default)
    {
        if (limit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must be positive.");
        }

        if (offset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "The offset cannot be negative.");
        }

        return ExecuteAsync(token => ListUploadsOnceAsync(counterId, limit, offset, token), cancellationToken);
    }

    /// <summary>Polls an upload until its status is final, reporting each reading.</summary>
    public async Task<MetricaUpload> WaitForUploadAsync(int counterId, long uploadId, TimeSpan pollInterval, IProgress<MetricaUpload>? progress = null, CancellationToken cancellationToken = default)
    {
        if (pollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(pollInterval), pollInterval, "The poll interval must be positive.");
        }

        while (true)
        {
            var upload = await GetUploadAsync(counterId, uploadId, cancellationToken).ConfigureAwait(false);
            progress?.Report(upload);
            if (upload.IsFinal)
            {
                return upload;
            }

            await _clock.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lists every counter the token can see (all pages).</summary>
    public async Task<IReadOnlyList<MetricaCounter>> ListCountersAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<MetricaCounter>();
        var seen = new HashSet<int>();
        var offset = 0;
        while (true)
        {
            var path = MetricaPaths.Counters + "?" + MetricaPaths.CountersPageSize + "=" + CountersPageSize.ToString(CultureInfo.InvariantCulture);
            if (offset > 0)
            {
                path += "&" + MetricaPaths.CountersOffset + "=" + offset.ToString(CultureInfo.InvariantCulture);
            }

            var page = await ExecuteAsync(
                async token =>
                {
                    var body = await SendOnceAsync(HttpMethod.Get, path, null, null, _requestTimeout, token).ConfigureAwait(false);
                    return Deserialize(body, MetricaJsonContext.Default.CountersEnvelope, path);
                },
                cancellationToken).ConfigureAwait(false);

            var counters = page.Counters ?? new List<CounterDto>();
            var added = 0;
            foreach (var dto in counters)
            {
                if (seen.Add(dto.Id))
                {
                    result.Add(MetricaJsonMapping.ToCounter(dto));
                    added++;
                }
            }

            offset += counters.Count;
            if (counters.Count < CountersPageSize || added == 0 || (page.Rows is { } rows && result.Count >= rows))
            {
                return result;
            }
        }
    }

    /// <summary>Reads one counter.</summary>
    public Task<MetricaCounter> GetCounterAsync(int counterId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            async token =>
            {
                var path = MetricaPaths.Counter(counterId);
                var body = await SendOnceAsync(HttpMethod.Get, path, null, counterId, _requestTimeout, token).ConfigureAwait(false);
                var envelope = Deserialize(body, MetricaJsonContext.Default.CounterEnvelope, path);
                if (envelope.Counter is null)
                {
                    throw Unexpected("The counter answer has no 'counter' object.", path);
                }

                return MetricaJsonMapping.ToCounter(envelope.Counter);
            },
            cancellationToken);

    /// <summary>Reads the calls extended window state (the counter's offline options and the visit-join threshold date).</summary>
    public async Task<CallsExtendedWindowState> GetCallsExtendedWindowAsync(int counterId, CancellationToken cancellationToken = default) =>
        await ReadWindowAsync(counterId, null, null, cancellationToken).ConfigureAwait(false);

    /// <summary>Turns the calls extended window on (21 days instead of 16 hours) and reads the state back.</summary>
    public async Task<CallsExtendedWindowState> EnableCallsExtendedWindowAsync(int counterId, CancellationToken cancellationToken = default)
    {
        var ok = await ChangeWindowAsync(HttpMethod.Post, counterId, cancellationToken).ConfigureAwait(false);
        return await ReadWindowAsync(counterId, true, ok, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns the calls extended window off and reads the state back.</summary>
    public async Task<CallsExtendedWindowState> DisableCallsExtendedWindowAsync(int counterId, CancellationToken cancellationToken = default)
    {
        var ok = await ChangeWindowAsync(HttpMethod.Delete, counterId, cancellationToken).ConfigureAwait(false);
        return await ReadWindowAsync(counterId, false, ok, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _http.Dispose();
        }
    }

    /// <summary>The upload with this marker in its comment among the recent uploads, or null. One scan, no retries of its own.</summary>
    internal async Task<MetricaUpload?> FindByMarkerOnceAsync(int counterId, string marker, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < _reconcileScanLimit; offset += UploadsPageSize)
        {
            var page = await ListUploadsOnceAsync(counterId, UploadsPageSize, offset, cancellationToken).ConfigureAwait(false);
            foreach (var upload in page)
            {
                if (UploadMarker.IsIn(upload.Comment, marker))
                {
                    return upload;
                }
            }

            if (page.Count < UploadsPageSize)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>Like <see cref="FindByMarkerOnceAsync"/>, with the usual retries.</summary>
    internal Task<MetricaUpload?> FindByMarkerAsync(int counterId, string marker, CancellationToken cancellationToken) =>
        ExecuteAsync(token => FindByMarkerOnceAsync(counterId, marker, token), cancellationToken);

    /// <summary>Every upload among the recent ones whose comment carries a marker starting with <paramref name="runId"/>, by marker.</summary>
    internal Task<Dictionary<string, MetricaUpload>> FindRunUploadsAsync(int counterId, string runId, CancellationToken cancellationToken) =>
        ExecuteAsync(
            async token =>
            {
                var found = new Dictionary<string, MetricaUpload>(StringComparer.OrdinalIgnoreCase);
                for (var offset = 0; offset < _reconcileScanLimit; offset += UploadsPageSize)
                {
                    var page = await ListUploadsOnceAsync(counterId, UploadsPageSize, offset, token).ConfigureAwait(false);
                    foreach (var upload in page)
                    {
                        foreach (var word in (upload.Comment ?? string.Empty).Split(' '))
                        {
                            if (word.StartsWith(runId, StringComparison.OrdinalIgnoreCase) && !found.ContainsKey(word))
                            {
                                found[word] = upload;
                            }
                        }
                    }

                    if (page.Count < UploadsPageSize)
                    {
                        break;
                    }
                }

                return found;
            },
            cancellationToken);

    /// <summary>The upload, sent once: retried on a clean refusal, reconciled by marker after an ambiguous failure.</summary>
    internal async Task<UploadOutcome> UploadCoreAsync(int counterId, Func<CancellationToken, HttpContent?> contentFactory, string? comment, string marker, CancellationToken cancellationToken)
    {
        var fullComment = UploadMarker.Compose(comment, marker);
        var path = MetricaPaths.Upload(counterId) + "&comment=" + Uri.EscapeDataString(fullComment);
        var ambiguous = false;
        MetricaApiException? lastFailure = null;
        try
        {
            return await ExecuteAsync(
                async token =>
                {
                    if (ambiguous)
                    {
                        var found = await FindByMarkerOnceAsync(counterId, marker, token).ConfigureAwait(false);
                        if (found is not null)
                        {
                            return new UploadOutcome(found, true);
                        }
                    }

                    var csv = contentFactory(token);
                    if (csv is null)
                    {
                        var last = lastFailure!;
                        var arrived = ambiguous ? " The upload did not arrive (its marker " + marker + " is not among the recent uploads) and" : " The upload";
                        throw new MetricaApiException(last.Kind, last.Explanation + arrived + " cannot be re-sent because its stream cannot be rewound; run it again.", last.StatusCode, last.ErrorType, last.ApiMessage, last)
                        {
                            Request = last.Request,
                            Final = true,
                        };
                    }

                    using var body = UploadContent.Wrap(csv);
                    try
                    {
                        var text = await SendOnceAsync(HttpMethod.Post, path, body, counterId, _uploadTimeout, token).ConfigureAwait(false);
                        return new UploadOutcome(ParseUpload(text, counterId), false);
                    }
                    catch (MetricaApiException ex)
                    {
                        lastFailure = ex;
                        if (ex.Kind is MetricaErrorKind.ServerError or MetricaErrorKind.Timeout or MetricaErrorKind.Network)
                        {
                            ambiguous = true;
                        }

                        throw;
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (MetricaApiException ex) when (ambiguous && ex.IsTransient && !ex.Final)
        {
            // Retries ran out after an ambiguous failure: look once more before reporting it as not sent.
            MetricaUpload? found = null;
            try
            {
                found = await FindByMarkerAsync(counterId, marker, cancellationToken).ConfigureAwait(false);
            }
            catch (MetricaApiException)
            {
                // Reported below as the original failure.
            }

            if (found is not null)
            {
                return new UploadOutcome(found, true);
            }

            throw new MetricaApiException(ex.Kind, ex.Explanation + " The upload is not among the recent uploads (marker " + marker + "), so it did not arrive; running again sends it once.", ex.StatusCode, ex.ErrorType, ex.ApiMessage, ex)
            {
                Request = ex.Request,
                RetryAfter = ex.RetryAfter,
                Attempts = ex.Attempts,
            };
        }
    }

    private static string CheckMarker(string? marker)
    {
        if (marker is null)
        {
            return UploadMarker.NewSingle();
        }

        if (!UploadMarker.IsValid(marker))
        {
            throw new ArgumentException("The marker must be 1 to 64 letters and digits (Metrica's comment rule).", nameof(marker));
        }

        return marker;
    }

    private static void Validate(MetricaClientOptions options)
    {
        var endpoint = options.Endpoint ?? throw new ArgumentException("The endpoint is not set.", nameof(options));
        if (!endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException("The endpoint '" + endpoint + "' must be an absolute URL such as https://api-metrika.yandex.net.", nameof(options));
        }

        if (!string.IsNullOrEmpty(endpoint.UserInfo) || !string.IsNullOrEmpty(endpoint.Query))
        {
            throw new ArgumentException("The endpoint must not carry user information or a query string; give only scheme, host, port and path.", nameof(options));
        }

        if (string.Equals(endpoint.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase))
        {
            if (!endpoint.IsLoopback)
            {
                throw new ArgumentException("Plain http is refused for '" + endpoint.Host + "': the token would travel unencrypted. Use https (http is allowed only to loopback, for the local sandbox).", nameof(options));
            }
        }
        else if (!string.Equals(endpoint.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("The endpoint must be an https URL (got scheme '" + endpoint.Scheme + "').", nameof(options));
        }

        if (options.MaxConcurrentRequests is < 1 or > 3)
        {
            throw new ArgumentException("MaxConcurrentRequests must be 1 to 3 (Metrica allows 3 parallel requests per user).", nameof(options));
        }

        if (!(options.MaxRequestsPerSecond > 0 && options.MaxRequestsPerSecond <= 25))
        {
            throw new ArgumentException("MaxRequestsPerSecond must be above 0 and at most 25 (Metrica allows 30 per IP; stay well under).", nameof(options));
        }

        if (options.MaxRetries < 0)
        {
            throw new ArgumentException("MaxRetries cannot be negative.", nameof(options));
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.UploadTimeout <= TimeSpan.Zero || options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryDelay < TimeSpan.Zero || options.MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentException("Timeouts must be positive and retry delays not negative.", nameof(options));
        }
    }

    private static string BuildUserAgent(string? product)
    {
        var assembly = typeof(MetricaClient).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "0";
        var plus = version.IndexOf('+');
        if (plus >= 0)
        {
            version = version.Substring(0, plus);
        }

        var os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "Windows" : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "macOS" : RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "Linux" : "other";
        var framework = RuntimeInformation.FrameworkDescription.Replace('(', '[').Replace(')', ']');
        var ua = "MetricaChats/" + version + " (" + framework + "; " + os + ")";
        if (!string.IsNullOrWhiteSpace(product))
        {
            ua = product!.Trim() + " " + ua;
        }

        return ua;
    }

    private ResiliencePipeline BuildPipeline(MetricaClientOptions options, TimeProvider clock)
    {
        if (options.MaxRetries == 0)
        {
            return ResiliencePipeline.Empty;
        }

        var maxDelay = options.MaxRetryDelay;
        var maxRetryAfter = options.MaxRetryAfter;
        return new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => new ValueTask<bool>(
                    args.Outcome.Exception is MetricaApiException { IsTransient: true, Final: false } ex &&
                    !(ex.RetryAfter is { } at && at - clock.GetUtcNow() > maxRetryAfter)),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = maxDelay,
                DelayGenerator = args =>
                {
                    if (args.Outcome.Exception is MetricaApiException { RetryAfter: { } at })
                    {
                        var wait = at - clock.GetUtcNow();
                        if (wait < TimeSpan.Zero)
                        {
                            wait = TimeSpan.Zero;
                        }

                        return new ValueTask<TimeSpan?>(wait);
                    }

                    return new ValueTask<TimeSpan?>((TimeSpan?)null);
                },
                OnRetry = args =>
                {
                    Interlocked.Increment(ref _retries);
                    if (args.Outcome.Exception is MetricaApiException failed)
                    {
                        TraceRetry(failed, args.AttemptNumber + 1, args.RetryDelay);
                    }

                    return default;
                },
            })
            .Build();
    }

    private async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var attempts = 0;
        try
        {
            return await _pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    _attempt.Value = attempts;
                    return await attempt(token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (MetricaApiException ex)
        {
            ex.Attempts = Math.Max(ex.Attempts, attempts);
            throw;
        }
    }

    private async Task<IReadOnlyList<MetricaUpload>> ListUploadsOnceAsync(int counterId, int limit, int offset, CancellationToken cancellationToken)
    {
        var path = MetricaPaths.Uploadings(counterId) + "&limit=" + limit.ToString(CultureInfo.InvariantCulture) + "&offset=" + offset.ToString(CultureInfo.InvariantCulture);
        var body = await SendOnceAsync(HttpMethod.Get, path, null, counterId, _requestTimeout, cancellationToken).ConfigureAwait(false);
        var envelope = Deserialize(body, MetricaJsonContext.Default.UploadingEnvelope, path);
        var list = new List<MetricaUpload>();
        if (envelope.Uploadings is { } many)
        {
            list.AddRange(many.Select(u => MetricaJsonMapping.ToUpload(u, counterId)));
        }
        else if (envelope.Uploading is { } one)
        {
            list.Add(MetricaJsonMapping.ToUpload(one, counterId));
        }

        return list;
    }

    private async Task<bool> ChangeWindowAsync(HttpMethod method, int counterId, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            async token =>
            {
                var path = MetricaPaths.CallsExtendedThreshold(counterId);
                using var empty = new ByteArrayContent(Array.Empty<byte>());
                var body = await SendOnceAsync(method, path, empty, counterId, _requestTimeout, token).ConfigureAwait(false);
                if (string.IsNullOrWhiteSpace(body))
                {
                    return true;
                }

                var result = Deserialize(body, MetricaJsonContext.Default.SuccessDto, path);
                if (result.Success == false)
                {
                    throw Unexpected("Metrica answered success=false to the calls extended window change; nothing was changed. Try again later.", method.Method + " " + path);
                }

                return result.Success ?? true;
            },
            cancellationToken).ConfigureAwait(false);

    private async Task<CallsExtendedWindowState> ReadWindowAsync(int counterId, bool? expected, bool? acknowledged, CancellationToken cancellationToken)
    {
        var counter = await GetCounterAsync(counterId, cancellationToken).ConfigureAwait(false);
        DateTime? threshold = null;
        try
        {
            threshold = await ExecuteAsync(
                async token =>
                {
                    var path = MetricaPaths.CallsVisitJoinThreshold(counterId);
                    var body = await SendOnceAsync(HttpMethod.Get, path, null, counterId, _requestTimeout, token).ConfigureAwait(false);
                    return MetricaJsonMapping.ParseDate(Deserialize(body, MetricaJsonContext.Default.VisitJoinThresholdDto, path).Date);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (MetricaApiException ex) when (ex.Kind == MetricaErrorKind.NotFound)
        {
            // Older counters may have no threshold date; the state is still known.
        }

        return new CallsExtendedWindowState
        {
            CounterId = counterId,
            Enabled = counter.CallsExtendedWindow ?? expected ?? false,
            VisitJoinThresholdDate = threshold,
            ChangeAcknowledged = acknowledged,
        };
    }

    /// <summary>One HTTP exchange: limits, headers, timeout, status mapping. Returns the body of a 2xx answer.</summary>
    private async Task<string> SendOnceAsync(HttpMethod method, string path, HttpContent? content, int? counterId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var requestLabel = method.Method + " /" + StripQuery(new Uri(_base, path).AbsolutePath.TrimStart('/'));
        using var slot = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        using var request = new HttpRequestMessage(method, new Uri(_base, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("OAuth", _token.Reveal());
        if (content is not null)
        {
            request.Content = content;
        }

        Interlocked.Increment(ref _requests);
        var started = _clock.GetTimestamp();
        HttpResponseMessage response;
        string body;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeoutSource.Token).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            throw TraceFailure(new MetricaApiException(MetricaErrorKind.Timeout, "Metrica did not answer within " + timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s; retries ran out. Try again later (an upload that may have arrived is found by its marker, so nothing is sent twice).", innerException: ex) { Request = requestLabel }, method, requestLabel, started);
        }
        catch (HttpRequestException ex) when (IsConnectionRefused(ex))
        {
            // Nothing listens there: no byte was sent, and retrying for a minute would only delay the answer.
            throw TraceFailure(new MetricaApiException(MetricaErrorKind.Network, "Nothing accepted the connection to " + _base.Authority + " (connection refused), so nothing was sent. Check the endpoint's address and port, that the service runs there, and the proxy settings.", innerException: ex) { Request = requestLabel, Final = true }, method, requestLabel, started);
        }
        catch (HttpRequestException ex)
        {
            throw TraceFailure(new MetricaApiException(MetricaErrorKind.Network, "The connection to " + _base.Host + " failed or dropped (" + Describe(ex) + "); retries ran out. Check the network and proxy settings and try again.", innerException: ex) { Request = requestLabel }, method, requestLabel, started);
        }
        catch (IOException ex)
        {
            throw TraceFailure(new MetricaApiException(MetricaErrorKind.Network, "The connection to " + _base.Host + " dropped (" + ex.Message + "); retries ran out. Check the network and try again.", innerException: ex) { Request = requestLabel }, method, requestLabel, started);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                TraceAnswer(method, requestLabel, status, null, started);
                return body;
            }

            if (status is >= 300 and < 400)
            {
                TraceAnswer(method, requestLabel, status, null, started);
                var target = response.Headers.Location is { } location ? (location.IsAbsoluteUri ? location.Host : _base.Host) : "(no location)";
                throw new MetricaApiException(MetricaErrorKind.UnexpectedResponse, "The endpoint answered with a redirect (HTTP " + status.ToString(CultureInfo.InvariantCulture) + " to " + target + "). Redirects are not followed, so the token never reaches another host; set the endpoint to the API's address itself (https://api-metrika.yandex.net).", status) { Request = requestLabel };
            }

            // An error page may quote the request back, Authorization header included (a proxy's
            // or a debugging endpoint's): the token is blanked out before any of it is kept, and
            // again after JSON unescaping.
            var (errorType, apiMessage) = ParseError(WithoutToken(body) ?? string.Empty);
            apiMessage = WithoutToken(apiMessage);
            DateTimeOffset? retryAfter = null;
            if (response.Headers.RetryAfter is { } ra)
            {
                if (ra.Delta is { } delta)
                {
                    retryAfter = _clock.GetUtcNow() + delta;
                }
                else if (ra.Date is { } date)
                {
                    retryAfter = date;
                }
            }

            var failure = MetricaErrorCatalog.FromResponse(status, errorType, apiMessage, counterId, _clock.GetUtcNow(), retryAfter, requestLabel);
            TraceAnswer(method, requestLabel, status, failure.ErrorType, started);
            throw failure;
        }
    }

    private static bool IsConnectionRefused(Exception ex)
    {
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    private void TraceAnswer(HttpMethod method, string requestLabel, int status, string? errorType, long started)
    {
        if (_trace.Value is { } scope)
        {
            scope.Emit(new MetricaRequestTrace
            {
                Kind = MetricaTraceKind.Response,
                Method = method.Method,
                Path = PathOf(requestLabel),
                StatusCode = status,
                ErrorType = errorType,
                Duration = _clock.GetElapsedTime(started),
                Attempt = Math.Max(1, _attempt.Value),
            });
        }
    }

    private MetricaApiException TraceFailure(MetricaApiException failure, HttpMethod method, string requestLabel, long started)
    {
        if (_trace.Value is { } scope)
        {
            scope.Emit(new MetricaRequestTrace
            {
                Kind = MetricaTraceKind.Failure,
                Method = method.Method,
                Path = PathOf(requestLabel),
                Duration = _clock.GetElapsedTime(started),
                Attempt = Math.Max(1, _attempt.Value),
                ErrorKind = failure.Kind,
                Reason = ShortReason(failure),
            });
        }

        return failure;
    }

    private void TraceRetry(MetricaApiException failed, int attempt, TimeSpan delay)
    {
        if (_trace.Value is { } scope)
        {
            var label = failed.Request ?? string.Empty;
            var space = label.IndexOf(' ');
            scope.Emit(new MetricaRequestTrace
            {
                Kind = MetricaTraceKind.Retry,
                Method = space < 0 ? string.Empty : label.Substring(0, space),
                Path = PathOf(label),
                StatusCode = failed.StatusCode,
                ErrorType = failed.ErrorType,
                Attempt = attempt,
                ErrorKind = failed.Kind,
                Reason = ShortReason(failed),
                RetryDelay = delay,
            });
        }
    }

    // "GET /management/v1/counters" -> "/management/v1/counters" (the label never has a query).
    private static string PathOf(string requestLabel)
    {
        var space = requestLabel.IndexOf(' ');
        return space < 0 ? requestLabel : requestLabel.Substring(space + 1);
    }

    private static string ShortReason(MetricaApiException failure)
    {
        var reason = failure.StatusCode is { } status ? "HTTP " + status.ToString(CultureInfo.InvariantCulture) : failure.Kind.ToString();
        if (failure.ErrorType is { Length: > 0 } type)
        {
            reason += " " + type;
        }

        if (failure.StatusCode is null && failure.InnerException is { } inner)
        {
            var root = inner;
            while (root.InnerException is not null)
            {
                root = root.InnerException;
            }

            reason += ": " + root.Message;
        }

        return reason;
    }

    /// <summary>A trace destination for one execution flow; disposing it restores the one before.</summary>
    private sealed class TraceScope : IDisposable
    {
        private readonly MetricaClient _owner;
        private readonly Action<MetricaRequestTrace> _sink;
        private readonly TraceScope? _previous;
        private int _disposed;

        public TraceScope(MetricaClient owner, Action<MetricaRequestTrace> sink, TraceScope? previous)
        {
            _owner = owner;
            _sink = sink;
            _previous = previous;
        }

        public void Emit(MetricaRequestTrace trace)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            try
            {
                _sink(trace);
            }
#pragma warning disable CA1031 // A tracing sink's failure must never fail the request it describes.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0 && ReferenceEquals(_owner._trace.Value, this))
            {
                _owner._trace.Value = _previous;
            }
        }
    }

    /// <summary>The server's text with this client's token replaced by <c>***</c>.</summary>
    private string? WithoutToken(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var secret = _token.Reveal();
        return text!.IndexOf(secret, StringComparison.Ordinal) < 0 ? text : text.Replace(secret, "***");
    }

    private static string StripQuery(string path)
    {
        var q = path.IndexOf('?');
        return q < 0 ? path : path.Substring(0, q);
    }

    private static string Describe(HttpRequestException ex)
    {
        Exception e = ex;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }

    private static (string? ErrorType, string? Message) ParseError(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            var envelope = JsonSerializer.Deserialize(body, MetricaJsonContext.Default.ErrorEnvelope);
            var first = envelope?.Errors?.FirstOrDefault();
            var message = first?.Message ?? envelope?.Message;
            if (first?.Location is { Length: > 0 } location && message is not null && message.IndexOf(location, StringComparison.Ordinal) < 0)
            {
                message += " (" + location + ")";
            }

            return (first?.ErrorType, message);
        }
        catch (JsonException)
        {
            var text = body.Trim();
            return (null, text.Length > 300 ? text.Substring(0, 300) + "..." : text);
        }
    }

    private static T Deserialize<T>(string body, JsonTypeInfo<T> type, string path)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw Unexpected("The answer was empty (JSON null).", path);
        }
        catch (JsonException ex)
        {
            throw new MetricaApiException(MetricaErrorKind.UnexpectedResponse, "The answer is not the JSON the API documents (" + ex.Message + "). Check that the endpoint is the Metrica API.", innerException: ex) { Request = StripQuery(path) };
        }
    }

    private static MetricaApiException Unexpected(string explanation, string path) =>
        new(MetricaErrorKind.UnexpectedResponse, explanation) { Request = StripQuery(path) };

    private static MetricaUpload ParseUpload(string body, int counterId)
    {
        var envelope = Deserialize(body, MetricaJsonContext.Default.UploadingEnvelope, "upload");
        var dto = envelope.Uploading ?? envelope.Uploadings?.FirstOrDefault();
        if (dto is null)
        {
            throw Unexpected("The answer has neither 'uploading' nor 'uploadings'; the upload's state is unknown.", "upload");
        }

        return MetricaJsonMapping.ToUpload(dto, counterId);
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(MetricaClient));
        }
    }
}

/// <summary>An upload and whether it was found by its marker instead of being confirmed by its own answer.</summary>
internal sealed record UploadOutcome(MetricaUpload Upload, bool Reconciled);
