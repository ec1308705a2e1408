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
    private bool _disposed;

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken StopToken => _stopSource.Token;

    internal PipelineDispatcher Dispatcher => _dispatcher ??= new PipelineDispatcher();

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

        var connection = ResolveConnection(new TokenRequest { Endpoint = MetricaSession.EndpointFromEnvironment() }, proxy: null, proxyCredentials: null, notFoundErrorId: "NotConnected");
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
            var category = ex.ErrorId switch
            {
                AuthErrorIds.TokenNotFound or AuthErrorIds.StoredTokenMissing => ErrorCategory.AuthenticationError,
                AuthErrorIds.ProfileNotFound => ErrorCategory.ObjectNotFound,
                AuthErrorIds.InvalidProfileName or AuthErrorIds.InvalidToken or AuthErrorIds.InvalidEndpoint => ErrorCategory.InvalidArgument,
                AuthErrorIds.ProtectedStoreUnavailable or AuthErrorIds.SecretManagementRequired => ErrorCategory.NotInstalled,
                _ => ErrorCategory.ReadError,
            };
            ThrowTerminatingError(new ErrorRecord(ex, id, category, request.ProfileName)
            {
                ErrorDetails = new ErrorDetails(ex.Message)
                {
                    RecommendedAction = "Run Connect-MetricaAccount -Token (Read-Host -AsSecureString 'Metrica token'), or set the " + MetricaSession.TokenVariable + " environment variable for unattended runs.",
                },
            });
            throw;
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidConnectionArgument", ErrorCategory.InvalidArgument, request.Endpoint));
            throw;
        }
    }

    /// <summary>
    /// Reads a token from a SecretManagement vault with <c>Get-Secret</c> (on the pipeline
    /// thread). A terminating error when the module is not installed or the secret is missing.
    /// </summary>
    internal MetricaToken ReadSecret(string secretName, string? vault)
    {
        if (InvokeCommand.GetCommand("Get-Secret", CommandTypes.Cmdlet | CommandTypes.Function) is null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException("Reading the token from a vault needs the Microsoft.PowerShell.SecretManagement module, which is not installed. Run Install-Module Microsoft.PowerShell.SecretManagement (and a vault extension), or pass the token with -Token."),
                "SecretManagementNotInstalled",
                ErrorCategory.NotInstalled,
                secretName));
        }

        var script = ScriptBlock.Create("param($Name, $Vault) if ($Vault) { Get-Secret -Name $Name -Vault $Vault -ErrorAction Stop } else { Get-Secret -Name $Name -ErrorAction Stop }");
        System.Collections.ObjectModel.Collection<PSObject> result;
        try
        {
            result = InvokeCommand.InvokeScript(false, script, null, secretName, vault);
        }
        catch (RuntimeException ex)
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException("Get-Secret could not read secret '" + secretName + "'" + (vault is null ? string.Empty : " from vault '" + vault + "'") + ": " + ex.Message, ex),
                "SecretNotRead",
                ErrorCategory.ReadError,
                secretName));
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

        ThrowTerminatingError(new ErrorRecord(
            new InvalidOperationException("Secret '" + secretName + "' holds no text token (expected a SecureString, a string or a PSCredential whose password is the token)."),
            "SecretNotAToken",
            ErrorCategory.InvalidData,
            secretName));
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>The shared API client of the connection (terminating error when the endpoint is invalid).</summary>
    internal MetricaClient RequireClient()
    {
        var connection = RequireConnection();
        try
        {
            return connection.Client;
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidEndpoint", ErrorCategory.InvalidArgument, connection.Endpoint));
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
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("The token given with -" + parameterName + " cannot be used: " + ex.Message, parameterName), "InvalidToken", ErrorCategory.InvalidArgument, null));
            throw;
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
            _dispatcher?.Dispose();
            _stopSource.Dispose();
        }
    }
}
