using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;
using MetricaChats.Internal;

namespace MetricaChats;

/// <summary>
/// Plumbing shared by the module's cmdlets: the connection, a cancellation token cancelled by
/// Ctrl+C (<see cref="StopProcessing"/>), running engine work while keeping every <c>Write*</c>
/// on the pipeline thread, and turning API failures into PowerShell errors. Not a cmdlet.
/// </summary>
public abstract class MetricaCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopSource = new();
    private PipelineDispatcher? _dispatcher;
    private IDisposable? _trace;
    private StreamPreferences? _preferences;
    private bool _disposed;

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken StopToken => _stopSource.Token;

    internal PipelineDispatcher Dispatcher => _dispatcher ??= new PipelineDispatcher();

    /// <summary>What PowerShell does with this command's errors, warnings, verbose and debug messages.</summary>
    internal StreamPreferences Preferences => _preferences ??= new StreamPreferences(MyInvocation.BoundParameters, GetVariableValue);

    /// <summary>
    /// Writes a warning. Where PowerShell would then ask whether to continue (-Debug makes it ask
    /// for every warning) but the host cannot ask (pwsh -NonInteractive, a runbook), the warning
    /// has been written and the command goes on instead of failing on the question.
    /// </summary>
    public new void WriteWarning(string text) => WriteUnlessUnasked(() => base.WriteWarning(text), () => Preferences.Warning);

    /// <summary>Writes a verbose message; see <see cref="WriteWarning"/> for a host that cannot ask.</summary>
    public new void WriteVerbose(string text) => WriteUnlessUnasked(() => base.WriteVerbose(text), () => Preferences.Verbose);

    /// <summary>Writes a debug message; see <see cref="WriteWarning"/> for a host that cannot ask.</summary>
    public new void WriteDebug(string text) => WriteUnlessUnasked(() => base.WriteDebug(text), () => Preferences.Debug);

    /// <summary>Cancels running engine work; the next dispatcher wake-up ends the command.</summary>
    protected override void StopProcessing()
    {
        try
        {
            _stopSource.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already ended.
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> off the pipeline thread while posted writes and
    /// <paramref name="onTick"/> run on it. Ctrl+C ends the command through
    /// <see cref="PipelineStoppedException"/>.
    /// </summary>
    internal T RunAsync<T>(Func<CancellationToken, Task<T>> work, Action? onTick = null, TimeSpan? tickInterval = null)
    {
        try
        {
            return Dispatcher.Run(work, StopToken, onTick, tickInterval ?? TimeSpan.FromMilliseconds(250));
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Runs <paramref name="work"/> that has no result; see <see cref="RunAsync{T}"/>.</summary>
    internal void RunAsync(Func<CancellationToken, Task> work, Action? onTick = null, TimeSpan? tickInterval = null) =>
        RunAsync(async ct =>
        {
            await work(ct).ConfigureAwait(false);
            return true;
        }, onTick, tickInterval);

    /// <summary>
    /// The session's connection; when none was made, one resolved the way Connect-MetricaAccount
    /// without a token would (the <c>METRICA_TOKEN</c> environment variable, then the saved
    /// profile <c>default</c>). Without any, a terminating error saying what to do.
    /// </summary>
    internal SessionConnection RequireConnection()
    {
        if (MetricaSession.Current is { } current)
        {
            return current;
        }

        var connection = ResolveConnection(new TokenRequest { Endpoint = MetricaSession.EndpointFromEnvironment() }, proxy: null, proxyCredentials: null, notFoundErrorId: AuthErrorMap.NotConnected);
        WriteVerbose("Connected for this session with " + connection.Auth.Source.Description + " (profile '" + connection.Profile + "', " + connection.Endpoint.AbsoluteUri + ").");
        return MetricaSession.SetIfEmpty(connection);
    }

    /// <summary>
    /// Resolves a token through Core's <see cref="TokenResolver"/> (explicit token, named
    /// profile, environment, default profile), reading SecretManagement profiles with
    /// <c>Get-Secret</c>. Failures are terminating errors with the resolver's stable id.
    /// </summary>
    internal SessionConnection ResolveConnection(TokenRequest request, Uri? proxy, System.Net.ICredentials? proxyCredentials, string? notFoundErrorId = null)
    {
        MetricaProfileStore? store = null;
        try
        {
            store = MetricaProfileStore.OpenDefault();
            var resolver = new TokenResolver(store);
            var withReader = new TokenRequest
            {
                Token = request.Token,
                TokenSource = request.TokenSource,
                ProfileName = request.ProfileName,
                Endpoint = request.Endpoint,
                IgnoreEnvironment = request.IgnoreEnvironment,
                SecretManagementReader = profile => ReadSecret(profile.SecretName ?? string.Empty, profile.Vault),
                HowToGiveToken = "Give one: Connect-MetricaAccount -Token (Read-Host -AsSecureString) [-Save]; or set " + MetricaSession.TokenVariable + ". How to get a token with the metrika:write and metrika:read scopes: Get-Help about_MetricaChats.",
            };
            var auth = resolver.Resolve(withReader);
            var stored = auth.Source.Kind is TokenSourceKind.Profile or TokenSourceKind.SecretManagement && request.Token is null ? store.Find(auth.ProfileName) : null;
            return new SessionConnection(auth, proxy, proxyCredentials, stored);
        }
        catch (MetricaAuthException ex)
        {
            var id = ex.ErrorId == AuthErrorIds.TokenNotFound && notFoundErrorId is not null ? notFoundErrorId : ex.ErrorId;
            ThrowTerminatingError(AuthError(ex, id, AuthTarget(ex.ErrorId, request)));
            throw;
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(UserError(ex, "InvalidConnectionArgument", ErrorCategory.InvalidArgument, ShownEndpoint(request.Endpoint), "Check the values of -Endpoint, -Proxy and -Profile named in the message."));
            throw;
        }
    }

    /// <summary>The error record of a token, profile or endpoint problem: its category and the action that fits it (<see cref="AuthErrorMap"/>).</summary>
    internal static ErrorRecord AuthError(MetricaAuthException exception, string errorId, object? target)
    {
        var entry = AuthErrorMap.For(errorId);
        return UserError(exception, errorId, (ErrorCategory)Enum.Parse(typeof(ErrorCategory), entry.Category), target, entry.RecommendedAction);
    }

    /// <summary>
    /// An error record a user reads: the message without .NET's parameter-name text (the
    /// exception is replaced by a plain one of the same meaning when it had it), the target,
    /// and what to do.
    /// </summary>
    internal static ErrorRecord UserError(Exception exception, string errorId, ErrorCategory category, object? target, string recommendedAction)
    {
        var message = ErrorText.Message(exception);
        var shown = string.Equals(message, exception.Message, StringComparison.Ordinal) ? exception : new ArgumentException(message, exception);
        return new ErrorRecord(shown, errorId, category, target)
        {
            ErrorDetails = new ErrorDetails(message) { RecommendedAction = recommendedAction },
        };
    }

    /// <summary>
    /// An endpoint as an error's target: scheme, host, port and path only (a user name, password
    /// or query could hold a secret, so they are never shown).
    /// </summary>
    internal static string? ShownEndpoint(Uri? endpoint) =>
        endpoint is null ? null : endpoint.IsAbsoluteUri ? endpoint.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : endpoint.OriginalString.Split('?', '#')[0];

    // What an auth error is about: the endpoint for an endpoint problem, else the profile named
    // (never the token).
    private static object? AuthTarget(string errorId, TokenRequest request) =>
        errorId == AuthErrorIds.InvalidEndpoint ? ShownEndpoint(request.Endpoint) : errorId == AuthErrorIds.InvalidToken ? null : request.ProfileName;

    /// <summary>
    /// Reads a token from a SecretManagement vault with <c>Get-Secret</c> (on the pipeline
    /// thread). A terminating error when the module is not installed or the secret is missing.
    /// </summary>
    internal MetricaToken ReadSecret(string secretName, string? vault)
    {
        if (InvokeCommand.GetCommand("Get-Secret", CommandTypes.Cmdlet | CommandTypes.Function) is null)
        {
            ThrowTerminatingError(UserError(
                new InvalidOperationException("Reading the token from a vault needs the Microsoft.PowerShell.SecretManagement module, which is not installed."),
                "SecretManagementNotInstalled",
                ErrorCategory.NotInstalled,
                secretName,
                AuthErrorMap.For(AuthErrorIds.SecretManagementRequired).RecommendedAction));
        }

        var script = ScriptBlock.Create("param($Name, $Vault) if ($Vault) { Get-Secret -Name $Name -Vault $Vault -ErrorAction Stop } else { Get-Secret -Name $Name -ErrorAction Stop }");
        System.Collections.ObjectModel.Collection<PSObject> result;
        try
        {
            result = InvokeCommand.InvokeScript(false, script, null, secretName, vault);
        }
        catch (RuntimeException ex)
        {
            ThrowTerminatingError(UserError(
                new InvalidOperationException("Get-Secret could not read secret '" + secretName + "'" + (vault is null ? string.Empty : " from vault '" + vault + "'") + ": " + ex.Message, ex),
                "SecretNotRead",
                ErrorCategory.ReadError,
                secretName,
                "Check the secret's name and vault (Get-SecretInfo lists them), unlock the vault if it is locked, and run the command again."));
            throw;
        }

        foreach (var item in result)
        {
            switch (item?.BaseObject)
            {
                case System.Security.SecureString secure:
                    return TokenFrom(secure, "SecretName");
                case PSCredential credential:
                    return TokenFrom(credential.Password, "SecretName");
                case string text when text.Length > 0:
                    return MetricaToken.FromString(text);
            }
        }

        ThrowTerminatingError(UserError(
            new InvalidOperationException("Secret '" + secretName + "' holds no text token (expected a SecureString, a string or a PSCredential whose password is the token)."),
            "SecretNotAToken",
            ErrorCategory.InvalidData,
            secretName,
            "Store the token itself in the secret: Set-Secret -Name " + secretName + " -Secret (Read-Host -AsSecureString 'Metrica token')."));
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>
    /// The shared API client of the connection (terminating error when the endpoint is invalid).
    /// Requests this command starts are traced to its debug stream, and retries to its verbose stream.
    /// </summary>
    internal MetricaClient RequireClient()
    {
        var connection = RequireConnection();
        try
        {
            var client = connection.Client;
            if (_trace is null)
            {
                // Captured here, on the pipeline thread: traces arrive on pool threads.
                var dispatcher = Dispatcher;
                _trace = client.BeginTrace(trace => dispatcher.Post(() => WriteTrace(trace)));
            }

            return client;
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(UserError(ex, "InvalidEndpoint", ErrorCategory.InvalidArgument, ShownEndpoint(connection.Endpoint), AuthErrorMap.For(AuthErrorIds.InvalidEndpoint).RecommendedAction));
            throw;
        }
    }

    /// <summary>
    /// Reports an API failure for one item: a non-terminating error, or a terminating one when
    /// no further item can succeed (bad token, daily quota).
    /// </summary>
    internal void WriteApiError(MetricaApiException exception, object? target)
    {
        var record = CreateApiErrorRecord(exception, target);
        if (ApiErrorMap.For(exception.Kind).StopsCommand)
        {
            ThrowTerminatingError(record);
        }

        WriteError(record);
    }

    /// <summary>The error record for an API failure (stable id, category, recommended action).</summary>
    internal static ErrorRecord CreateApiErrorRecord(MetricaApiException exception, object? target)
    {
        var entry = ApiErrorMap.For(exception.Kind);
        var category = (ErrorCategory)Enum.Parse(typeof(ErrorCategory), entry.Category);
        return new ErrorRecord(exception, entry.ErrorId, category, target)
        {
            ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = entry.RecommendedAction },
        };
    }

    /// <summary>
    /// ShouldProcess with the module's -Force rule (<see cref="ConfirmPolicy"/>): -Force skips
    /// the prompt, never -WhatIf or an explicit -Confirm.
    /// </summary>
    internal bool ShouldProcessUnlessForced(bool force, string target, string action)
    {
        var bound = MyInvocation.BoundParameters;
        var confirm = bound.TryGetValue("Confirm", out var c) && c is SwitchParameter cs && cs.IsPresent;
        var whatIf = (bound.TryGetValue("WhatIf", out var w) && w is SwitchParameter ws && ws.IsPresent) ||
                     (!bound.ContainsKey("WhatIf") && GetVariableValue("WhatIfPreference") is { } pref && LanguagePrimitives.IsTrue(pref));
        if (ConfirmPolicy.Decide(force, confirm, whatIf) == ConfirmDecision.Proceed)
        {
            WriteVerbose("-Force: " + action + " on " + target + " without confirmation.");
            return true;
        }

        return ShouldProcess(target, action);
    }

    /// <summary>Creates a token from a SecureString, turning an empty or malformed one into a terminating error (Core's message says which, never the text).</summary>
    internal MetricaToken TokenFrom(System.Security.SecureString secret, string parameterName)
    {
        try
        {
            return MetricaToken.FromSecureString(secret);
        }
        catch (ArgumentException ex)
        {
            var problem = new ArgumentException("The token given with -" + parameterName + " cannot be used: " + ErrorText.Message(ex), ex);
            ThrowTerminatingError(UserError(problem, "InvalidToken", ErrorCategory.InvalidArgument, null, AuthErrorMap.For(AuthErrorIds.InvalidToken).RecommendedAction));
            throw;
        }
    }

    /// <summary>Writes one HTTP trace: every exchange as debug, a retry also as verbose (with its reason and pause).</summary>
    private void WriteTrace(MetricaRequestTrace trace)
    {
        WriteDebug(trace.ToString());
        if (trace.Kind == MetricaTraceKind.Retry)
        {
            WriteVerbose(string.Format(
                System.Globalization.CultureInfo.InvariantCulture,
                "Retrying {0} {1} in {2:0.0} s (attempt {3} failed: {4}).",
                trace.Method,
                trace.Path,
                (trace.RetryDelay ?? TimeSpan.Zero).TotalSeconds,
                trace.Attempt,
                trace.Reason));
        }
    }

    // PowerShell writes the message, then asks "Continue?" when the preference is Inquire; a host
    // that cannot ask throws there. The message is out by then, so going on is what the user
    // would have answered had they been asked. Any other failure still propagates.
    private static void WriteUnlessUnasked(Action write, Func<ActionPreference> preference)
    {
        try
        {
            write();
        }
        catch (Exception ex) when (ex is PSInvalidOperationException or System.Management.Automation.Host.HostException && preference() == ActionPreference.Inquire)
        {
        }
    }

    /// <summary>Releases the cancellation source and the dispatcher.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources; derived cmdlets release theirs and call the base.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (disposing)
        {
            _trace?.Dispose();
            _dispatcher?.Dispose();
            _stopSource.Dispose();
        }
    }
}
