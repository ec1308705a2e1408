using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace MetricaChats.Cli.Help;

/// <summary>
/// The parser's errors in the tool's words: no .NET type names ("System.Int32"), and a
/// "did you mean" for a mistyped command, option or value.
/// </summary>
internal static partial class UsageErrors
{
    /// <summary>The messages for a failed parse, one per problem (duplicates dropped).</summary>
    public static IReadOnlyList<string> Describe(ParseResult parse)
    {
        var messages = new List<string>();
        var command = parse.CommandResult.Command;
        var unmatched = parse.UnmatchedTokens.ToList();
        var reportedUnmatched = false;
        foreach (var error in parse.Errors)
        {
            var text = error.Message;
            if (text.StartsWith("Unrecognized command or argument", StringComparison.Ordinal))
            {
                // One message for all unmatched tokens; the first is usually the typo, the rest its value.
                if (reportedUnmatched)
                {
                    continue;
                }

                reportedUnmatched = true;
                text = Unrecognized(command, unmatched);
            }
            else if (text.StartsWith("Required command was not provided", StringComparison.Ordinal))
            {
                if (unmatched.Count > 0)
                {
                    continue; // "Unknown command 'improt'. Did you mean 'import'?" says it better
                }

                text = "Give a command: " + string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)) + ".";
            }
            else if (CannotParse().Match(text) is { Success: true } m)
            {
                text = $"{m.Groups["symbol"].Value}: '{m.Groups["value"].Value}' is not {Expected(m.Groups["type"].Value)}.";
            }
            else if (NotFromAmong().Match(text) is { Success: true } n)
            {
                var value = n.Groups["value"].Value;
                var allowed = AllowedValues(text);
                text = $"'{value}' is not one of: {string.Join(", ", allowed)}." + Suggestion(value, allowed);
            }
            else if (RequiredArgument().Match(text) is { Success: true } r)
            {
                var argument = command.Arguments.FirstOrDefault();
                text = argument is null
                    ? $"'{r.Groups["command"].Value}' needs an argument."
                    : $"'{r.Groups["command"].Value}' needs <{argument.Name}>: {argument.Description}";
            }

            text = TypeNames().Replace(text, match => Expected(match.Value));
            if (!messages.Contains(text))
            {
                messages.Add(text);
            }
        }

        return messages;
    }

    /// <summary>"Unknown option '--countr'. Did you mean '--counter'?", for the first unmatched token.</summary>
    private static string Unrecognized(Command command, List<string> unmatched)
    {
        var token = unmatched.FirstOrDefault() ?? string.Empty;
        if (token.StartsWith('-'))
        {
            var options = AllOptions(command).SelectMany(o => o.Aliases.Append(o.Name)).Distinct().ToList();
            return $"Unknown option '{token}' for '{PathOf(command)}'." + Suggestion(token, options);
        }

        var subcommands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        if (subcommands.Count > 0)
        {
            return $"Unknown command '{token}'." + (Suggestion(token, subcommands) is { Length: > 0 } s ? s : " Commands: " + string.Join(", ", subcommands) + ".");
        }

        return $"Unexpected argument '{token}' for '{PathOf(command)}'" + (unmatched.Count > 1 ? $" (and {unmatched.Count - 1} more)" : string.Empty) + ".";
    }

    /// <summary>" Did you mean 'x'?" for the closest candidate, or empty when none is close.</summary>
    public static string Suggestion(string typed, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (Candidate: c, Distance: Distance(typed.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(1, c.Candidate.TrimStart('-').Length / 3) || (typed.TrimStart('-').Length >= 3 && c.Candidate.TrimStart('-').StartsWith(typed.TrimStart('-'), StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .Select(c => c.Candidate)
            .FirstOrDefault();
        return best is null ? string.Empty : $" Did you mean '{best}'?";
    }

    /// <summary>The command as typed from the root, e.g. "metrica-chats calls-window enable".</summary>
    public static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Add(c is RootCommand ? "metrica-chats" : c.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    private static IEnumerable<Option> AllOptions(Command command)
    {
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            foreach (var option in c.Options)
            {
                if (c == command || option.Recursive)
                {
                    yield return option;
                }
            }
        }
    }

    // The parser lists the accepted values after "Must be one of:", each in quotes.
    private static List<string> AllowedValues(string message) =>
        Quoted().Matches(message[(message.IndexOf("Must be one of:", StringComparison.Ordinal) + 15)..]).Select(m => m.Groups[1].Value).ToList();

    private static string Expected(string type) => type switch
    {
        "System.Int32" or "System.Int64" or "System.Int16" => "a whole number",
        "System.Double" or "System.Decimal" or "System.Single" => "a number",
        "System.Boolean" => "true or false",
        "System.TimeSpan" => "a duration",
        _ => "a valid value",
    };

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (option|command|argument) '(?<symbol>[^']*)' as expected type '(?<type>[^']*)'\.", RegexOptions.Singleline)]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^Argument '(?<value>.*)' not recognized\. Must be one of:", RegexOptions.Singleline)]
    private static partial Regex NotFromAmong();

    [GeneratedRegex(@"^Required argument missing for command: '(?<command>[^']*)'\.")]
    private static partial Regex RequiredArgument();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"System\.[A-Za-z0-9_.`\[\]]+")]
    private static partial Regex TypeNames();
}
