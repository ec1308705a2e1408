using System;
using System.Management.Automation;
using MetricaChats.Completion;
using MetricaChats.Core.Auth;
using MetricaChats.Internal;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Disconnects this session from Metrica and, with -Forget, deletes a saved token.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "MetricaAccount", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MetricaAccount))]
public sealed class DisconnectMetricaAccountCommand : MetricaCmdlet
{
    /// <summary>The profile to disconnect (and, with -Forget, delete); the connected one when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ProfileName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    public string? Profile { get; set; }

    /// <summary>Also delete the saved token of the profile from its store.</summary>
    [Parameter]
    public SwitchParameter Forget { get; set; }

    /// <summary>Delete without asking.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Output the account as it is afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var current = MetricaSession.Current;
        var name = Profile ?? current?.Profile ?? MetricaProfile.DefaultName;
        var disconnectsSession = current is not null && string.Equals(current.Profile, name, StringComparison.OrdinalIgnoreCase);

        if (disconnectsSession && ShouldProcessUnlessForced(Force.IsPresent, "profile '" + name + "' (" + current!.Endpoint.AbsoluteUri + ")", "Disconnect this session"))
        {
            MetricaSession.Set(null);
            CounterCompletionCache.Shared.Clear();
            WriteVerbose("Disconnected profile '" + name + "'; the token is cleared from memory.");
        }
        else if (!disconnectsSession && !Forget.IsPresent)
        {
            WriteWarning(current is null ? "This session is not connected to Metrica." : "This session is connected as profile '" + current.Profile + "', not '" + name + "'; nothing was disconnected.");
        }

        MetricaProfile? forgotten = null;
        if (Forget.IsPresent)
        {
            forgotten = ForgetProfile(name);
        }

        if (PassThru.IsPresent)
        {
            WriteObject(new MetricaAccount
            {
                Profile = name,
                Endpoint = forgotten?.Endpoint ?? (disconnectsSession ? current!.Endpoint : null),
                Connected = MetricaSession.Current is { } now && string.Equals(now.Profile, name, StringComparison.OrdinalIgnoreCase),
            });
        }
    }

    private MetricaProfile? ForgetProfile(string name)
    {
        try
        {
            var store = MetricaProfileStore.OpenDefault();
            var profile = store.Find(name);
            if (profile is null)
            {
                WriteError(UserError(
                    new ItemNotFoundException("No saved Metrica profile is called '" + name + "'."),
                    AuthErrorIds.ProfileNotFound,
                    ErrorCategory.ObjectNotFound,
                    name,
                    "Get-MetricaAccount lists the saved profiles; give -Profile one of their names."));
                return null;
            }

            if (!ShouldProcessUnlessForced(Force.IsPresent, "profile '" + profile.Name + "' (" + profile.Location + ")", "Delete the saved Metrica token"))
            {
                return null;
            }

            var removal = store.Remove(profile.Name);
            if (removal.Warning is { } warning)
            {
                WriteWarning(warning);
            }

            WriteVerbose("Deleted saved profile '" + profile.Name + "' (" + AccountView.DescribeStorage(profile.StorageKind) + ").");
            return profile;
        }
        catch (MetricaAuthException ex)
        {
            WriteError(AuthError(ex, ex.ErrorId, name));
            return null;
        }
    }
}
