using System.CommandLine;

namespace MetricaChats.Cli;

/// <summary>The options several commands share, created once so every command spells them the same.</summary>
internal static class CliOptions
{
    /// <summary>Machine-readable output on standard output.</summary>
    public static Option<bool> Json() => new("--json")
    {
        Description = "Write the result, or the error, as one JSON document on standard output (progress and messages stay on standard error).",
        Recursive = true,
    };

    /// <summary>Only what matters: errors and the result.</summary>
    public static Option<bool> Quiet() => new("--quiet", "-q")
    {
        Description = "Print only errors, the count of rejected rows, and the result line (no progress, warnings or batch lines).",
        Recursive = true,
    };

    /// <summary>Everything.</summary>
    public static Option<bool> Verbose() => new("--verbose", "-v")
    {
        Description = "Print every warning and rejected row one by one (not grouped), and where the token and endpoint came from.",
        Recursive = true,
    };

    /// <summary>The Metrica counter.</summary>
    public static Option<int> Counter(bool required) => new("--counter", "-c")
    {
        Description = "The Metrica counter id (digits; 'metrica-chats counters' lists them).",
        Required = required,
        HelpName = "id",
    };

    /// <summary>The API base URL.</summary>
    public static Option<string?> Endpoint() => new("--endpoint")
    {
        Description = "API base URL. Without it: METRICA_ENDPOINT, else the profile's, else https://api-metrika.yandex.net. Plain http only to loopback.",
        HelpName = "url",
    };

    /// <summary>Read the token from standard input.</summary>
    /// <param name="csvOnStandardInput">True for import, whose standard input can also carry the CSV ('import -').</param>
    public static Option<bool> TokenStdin(bool csvOnStandardInput) => new("--token-stdin")
    {
        Description = csvOnStandardInput
            ? "Read the OAuth token from standard input (with 'import -': its first line; the CSV follows)."
            : "Read the OAuth token from standard input (its first line).",
    };

    /// <summary>Stored profile name.</summary>
    public static Option<string?> Profile() => new("--profile")
    {
        Description = "Use the token and endpoint saved under this profile ('metrica-chats login --profile <name>'). Without it: METRICA_TOKEN, then the saved profile 'default'.",
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
        Description = "Start an embedded local Metrica sandbox for this run (demo token, the given counter) and use it; nothing leaves this machine. Needs the ASP.NET Core runtime.",
    };

    /// <summary>How long --wait may wait.</summary>
    public static Option<string?> WaitTimeout() => new("--wait-timeout")
    {
        Description = "With --wait: stop waiting after this long (e.g. 90s, 30m, 2h, 01:30:00) and exit 4: sent, still processing. Without it, waits until Metrica is done (up to about 2 hours).",
        HelpName = "duration",
    };
}
