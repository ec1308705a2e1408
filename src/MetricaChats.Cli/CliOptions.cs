using System.CommandLine;

namespace MetricaChats.Cli;

/// <summary>The options several commands share, created once so every command spells them the same.</summary>
internal static class CliOptions
{
    /// <summary>Machine-readable output on standard output.</summary>
    public static Option<bool> Json() => new("--json")
    {
        Description = "Write the result as JSON on standard output (progress and messages stay on standard error).",
        Recursive = true,
    };

    /// <summary>The Metrica counter.</summary>
    public static Option<int> Counter(bool required) => new("--counter", "-c")
    {
        Description = "The Metrica counter id (digits).",
        Required = required,
        HelpName = "id",
    };

    /// <summary>The API base URL.</summary>
    public static Option<string?> Endpoint() => new("--endpoint")
    {
        Description = "API base URL (default: METRICA_ENDPOINT, else the profile's, else https://api-metrika.yandex.net). Plain http only to loopback.",
        HelpName = "url",
    };

    /// <summary>Read the token from the first line of standard input.</summary>
    public static Option<bool> TokenStdin() => new("--token-stdin")
    {
        Description = "Read the OAuth token from standard input (with 'import -': its first line, the CSV follows).",
    };

    /// <summary>Stored profile name.</summary>
    public static Option<string?> Profile() => new("--profile")
    {
        Description = "Use the token and endpoint stored under this profile (without it: METRICA_TOKEN, then the saved profile 'default').",
        HelpName = "name",
    };

    /// <summary>Run against an embedded sandbox.</summary>
    public static Option<string?> RetryBudget() => new("--retry-budget")
    {
        Description = "How long to wait out an outage (429, 5xx, timeouts, dropped connections) before giving up: seconds, or a number with s, m or h (default 10m; 0 turns retrying off).",
        HelpName = "time",
    };

    public static Option<bool> Sandbox() => new("--sandbox")
    {
        Description = "Start an embedded local Metrica sandbox for this run (demo token, the given counter) and use it. Nothing leaves this machine.",
    };
}
