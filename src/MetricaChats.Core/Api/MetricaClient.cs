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
/// counters, goals. Thread-safe; one instance per token is enough. Requests are limited per token
/// across the process (at most 3 in flight, a few per second) and retried when that is safe;
/// uploads are reconciled by their batch marker before any re-send.
/// </summary>
public sealed partial class MetricaClient : IDisposable
{
    private const int UploadsPageSize = 100;
    private const int CountersPageSize = 1000;
    private static readonly ResiliencePropertyKey<RetryBudget> BudgetKey = new("MetricaChats.RetryBudget");
    private static readonly Random Jitter = new();

    private const string AuthorizationScheme = "OAuth ";

    private readonly string _authorization;
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly TimeProvider _clock;
    private readonly RequestGate _gate;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeSpan _requestTimeout;
    private readonly TimeSpan _uploadTimeout;
    private readonly int _reconcileScanLimit;
    private readonly TimeSpan _retryBudget;
    private readonly TimeSpan _reconcileGrace;
    private readonly AsyncLocal<TraceScope?> _trace = new();
    private readonly AsyncLocal<int> _attempt = new();
    private long _requests;
    private long _retries;
    private int _disposed;

    /// <summary>Creates a client. The token stays owned by the caller (it is not disposed here).</summary>
    /// <exception cref="ArgumentException">The endpoint is not https (plain http is allowed only to loopback), or a limit is out of range.</exception>
    public MetricaClient(MetricaToken token, MetricaClientOptions? options = null)
    {
        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        options ??= new MetricaClientOptions();
        Validate(options);

        var endpoint = options.Endpoint;
        _base = new Uri(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/", UriKind.Absolute);
        _clock = options.Clock ?? TimeProvider.System;
        _requestTimeout = options.RequestTimeout;
        _uploadTimeout = options.UploadTimeout;
        _reconcileScanLimit = Math.Max(UploadsPageSize, options.ReconcileScanLimit);
        _retryBudget = options.RetryBudget;
        _reconcileGrace = options.ReconcileGrace;

        // The Authorization value is built once per client and reused by every request, as the
        // raw header string (added without validation, so HttpClient neither parses it into an
        // AuthenticationHeaderValue nor formats a new string per request): the one plain copy of
        // the token this client keeps. It is wiped on Dispose. See docs/security.md.
        _authorization = token.RevealWithPrefix(AuthorizationScheme);
        _gate = RequestGate.For(_base, _authorization, options.MaxConcurrentRequests, options.MaxRequestsPerSecond);

        var handler = HttpHandlerFactory.Create(options, out var handlerKind);
        HandlerKind = handlerKind;
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        UserAgent = BuildUserAgent(options.UserAgentProduct);
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", _authorization);
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

            // The header string is ours alone (built by RevealWithPrefix, never interned or
            // shared): overwrite it so a disposed client leaves no plain copy in the heap.
            System.Runtime.InteropServices.MemoryMarshal.AsMemory(_authorization.AsMemory()).Span.Clear();
        }
    }

    /// <summary>
    /// One upload of a CSV file (multipart, one part <c>file</c>) with <paramref name="comment"/>
    /// (the caller's marker included). Retried within <paramref name="budget"/> only while the
    /// file cannot have been applied (429, a connection that failed before the file started to
    /// go). A failure after which the upload may have been applied is thrown at once with
    /// <see cref="MetricaApiException.MayHaveArrived"/> set: the caller looks for it by its
    /// marker before it ever sends it again. <paramref name="write"/> writes the same bytes on
    /// every call; <paramref name="bodyStarted"/> is called when the first byte is about to go.
    /// </summary>
    internal Task<MetricaUpload> PostUploadAsync(UploadKind kind, int counterId, string comment, Func<Stream, CancellationToken, Task> write, long? length, Action? bodyStarted, RetryBudget budget, CancellationToken cancellationToken)
    {
        var path = MetricaPaths.Upload(kind, counterId) + "&comment=" + Uri.EscapeDataString(comment);
        return ExecuteAsync(
            async token =>
            {
                var started = 0;
                using var body = UploadContent.Wrap(new WriterContent(
                    (stream, t) =>
                    {
                        if (Interlocked.Exchange(ref started, 1) == 0)
                        {
                            bodyStarted?.Invoke();
                        }

                        return write(stream, t);
                    },
                    length,
                    token));
                string text;
                try
                {
                    text = await SendOnceAsync(HttpMethod.Post, path, body, counterId, _uploadTimeout, token).ConfigureAwait(false);
                }
                catch (MetricaApiException ex) when (MayHaveArrived(ex, Volatile.Read(ref started) == 1))
                {
                    throw Ambiguous(ex);
                }

                try
                {
                    return ParseUpload(text, counterId);
                }
                catch (MetricaApiException ex)
                {
                    // A 2xx answer that cannot be read: the upload was accepted, its id is unknown.
                    throw Ambiguous(ex);
                }
            },
            budget,
            cancellationToken);
    }

    /// <summary>One page of the uploads list of a kind (retried within <paramref name="budget"/>).</summary>
    internal Task<IReadOnlyList<MetricaUpload>> ListUploadsPageAsync(UploadKind kind, int counterId, int limit, int offset, RetryBudget budget, CancellationToken cancellationToken) =>
        ExecuteAsync(token => ListUploadsOnceAsync(kind, counterId, limit, offset, token), budget, cancellationToken);

    /// <summary>How long an upload that may have arrived is watched for in the uploads list before it counts as absent.</summary>
    internal TimeSpan ReconcileGrace => _reconcileGrace;

    /// <summary>How many recent uploads a marker scan reads at most.</summary>
    internal int ReconcileScanLimit => _reconcileScanLimit;

    /// <summary>A new retry budget of the configured size, for one call or one run.</summary>
    internal RetryBudget NewRetryBudget() => new(_retryBudget);

    private static bool MayHaveArrived(MetricaApiException ex, bool bodyStarted) => ex.Kind switch
    {
        MetricaErrorKind.ServerError => true,
        MetricaErrorKind.Timeout or MetricaErrorKind.Network => bodyStarted,
        _ => false,
    };

    private static MetricaApiException Ambiguous(MetricaApiException ex) =>
        new(ex.Kind, ex.Explanation, ex.StatusCode, ex.ErrorType, ex.ApiMessage, ex)
        {
            Request = ex.Request,
            RetryAfter = ex.RetryAfter,
            Attempts = ex.Attempts,
            Final = true,
            MayHaveArrived = true,
        };

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

        if (options.RetryBudget < TimeSpan.Zero || options.ReconcileGrace < TimeSpan.Zero)
        {
            throw new ArgumentException("The retry budget and the reconcile grace period cannot be negative.", nameof(options));
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
        if (options.MaxRetries == 0 || options.RetryBudget == TimeSpan.Zero)
        {
            return ResiliencePipeline.Empty;
        }

        var cap = options.MaxRetries;
        var baseDelay = options.RetryBaseDelay;
        var maxDelay = options.MaxRetryDelay;
        var maxRetryAfter = options.MaxRetryAfter;
        return new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                // Bounded by time, not by count: every pause is taken from the call's (or the
                // run's) retry budget, and a transient failure is retried while budget is left.
                ShouldHandle = args => new ValueTask<bool>(
                    args.Outcome.Exception is MetricaApiException { IsTransient: true, Final: false } ex &&
                    !(cap is { } max && args.AttemptNumber >= max) &&
                    !BudgetOf(args.Context).IsSpent &&
                    !(ex.RetryAfter is { } at && at - clock.GetUtcNow() > maxRetryAfter)),
                MaxRetryAttempts = int.MaxValue,
                DelayGenerator = args =>
                {
                    TimeSpan wanted;
                    if (args.Outcome.Exception is MetricaApiException { RetryAfter: { } at })
                    {
                        wanted = at - clock.GetUtcNow();
                    }
                    else
                    {
                        wanted = Backoff(baseDelay, maxDelay, args.AttemptNumber);
                    }

                    return new ValueTask<TimeSpan?>(BudgetOf(args.Context).Take(wanted < TimeSpan.Zero ? TimeSpan.Zero : wanted));
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

    /// <summary>Exponential backoff from <paramref name="baseDelay"/>, capped, with jitter (between half and all of the step).</summary>
    private static TimeSpan Backoff(TimeSpan baseDelay, TimeSpan maxDelay, int attempt)
    {
        var step = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        step = Math.Min(step, maxDelay.TotalMilliseconds);
        double jitter;
        lock (Jitter)
        {
            jitter = 0.5 + (Jitter.NextDouble() / 2);
        }

        return TimeSpan.FromMilliseconds(step * jitter);
    }

    private static RetryBudget BudgetOf(ResilienceContext context) =>
        context.Properties.TryGetValue(BudgetKey, out var budget) ? budget : new RetryBudget(TimeSpan.Zero);

    private Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken) =>
        ExecuteAsync(attempt, NewRetryBudget(), cancellationToken);

    private async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> attempt, RetryBudget budget, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var attempts = 0;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(BudgetKey, budget);
        try
        {
            return await _pipeline.ExecuteAsync(
                async ctx =>
                {
                    attempts++;
                    _attempt.Value = attempts;
                    return await attempt(ctx.CancellationToken).ConfigureAwait(false);
                },
                context).ConfigureAwait(false);
        }
        catch (MetricaApiException ex)
        {
            ex.Attempts = Math.Max(ex.Attempts, attempts);
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<IReadOnlyList<MetricaUpload>> ListUploadsOnceAsync(int counterId, int limit, int offset, CancellationToken cancellationToken) =>
        ListUploadsOnceAsync(UploadKind.Chats, counterId, limit, offset, cancellationToken);

    private async Task<IReadOnlyList<MetricaUpload>> ListUploadsOnceAsync(UploadKind kind, int counterId, int limit, int offset, CancellationToken cancellationToken)
    {
        var path = MetricaPaths.Uploadings(kind, counterId) + "&limit=" + limit.ToString(CultureInfo.InvariantCulture) + "&offset=" + offset.ToString(CultureInfo.InvariantCulture);
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
            throw TraceFailure(new MetricaApiException(MetricaErrorKind.Timeout, "Metrica did not answer within " + timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s (each attempt) until the retry budget was spent. Try again later (an upload that may have arrived is found by its marker, so nothing is sent twice).", innerException: ex) { Request = requestLabel }, method, requestLabel, started);
        }
        catch (HttpRequestException ex) when (IsTlsFailure(ex))
        {
            // A certificate (or protocol) the client does not accept will not be accepted on a
            // retry either, and each retry would offer the handshake to the same server again.
            throw TraceFailure(new MetricaApiException(MetricaErrorKind.Network, "The TLS handshake with " + _base.Host + " failed (" + Describe(ex) + "): its certificate or protocol was not accepted, so nothing was sent. This is not retried: check that the endpoint is the Metrica API's address, that this machine's clock is right and its trusted root certificates are current (a proxy that inspects TLS needs its root certificate installed).", innerException: ex) { Request = requestLabel, Final = true }, method, requestLabel, started);
        }
        catch (HttpRequestException ex) when (IsConnectionRefused(ex))
        {
            // Nothing listens there: no byte was sent, and retrying for a minute would only delay the answer.
            throw TraceFailure(new MetricaApiException(MetricaErrorKind.Network, "Nothing accepted the connection to " + _base.Authority + " (connection refused), so nothing was sent. Check the endpoint's address and port, that the service runs there, and the proxy settings.", innerException: ex) { Request = requestLabel, Final = true }, method, requestLabel, started);
        }
        catch (HttpRequestException ex)
        {
            throw TraceFailure(new MetricaApiException(MetricaErrorKind.Network, "The connection to " + _base.Host + " failed or dropped (" + Describe(ex) + ") until the retry budget was spent. Check the network and proxy settings and try again.", innerException: ex) { Request = requestLabel }, method, requestLabel, started);
        }
        catch (IOException ex)
        {
            throw TraceFailure(new MetricaApiException(MetricaErrorKind.Network, "The connection to " + _base.Host + " dropped (" + ex.Message + ") until the retry budget was spent. Check the network and try again.", innerException: ex) { Request = requestLabel }, method, requestLabel, started);
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

        // Searched through the header value, so no further plain copy of the token is made.
        var secret = _authorization.AsSpan(AuthorizationScheme.Length);
        var source = text!;
        var at = source.AsSpan().IndexOf(secret);
        if (at < 0)
        {
            return source;
        }

        var blanked = new System.Text.StringBuilder(source.Length);
        var start = 0;
        while (at >= 0)
        {
            blanked.Append(source, start, at).Append("***");
            start += at + secret.Length;
            at = source.AsSpan(start).IndexOf(secret);
        }

        return blanked.Append(source, start, source.Length - start).ToString();
    }

    private static string StripQuery(string path)
    {
        var q = path.IndexOf('?');
        return q < 0 ? path : path.Substring(0, q);
    }

    /// <summary>
    /// True when the TLS handshake was refused: an <see cref="System.Security.Authentication.AuthenticationException"/>
    /// anywhere in the chain (SocketsHttpHandler), or a trust or secure-channel failure of
    /// HttpClientHandler on .NET Framework.
    /// </summary>
    private static bool IsTlsFailure(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is System.Security.Authentication.AuthenticationException
                || e is WebException { Status: WebExceptionStatus.TrustFailure or WebExceptionStatus.SecureChannelFailure })
            {
                return true;
            }
        }

        return false;
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
