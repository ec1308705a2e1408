namespace MetricaChats.Cli;

/// <summary>Where to connect and with which token, as the user asked on the command line.</summary>
internal sealed class ConnectionRequest
{
    /// <summary>--endpoint, or null.</summary>
    public string? Endpoint { get; init; }

    /// <summary>--token-stdin.</summary>
    public bool TokenStdin { get; init; }

    /// <summary>--profile, or null.</summary>
    public string? Profile { get; init; }

    /// <summary>--sandbox: start an embedded sandbox for this run.</summary>
    public bool Sandbox { get; init; }

    /// <summary>--retry-budget as given (parsed when the connection opens, so a bad value is a usage error), or null for the client's default.</summary>
    public string? RetryBudget { get; init; }

    /// <summary>The counter the embedded sandbox should know (0 when the command has none).</summary>
    public int Counter { get; init; }
}
