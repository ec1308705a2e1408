using System;
using System.IO;

namespace MetricaChats.Core.Auth;

/// <summary>What the user asked for on this command; every member is optional.</summary>
public sealed class TokenRequest
{
    /// <summary>A token given on the command (-Token, or read by the module from SecretManagement). The resolver copies it.</summary>
    public MetricaToken? Token { get; init; }

    /// <summary>Describes <see cref="Token"/> (e.g. <c>TokenSource.Explicit("the -Token parameter")</c> or
    /// <c>TokenSource.SecretManagement(name, vault)</c>); defaults to an explicit token.</summary>
    public TokenSource? TokenSource { get; init; }

    /// <summary>Read the token from this reader (the CLI's --token-stdin passes <c>Console.In</c>).</summary>
    public TextReader? StandardInput { get; init; }

    /// <summary>The profile the user named (-Profile / --profile); null when not named.</summary>
    public string? ProfileName { get; init; }

    /// <summary>An endpoint given on the command; overrides the profile's.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Do not consult METRICA_TOKEN (for commands that must use a saved profile).</summary>
    public bool IgnoreEnvironment { get; init; }

    /// <summary>
    /// Reads the token of a profile saved with <see cref="TokenStorageKind.SecretManagement"/>
    /// (the module passes a Get-Secret call). Without it such profiles fail with
    /// <see cref="AuthErrorIds.SecretManagementRequired"/>.
    /// </summary>
    public Func<MetricaProfile, MetricaToken>? SecretManagementReader { get; init; }

    /// <summary>
    /// How to give a token, in the front end's own words (its connect command, its switches),
    /// appended when no token is found. Null: a neutral sentence that names no command.
    /// </summary>
    public string? HowToGiveToken { get; init; }
}
