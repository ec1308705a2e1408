using System;
using System.Collections.Generic;
using System.Management.Automation;
using MetricaChats.Completion;
using MetricaChats.Core.Auth;
using MetricaChats.Internal;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Lists the saved Metrica profiles and this session's connection: endpoint and where each token is kept, never the token.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "MetricaAccount")]
[OutputType(typeof(MetricaAccount))]
public sealed class GetMetricaAccountCommand : MetricaCmdlet
{
    /// <summary>Profile names to show; wildcards allowed. All when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ProfileName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    public string[]? Profile { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var current = MetricaSession.Current;
        IReadOnlyList<MetricaProfile> saved;
        try
        {
            saved = MetricaProfileStore.OpenDefault().List();
        }
        catch (MetricaAuthException ex)
        {
            WriteError(AuthError(ex, ex.ErrorId, null));
            saved = Array.Empty<MetricaProfile>();
        }

        var accounts = AccountView.List(saved, current);
        var patterns = NamePatterns.Create(Profile);
        var matched = new bool[patterns.Count];
        foreach (var account in accounts)
        {
            if (NamePatterns.Match(patterns, account.Profile, matched))
            {
                WriteObject(account);
            }
        }

        for (var i = 0; i < patterns.Count; i++)
        {
            if (!matched[i] && !WildcardPattern.ContainsWildcardCharacters(Profile![i]))
            {
                WriteError(UserError(
                    new ItemNotFoundException("No Metrica profile is called '" + Profile[i] + "'."),
                    AuthErrorIds.ProfileNotFound,
                    ErrorCategory.ObjectNotFound,
                    Profile[i],
                    AuthErrorMap.For(AuthErrorIds.ProfileNotFound).RecommendedAction));
            }
        }
    }
}
