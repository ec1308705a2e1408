namespace MetricaChats.Core.Auth;

/// <summary>Where a resolved token came from.</summary>
public enum TokenSourceKind
{
    /// <summary>Passed explicitly (-Token, an API call).</summary>
    Explicit,

    /// <summary>Read from standard input (the CLI's --token-stdin).</summary>
    StandardInput,

    /// <summary>Read from a SecretManagement vault (-SecretName), by the module.</summary>
    SecretManagement,

    /// <summary>The METRICA_TOKEN environment variable.</summary>
    EnvironmentVariable,

    /// <summary>A saved profile's store.</summary>
    Profile,
}
