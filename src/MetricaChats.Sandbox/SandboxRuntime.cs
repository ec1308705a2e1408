using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace MetricaChats.Sandbox;

/// <summary>Who is calling: an opaque user id (never the token) and the counters it may use.</summary>
internal sealed record SandboxPrincipal(string Uid, IReadOnlySet<int> Counters);

/// <summary>The shared machinery behind one server: state, quotas, faults, the request gate.</summary>
internal sealed partial class SandboxRuntime
{
    public const string PrincipalItem = "MetricaChats.Sandbox.Principal";
    public const string FaultItem = "MetricaChats.Sandbox.Fault";
    public const string FaultAppliedItem = "MetricaChats.Sandbox.FaultApplied";
    public const string UploadIdItem = "MetricaChats.Sandbox.UploadId";
    public const string ScopeItem = "MetricaChats.Sandbox.Scope";
    public const string LateStoreItem = "MetricaChats.Sandbox.LateStore";

    private readonly Dictionary<string, SandboxPrincipal> _principals = new(StringComparer.Ordinal);
    private long _processingTicks;
    private int _uploadByIdPath;

    public SandboxRuntime(SandboxOptions options)
    {
        Options = options;
        Clock = options.Clock ?? TimeProvider.System;
        options.Faults.Initialise(options.Seed, Clock);
        ArgumentNullException.ThrowIfNull(options.Tokens);
        if (options.MaxFieldLength < 1 || options.MaxFieldsPerRecord < 1 || options.MaxRecordLength < 1 || options.MaxStoredRowErrors < 1)
        {
            throw new ArgumentException("MaxFieldLength, MaxFieldsPerRecord, MaxRecordLength and MaxStoredRowErrors must be at least 1.", nameof(options));
        }

        int n = 0;
        foreach (KeyValuePair<string, int[]> pair in options.Tokens)
        {
            if (string.IsNullOrWhiteSpace(pair.Key))
            {
                throw new ArgumentException("A sandbox token must not be empty.", nameof(options));
            }

            _principals[pair.Key] = new SandboxPrincipal($"user{++n}", new HashSet<int>(pair.Value ?? Array.Empty<int>()));
        }

        State = new SandboxState(
            Clock, options.Tokens.Values.SelectMany(c => c ?? Array.Empty<int>()), options.MaxLoggedRequests, options.MaxStoredRows,
            options.ChatGoalType, options.Visitors ?? Array.Empty<SandboxVisitorId>());
        Quotas = new QuotaTracker(options.Quotas, Clock);
        ProcessingTime = options.ProcessingTime;
        UploadByIdPath = options.UploadByIdPath;
    }

    public SandboxOptions Options { get; }

    public TimeProvider Clock { get; }

    public SandboxState State { get; }

    public QuotaTracker Quotas { get; }

    public Uri? BaseAddress { get; set; }

    public TimeSpan ProcessingTime
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _processingTicks));
        set => Interlocked.Exchange(ref _processingTicks, (value < TimeSpan.Zero ? TimeSpan.Zero : value).Ticks);
    }

    /// <summary>The upload-by-id spelling served now (starts as <see cref="SandboxOptions.UploadByIdPath"/>).</summary>
    public SandboxUploadByIdPath UploadByIdPath
    {
        get => (SandboxUploadByIdPath)Volatile.Read(ref _uploadByIdPath);
        set => Volatile.Write(ref _uploadByIdPath, Enum.IsDefined(value) ? (int)value : throw new ArgumentOutOfRangeException(nameof(value), value, "Use Singular, Plural, Both or None."));
    }

    /// <summary>Whether one spelling of the upload-by-id path is served now.</summary>
    public bool ServesUploadById(bool plural) => UploadByIdPath switch
    {
        SandboxUploadByIdPath.Both => true,
        SandboxUploadByIdPath.Singular => !plural,
        SandboxUploadByIdPath.Plural => plural,
        _ => false,
    };

    public void Reset()
    {
        State.Reset();
        Quotas.Reset();
        Options.Faults.Clear();
        UploadByIdPath = Options.UploadByIdPath;
    }

    /// <summary>
    /// The gate every request passes: admin requests go straight through (loopback only); API
    /// requests are logged and pass, in order, a timed outage, the query-token refusal, the per-IP rate, OAuth,
    /// the parallel and daily quotas, and fault injection.
    /// </summary>
    public async Task GateAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/_sandbox", StringComparison.Ordinal))
        {
            if (context.Connection.RemoteIpAddress is { } remote && !System.Net.IPAddress.IsLoopback(remote))
            {
                context.Response.StatusCode = 403;
                return;
            }

            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (Exception error) when (!context.Response.HasStarted && error is ArgumentException or System.Text.Json.JsonException or FormatException or InvalidOperationException)
            {
                await ApiErrors.WriteAsync(context, 400, "invalid_parameter", "Bad admin request: " + error.Message).ConfigureAwait(false);
            }

            return;
        }

        var scope = new RequestScope(this, context);
        context.Response.OnStarting(() =>
        {
            scope.Complete(aborted: false);
            return Task.CompletedTask;
        });
        try
        {
            if (Options.Faults.DrawOutage() is { } outage)
            {
                scope.Outage = outage.Kind;
                await WriteOutageAsync(context, outage).ConfigureAwait(false);
                return;
            }

            if (context.Request.Query.ContainsKey("oauth_token"))
            {
                throw new ApiErrorException(401, "unauthorized",
                    "Токен в параметрах запроса не принимается. / A token in the query string is refused; send it in the header 'Authorization: OAuth <token>'.");
            }

            Quotas.CheckRate();
            SandboxPrincipal principal = Authenticate(context.Request);
            context.Items[PrincipalItem] = principal;
            Quotas.EnterParallel(principal.Uid);
            scope.ParallelUid = principal.Uid;
            Quotas.CountDaily(principal.Uid);

            SandboxFaultKind? fault = Options.Faults.Draw(IsUpload(context.Request));
            scope.Fault = fault;
            if (await ServeFaultAsync(context, scope, fault).ConfigureAwait(false))
            {
                return;
            }

            await next(context).ConfigureAwait(false);
            if (context.Response.StatusCode == 405 && !context.Response.HasStarted)
            {
                await ApiErrors.WriteAsync(context, 405, "invalid_parameter",
                    $"Метод не поддерживается. / Method {context.Request.Method} is not allowed on {context.Request.Path}.").ConfigureAwait(false);
            }
            else if (context.Response.StatusCode == 404 && !context.Response.HasStarted)
            {
                await ApiErrors.WriteAsync(context, 404, "not_found",
                    $"Ресурс не найден. / No such resource: {context.Request.Method} {context.Request.Path}.").ConfigureAwait(false);
            }
        }
        catch (ApiErrorException error) when (!context.Response.HasStarted)
        {
            await ApiErrors.WriteAsync(context, error).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            scope.Complete(aborted: true);
        }
        catch (Exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            await ApiErrors.WriteAsync(context, 500, "backend_error", "Внутренняя ошибка сервера. / Internal server error in the sandbox.").ConfigureAwait(false);
        }
        catch (Exception)
        {
            scope.Abort();
        }
        finally
        {
            scope.Complete(aborted: !context.Response.HasStarted && context.RequestAborted.IsCancellationRequested);
        }
    }

    /// <summary>Applies the fault drawn for a request; true when the response is done (or aborted).</summary>
    private async Task<bool> ServeFaultAsync(HttpContext context, RequestScope scope, SandboxFaultKind? fault)
    {
        switch (fault)
        {
            case SandboxFaultKind.InternalServerError:
                await ApiErrors.WriteAsync(context, 500, "backend_error", "Внутренняя ошибка сервера. / Internal server error (injected by the sandbox).").ConfigureAwait(false);
                return true;
            case SandboxFaultKind.ServiceUnavailable:
                await ApiErrors.WriteAsync(context, 503, "backend_error", "Сервис временно недоступен. / Service unavailable (injected by the sandbox).").ConfigureAwait(false);
                return true;
            case SandboxFaultKind.GatewayTimeout:
                await ApiErrors.WriteAsync(context, 504, "timeout", "Превышено время ожидания. / Gateway timeout (injected by the sandbox).").ConfigureAwait(false);
                return true;
            case SandboxFaultKind.RateLimitBurst:
                await ApiErrors.WriteAsync(context, 429, "quota_requests_by_ip",
                    "Превышен лимит количества запросов в секунду с одного IP-адреса. / Too many requests per second from this IP address (an injected burst); retry after a pause.",
                    retryAfterSeconds: 1).ConfigureAwait(false);
                return true;
            case SandboxFaultKind.DropConnection:
                scope.Abort();
                return true;
            case SandboxFaultKind.Slow:
                await Task.Delay(Options.Faults.SlowDelay, context.RequestAborted).ConfigureAwait(false);
                break;
            case SandboxFaultKind.AppliedThenError:
            case SandboxFaultKind.AppliedThenReset:
                context.Items[FaultItem] = fault;
                context.Items[ScopeItem] = scope;
                break;
        }

        return false;
    }

    private static Task WriteOutageAsync(HttpContext context, SandboxOutage outage) =>
        outage.Kind == SandboxOutageKind.RateLimit
            ? ApiErrors.WriteAsync(context, 429, "quota_requests_by_ip",
                "Превышен лимит количества запросов в секунду с одного IP-адреса. / Too many requests per second from this IP address (a timed burst of refusals in the sandbox); retry after a pause.",
                retryAfterSeconds: outage.RetryAfterSeconds)
            : ApiErrors.WriteAsync(context, 503, "backend_error",
                "Сервис временно недоступен. / Service unavailable (a timed outage in the sandbox); try again later.",
                retryAfterSeconds: outage.RetryAfterSeconds);

    /// <summary>
    /// One API request's bookkeeping. <see cref="Complete"/> runs once, as the response starts
    /// (or before an abort): it frees the parallel slot and writes the log entry, so a client that
    /// has seen the answer never finds the slot still taken or the log entry missing.
    /// </summary>
    internal sealed class RequestScope
    {
        private readonly SandboxRuntime _runtime;
        private readonly HttpContext _context;
        private readonly long _sequence;
        private readonly DateTimeOffset _time;
        private readonly string _pathAndQuery;
        private int _completed;

        public RequestScope(SandboxRuntime runtime, HttpContext context)
        {
            _runtime = runtime;
            _context = context;
            _sequence = runtime.State.NextSequence();
            _time = runtime.Clock.GetUtcNow();
            _pathAndQuery = runtime.Redact(context.Request);
            runtime.State.EnterRequest();
        }

        public string? ParallelUid { get; set; }

        public SandboxFaultKind? Fault { get; set; }

        public SandboxOutageKind? Outage { get; set; }

        /// <summary>Completes the request as aborted, then aborts the connection.</summary>
        public void Abort()
        {
            Complete(aborted: true);
            _context.Abort();
        }

        public void Complete(bool aborted)
        {
            if (Interlocked.Exchange(ref _completed, 1) != 0)
            {
                return;
            }

            if (ParallelUid is not null)
            {
                _runtime.Quotas.LeaveParallel(ParallelUid);
            }

            _runtime.State.LeaveRequest();
            IDictionary<object, object?> items = _context.Items;
            bool applied = items.ContainsKey(FaultAppliedItem);
            SandboxFaultKind? fault = Fault is SandboxFaultKind.AppliedThenError or SandboxFaultKind.AppliedThenReset && !applied ? null : Fault;
            _runtime.State.Log(new SandboxRequestRecord(
                _sequence,
                _time,
                _context.Request.Method,
                _pathAndQuery,
                aborted ? 0 : _context.Response.StatusCode,
                items.TryGetValue(ApiErrors.ErrorTypeItem, out object? type) ? type as string : null,
                fault,
                items.TryGetValue(UploadIdItem, out object? id) ? id as long? : null,
                items.ContainsKey(LateStoreItem),
                Outage));
        }
    }

    /// <summary>Checks access to a counter; throws the API's 400/403/404 otherwise.</summary>
    public int Authorize(HttpContext context, string counterText)
    {
        if (!int.TryParse(counterText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int counterId) || counterId <= 0)
        {
            throw new ApiErrorException(400, "invalid_parameter",
                $"Неверное значение параметра counterId. / counterId '{counterText}' is not a positive 32-bit integer.", "counterId");
        }

        var principal = (SandboxPrincipal)context.Items[PrincipalItem]!;
        if (!principal.Counters.Contains(counterId))
        {
            if (State.GetCounter(counterId) is null)
            {
                throw new ApiErrorException(404, "not_found",
                    $"Счётчик {counterId} не найден. / Counter {counterId} does not exist.");
            }

            throw new ApiErrorException(403, "access_denied",
                $"Доступ к счётчику {counterId} запрещён. / Access to counter {counterId} is denied: the token's owner needs owner or edit access.");
        }

        Quotas.CountCounter(counterId);
        return counterId;
    }

    private SandboxPrincipal Authenticate(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            throw new ApiErrorException(401, "unauthorized",
                "Необходима авторизация. / Authorization required: send the header 'Authorization: OAuth <token>'.");
        }

        int space = header.IndexOf(' ', StringComparison.Ordinal);
        string scheme = space < 0 ? header : header.Substring(0, space);
        if (!string.Equals(scheme, "OAuth", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiErrorException(401, "unauthorized",
                $"Неверная схема авторизации. / The Authorization scheme must be 'OAuth', not '{(scheme.Length > 20 ? scheme.Substring(0, 20) : scheme)}'.");
        }

        string token = space < 0 ? string.Empty : header.Substring(space + 1).Trim();
        if (token.Length == 0 || !_principals.TryGetValue(token, out SandboxPrincipal? principal))
        {
            throw new ApiErrorException(401, "unauthorized",
                "Неверный OAuth-токен. / The OAuth token is invalid or expired.");
        }

        return principal;
    }

    /// <summary>
    /// The path and query to log: the value of <c>oauth_token</c>, and every known token anywhere
    /// in the path, a query name or a query value (as given or URL-escaped), become <c>***</c>.
    /// </summary>
    internal string Redact(HttpRequest request)
    {
        string path = RedactTokens(request.Path.Value ?? "/");
        if (!request.QueryString.HasValue)
        {
            return path;
        }

        var parts = new List<string>();
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> pair in request.Query)
        {
            foreach (string? value in pair.Value)
            {
                bool secret = string.Equals(pair.Key, "oauth_token", StringComparison.OrdinalIgnoreCase);
                parts.Add(RedactTokens(Uri.EscapeDataString(pair.Key)) + "=" + (secret ? "***" : RedactTokens(Uri.EscapeDataString(value ?? string.Empty))));
            }
        }

        return path + "?" + string.Join("&", parts);
    }

    private string RedactTokens(string text)
    {
        foreach (string token in _principals.Keys)
        {
            text = text.Replace(token, "***", StringComparison.Ordinal);
            string escaped = Uri.EscapeDataString(token);
            if (!string.Equals(escaped, token, StringComparison.Ordinal))
            {
                text = text.Replace(escaped, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }

    private static bool IsUpload(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && UploadPath().IsMatch(request.Path.Value ?? string.Empty);

    [GeneratedRegex("^/management/v1/counter/[^/]+/offline_conversions/(upload|upload_calls)/?$")]
    private static partial Regex UploadPath();
}
