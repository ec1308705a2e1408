using System.CommandLine;
using System.Globalization;
using MetricaChats.Cli.Output;
using MetricaChats.Core.Linking;

namespace MetricaChats.Cli.Commands.Linking;

/// <summary><c>metrica-chats find-id [text...]</c>: the tracking id in each message (arguments, else standard input, one message a line).</summary>
internal static class FindIdCommand
{
    public static Command Create(CliApp app)
    {
        var text = new Argument<string[]>("text")
        {
            Description = "Messages to search (each argument one message); without any, standard input is read, one message a line.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var prefix = LinkingOptions.Prefix("Expected id prefix (with --length: ids must have exactly that format).");
        var length = LinkingOptions.Length("Expected random characters after the prefix (default: any id of 4 to 64 characters in a tag).");
        var tagKeyword = LinkingOptions.TagKeyword();
        var command = new Command("find-id", "Find the tracking id in chats' first messages or /start commands, however the pre-filled text was edited.")
        {
            text, prefix, length, tagKeyword,
        };
        command.SetAction((parse, ct) =>
        {
            var settings = app.Settings(parse);
            var json = settings.Json;
            return app.Guard(
                settings,
                () => Task.FromResult(Run(app.Console, json, parse.GetValue(text) ?? [], LinkingOptions.Extractor(parse.GetValue(prefix), parse.GetValue(length), parse.GetValue(tagKeyword)!), ct)));
        });
        return command;
    }

    private static IEnumerable<string> Messages(string[] arguments, TextReader input)
    {
        if (arguments.Length > 0)
        {
            foreach (var a in arguments)
            {
                yield return a;
            }

            yield break;
        }

        string? line;
        while ((line = input.ReadLine()) is not null)
        {
            if (line.Trim().Length > 0)
            {
                yield return line;
            }
        }
    }

    private static int Run(CliConsole console, bool json, string[] arguments, TrackingIdExtractor extractor, CancellationToken cancellationToken)
    {
        long n = 0, found = 0;
        var results = json ? new List<(long Message, TrackingIdMatch? Match)>() : null;
        foreach (var message in Messages(arguments, console.In))
        {
            cancellationToken.ThrowIfCancellationRequested();
            n++;
            var match = extractor.Find(message);
            results?.Add((n, match));
            if (match is null)
            {
                console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture, "message {0}: no tracking id in '{1}'", n, Shorten(message)));
                if (!json)
                {
                    console.Out.WriteLine(); // one output line per message, so line N answers message N
                }

                continue;
            }

            found++;
            if (match.IsAmbiguous)
            {
                console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture, "message {0}: more than one id ({1}); the first is shown", n, string.Join(", ", match.Candidates)));
            }

            if (!json)
            {
                console.Out.WriteLine(match.TrackingId);
            }
        }

        var code = n == 0 || found == n ? ExitCodes.Success : found == 0 ? ExitCodes.Failure : ExitCodes.Partial;
        if (json)
        {
            WriteJson(console, n, found, code, results!);
        }
        else
        {
            console.Out.Flush();
        }

        return code;
    }

    private static void WriteJson(CliConsole console, long n, long found, int code, List<(long Message, TrackingIdMatch? Match)> results)
    {
        JsonOut.WriteObject(console.Out, w =>
        {
            w.WriteNumber("messages", n);
            w.WriteNumber("found", found);
            w.WriteNumber("notFound", n - found);
            w.WriteNumber("exitCode", code);
            w.WriteStartArray("results");
            foreach (var (message, match) in results!)
            {
                w.WriteStartObject();
                w.WriteNumber("message", message);
                w.StringOrNull("trackingId", match?.TrackingId);
                w.StringOrNull("source", match?.Source.ToString());
                w.StringOrNull("raw", match?.Raw);
                w.WriteStartArray("otherIds");
                foreach (var other in match?.OtherIds ?? [])
                {
                    w.WriteStringValue(other);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private static string Shorten(string s) => s.Length > 80 ? s[..80] + "..." : s;
}
