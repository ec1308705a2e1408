using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace MetricaChats.Cli.Help;

/// <summary>
/// Examples under every command's --help. Each example is a whole command line; a test parses
/// every one, so an example that no longer parses fails the build's tests.
/// </summary>
internal static class HelpExamples
{
    /// <summary>Examples by command path (the words after metrica-chats; empty for the root).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ByCommand = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [string.Empty] =
        [
            "metrica-chats import chats.csv --counter 12345 --sandbox --wait",
            "metrica-chats login",
            "metrica-chats import chats.csv --counter 12345 --wait --rejects rejects.csv",
            "metrica-chats status --counter 12345",
        ],
        ["import"] =
        [
            "metrica-chats import chats.csv --counter 12345 --sandbox --wait",
            "metrica-chats import chats.csv --counter 12345 --wait --wait-timeout 2h --rejects rejects.csv",
            "metrica-chats import chats.csv --counter 12345 --max-rejected 2% --json > result.json",
            "metrica-chats import chats.csv --counter 12345 --dry-run batches/",
            "metrica-chats import - --counter 12345 --token-stdin < token-then-csv.txt",
        ],
        ["status"] =
        [
            "metrica-chats status --counter 12345",
            "metrica-chats status --counter 12345 --id 987 --wait --wait-timeout 30m",
            "metrica-chats status --counter 12345 --limit 5 --json",
        ],
        ["calls-window"] =
        [
            "metrica-chats calls-window show --counter 12345",
            "metrica-chats calls-window enable --counter 12345",
        ],
        ["calls-window enable"] = ["metrica-chats calls-window enable --counter 12345"],
        ["calls-window disable"] = ["metrica-chats calls-window disable --counter 12345"],
        ["calls-window show"] = ["metrica-chats calls-window show --counter 12345 --json"],
        ["counters"] =
        [
            "metrica-chats counters",
            "metrica-chats counters --profile work --json",
        ],
        ["goals"] =
        [
            "metrica-chats goals --counter 12345",
            "metrica-chats goals --counter 12345 --chat",
            "metrica-chats goals --counter 12345 --chat --json",
        ],
        ["history"] =
        [
            "metrica-chats history",
            "metrica-chats history --counter 12345 --limit 5",
            "metrica-chats history --run 42 --json",
        ],
        ["login"] =
        [
            "metrica-chats login",
            "metrica-chats login --profile work < token.txt",
            "metrica-chats login --endpoint http://127.0.0.1:8080 --profile sandbox --token-stdin < token.txt",
        ],
        ["profile"] =
        [
            "metrica-chats profile list",
            "metrica-chats profile remove work",
        ],
        ["profile list"] = ["metrica-chats profile list --json"],
        ["profile remove"] = ["metrica-chats profile remove work"],
        ["sandbox"] =
        [
            "metrica-chats sandbox --port 8080",
            "metrica-chats sandbox --port 8080 --faults 503,applied-then-reset --fault-rate 0.3",
        ],
        ["tracking-id"] =
        [
            "metrica-chats tracking-id",
            "metrica-chats tracking-id --count 100 --prefix SHOP",
        ],
        ["link"] =
        [
            "metrica-chats link telegram-bot --target ShopHelpBot",
            "metrica-chats link whatsapp --target \"+7 900 123-45-67\" --message \"Hello! {tag}\"",
        ],
        ["find-id"] =
        [
            "metrica-chats find-id \"Hello! [#ref K7M2Q9XH4TPA]\"",
            "metrica-chats find-id < first-messages.txt",
        ],
        ["join"] =
        [
            "metrica-chats join chats.csv --site site-visits.csv --out joined.csv",
            "metrica-chats join chats.csv --site site-visits.csv | metrica-chats import - --counter 12345",
        ],
    };

    /// <summary>Replaces the help option's action with one that adds the command's examples after the usual help.</summary>
    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().First();
        if (help.Action is HelpAction inner)
        {
            help.Action = new WithExamples(inner);
        }
    }

    /// <summary>The words after metrica-chats of <paramref name="command"/>.</summary>
    public static string KeyOf(Command command) =>
        UsageErrors.PathOf(command) is var path && path.Length > "metrica-chats".Length ? path["metrica-chats ".Length..] : string.Empty;

    private sealed class WithExamples : SynchronousCommandLineAction
    {
        private readonly HelpAction _inner;

        public WithExamples(HelpAction inner)
        {
            _inner = inner;
        }

        public override int Invoke(ParseResult parseResult)
        {
            var code = _inner.Invoke(parseResult);
            if (ByCommand.TryGetValue(KeyOf(parseResult.CommandResult.Command), out var examples))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var example in examples)
                {
                    output.WriteLine("  " + example);
                }

                output.WriteLine();
                output.WriteLine("Exit codes: 0 success, 1 failure, 2 usage error, 3 partial, 4 sent but still processing, 130/143 stopped (Ctrl+C/SIGTERM).");
                output.WriteLine("Documentation: " + DocsLinks.Cli);
            }

            return code;
        }
    }
}
