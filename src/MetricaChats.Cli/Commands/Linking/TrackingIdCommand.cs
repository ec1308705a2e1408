using System.CommandLine;
using System.Globalization;
using MetricaChats.Cli.Output;
using MetricaChats.Core.Linking;

namespace MetricaChats.Cli.Commands.Linking;

/// <summary><c>metrica-chats tracking-id [--count N] [--prefix P] [--length L]</c>.</summary>
internal static class TrackingIdCommand
{
    /// <summary>Most ids one run makes (--json holds them all in one document).</summary>
    public const int MaxCount = 10_000_000;

    public static Command Create(CliApp app)
    {
        var count = new Option<int>("--count", "-n")
        {
            Description = "How many ids to make.",
            DefaultValueFactory = _ => 1,
            HelpName = "N",
        };
        var prefix = LinkingOptions.Prefix("A prefix for every id (letters, digits, '_' and '-'; kept in upper case), e.g. SHOP-.");
        var length = LinkingOptions.Length("Random characters after the prefix (default 12, at least 6; prefix + length at most 64).");
        var command = new Command("tracking-id", "Make new chat tracking ids: short, unambiguous (no 0/O, 1/I/L), valid in a Telegram start parameter.")
        {
            count, prefix, length,
        };
        command.SetAction((parse, ct) =>
        {
            var settings = app.Settings(parse);
            var json = settings.Json;
            return app.Guard(
                settings, () => Task.FromResult(Run(app.Console, json, parse.GetValue(count), parse.GetValue(prefix), parse.GetValue(length), ct)));
        });
        return command;
    }

    private static int Run(CliConsole console, bool json, int count, string? prefix, int length, CancellationToken cancellationToken)
    {
        if (count < 1 || count > MaxCount)
        {
            throw new CliUsageException(string.Format(CultureInfo.InvariantCulture, "--count {0} is out of range: give 1 to {1:N0}.", count, MaxCount));
        }

        TrackingIdFormat format;
        try
        {
            format = new TrackingIdFormat(prefix, length == 0 ? TrackingIdFormat.DefaultLength : length);
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException(LinkingOptions.Usage(ex), ex);
        }

        using var generator = new TrackingIdGenerator(format);
        if (json)
        {
            JsonOut.WriteObject(console.Out, w =>
            {
                w.WriteString("prefix", format.Prefix);
                w.WriteNumber("length", format.Length);
                w.WriteString("alphabet", TrackingIdFormat.Alphabet);
                w.WriteNumber("entropyBits", Math.Round(format.EntropyBits, 1));
                w.WriteStartArray("ids");
                for (var i = 0; i < count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    w.WriteStringValue(generator.Next());
                }

                w.WriteEndArray();
            });
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                console.Out.WriteLine(generator.Next());
            }

            console.Out.Flush();
        }

        return ExitCodes.Success;
    }
}
