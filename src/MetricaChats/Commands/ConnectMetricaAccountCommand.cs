using System;
using System.Management.Automation;
using System.Security;
using MetricaChats.Completion;
using MetricaChats.Core.Auth;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Connects this session to Yandex Metrica with an OAuth token, and optionally keeps the token for later sessions.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "MetricaAccount", DefaultParameterSetName = ResolveSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(MetricaAccount))]
public sealed class ConnectMetricaAccountCommand : MetricaCmdlet
{
    private const string ResolveSet = "Resolve";
    private const string TokenSet = "Token";
    private const string CredentialSet = "Credential";
    private const string SecretSet = "SecretName";

    /// <summary>The OAuth token.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = TokenSet)]
    [ValidateNotNull]
    public SecureString? Token { get; set; }

    /// <summary>A credential whose password is the OAuth token (the user name is not used).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
    [ValidateNotNull]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Name of a SecretManagement secret holding the token.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
    [ValidateNotNullOrEmpty]
    public string? SecretName { get; set; }

    /// <summary>The SecretManagement vault of <see cref="SecretName"/>; the default vault when omitted.</summary>
    [Parameter(ParameterSetName = SecretSet)]
    [ValidateNotNullOrEmpty]
    public string? Vault { get; set; }

    /// <summary>Profile name, so one user can keep tokens for several accounts.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("ProfileName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    public string? Profile { get; set; }

    /// <summary>The API base URL (https; plain http only to loopback, for the sandbox).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public Uri? Endpoint { get; set; }

    /// <summary>A proxy for every request of this session.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Proxy { get; set; }

    /// <summary>Credentials for <see cref="Proxy"/>.</summary>
    [Parameter]
    [ValidateNotNull]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>Keep the token for later sessions in the operating system's protected store (or, with -SecretName, remember the secret's name).</summary>
    [Parameter(ParameterSetName = TokenSet)]
    [Parameter(ParameterSetName = CredentialSet)]
    [Parameter(ParameterSetName = SecretSet)]
    public SwitchParameter Save { get; set; }

    /// <summary>With -Save: where no protected store exists, allow a plain owner-only file (flagged as unprotected).</summary>
    [Parameter(ParameterSetName = TokenSet)]
    [Parameter(ParameterSetName = CredentialSet)]
    public SwitchParameter AllowUnprotectedStore { get; set; }

    /// <summary>Seconds one request to Metrica may take (each attempt, connecting included) before it counts as timed out; default 100. Uploads keep their own 30 minutes.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; }

    /// <summary>Seconds a command (an import: the whole run) may spend waiting out an outage (429, 5xx, timeouts, dropped connections) before it reports it; default 600, 0 turns retrying off.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int RetryBudgetSec { get; set; }

    /// <summary>Replace a saved profile without asking.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var proxyCredentials = ProxyCredential?.GetNetworkCredential();
        SessionConnection connection;
        MetricaToken? given = null;
        try
        {
            given = ParameterSetName switch
            {
                TokenSet => TokenFrom(Token!, nameof(Token)),
                CredentialSet => TokenFrom(Credential!.Password, nameof(Credential)),
                SecretSet => ReadSecret(SecretName!, Vault),
                _ => null,
            };
            var source = ParameterSetName switch
            {
                TokenSet => TokenSource.Explicit("the -Token parameter"),
                CredentialSet => TokenSource.Explicit("the -Credential parameter"),
                SecretSet => TokenSource.SecretManagement(SecretName!, Vault),
                _ => null,
            };
            connection = ResolveConnection(
                new TokenRequest { Token = given, TokenSource = source, ProfileName = Profile, Endpoint = Endpoint },
                Proxy,
                proxyCredentials);
        }
        finally
        {
            given?.Dispose();
        }

        if (MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec)))
        {
            connection.RequestTimeout = TimeSpan.FromSeconds(TimeoutSec);
        }

        if (MyInvocation.BoundParameters.ContainsKey(nameof(RetryBudgetSec)))
        {
            connection.RetryBudget = TimeSpan.FromSeconds(RetryBudgetSec);
        }

        if (Save.IsPresent)
        {
            SaveProfile(connection);
        }

        // -WhatIf (or a -Confirm answered No) changes nothing: the session keeps its connection,
        // which Set would otherwise replace and dispose.
        if (!ShouldProcess(ConnectTarget(connection), ConnectAction(MetricaSession.Current)))
        {
            connection.Dispose();
            return;
        }

        MetricaSession.Set(connection);
        CounterCompletionCache.Shared.Clear();
        WriteVerbose("Connected to " + connection.Endpoint.AbsoluteUri + " as profile '" + connection.Profile + "' with " + connection.Auth.Source.Description + ".");
        WriteObject(connection.ToAccount());
    }

    private static string ConnectTarget(SessionConnection connection) =>
        "this session (profile '" + connection.Profile + "', " + connection.Endpoint.AbsoluteUri + ", token from " + connection.Auth.Source.Description + ")";

    private static string ConnectAction(SessionConnection? current) =>
        current is null ? "Connect to Metrica" : "Connect to Metrica, replacing the connection of profile '" + current.Profile + "' (" + current.Endpoint.AbsoluteUri + ")";

    private void SaveProfile(SessionConnection connection)
    {
        MetricaProfileStore store;
        try
        {
            store = MetricaProfileStore.OpenDefault();
        }
        catch (MetricaAuthException ex)
        {
            WriteError(AuthError(ex, ex.ErrorId, connection.Profile));
            return;
        }

        var existing = store.Find(connection.Profile);
        var target = "profile '" + connection.Profile + "' (" + (ParameterSetName == SecretSet ? "secret '" + SecretName + "'" : "token") + " for " + connection.Endpoint.AbsoluteUri + ")";
        var action = existing is null ? "Save the Metrica token" : "Replace the saved Metrica token";
        if (!ShouldProcessUnlessForced(Force.IsPresent, target, action))
        {
            return;
        }

        if (existing is not null && !Force.IsPresent &&
            !ShouldContinue("Profile '" + existing.Name + "' is already saved (" + AccountView.DescribeStorage(existing.StorageKind) + "). Replace it?", "Replace saved Metrica profile"))
        {
            return;
        }

        try
        {
            connection.StoredProfile = ParameterSetName == SecretSet
                ? store.SaveSecretReference(connection.Profile, connection.Endpoint, SecretName!, Vault)
                : store.Save(connection.Profile, connection.Endpoint, connection.Auth.Token, AllowUnprotectedStore.IsPresent);
            if (!connection.StoredProfile.IsProtected)
            {
                WriteWarning("The token of profile '" + connection.Profile + "' is saved in a plain file readable only by you (" + connection.StoredProfile.Location + "); it is NOT encrypted. Get-MetricaAccount flags it as unprotected.");
            }
        }
        catch (MetricaAuthException ex)
        {
            // Not saved, but still connected for this session: the token stays in memory only.
            WriteError(new ErrorRecord(ex, ex.ErrorId, ex.ErrorId == AuthErrorIds.ProtectedStoreUnavailable ? ErrorCategory.NotInstalled : ErrorCategory.WriteError, connection.Profile)
            {
                ErrorDetails = new ErrorDetails(ex.Message + " This session stays connected; the token is kept in memory only.")
                {
                    RecommendedAction = "Set the " + MetricaSession.TokenVariable + " environment variable, keep the token in a SecretManagement vault (Connect-MetricaAccount -SecretName ... -Save), or run Connect-MetricaAccount in each session. -AllowUnprotectedStore saves it in a plain owner-only file.",
                },
            });
        }
    }
}
