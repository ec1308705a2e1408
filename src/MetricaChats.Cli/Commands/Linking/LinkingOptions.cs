using System.CommandLine;
using MetricaChats.Core.Linking;

namespace MetricaChats.Cli.Commands.Linking;

/// <summary>The tracking id options the linking commands share, spelled once.</summary>
internal static class LinkingOptions
{
    public static Option<string?> Prefix(string description) => new("--prefix")
    {
        Description = description,
        HelpName = "P",
    };

    public static Option<int> Length(string description) => new("--length")
    {
        Description = description,
        HelpName = "L",
    };

    public static Option<string> TagKeyword() => new("--tag-keyword")
    {
        Description = "The keyword of the tag in pre-filled text, as in [#ref <id>].",
        DefaultValueFactory = _ => TrackingTag.DefaultKeyword,
        HelpName = "word",
    };

    /// <summary>An extractor for the expected id format; bad options are a usage error (exit 2).</summary>
    public static TrackingIdExtractor Extractor(string? prefix, int length, string tagKeyword)
    {
        try
        {
            return new TrackingIdExtractor(new TrackingIdExtractorOptions { Format = TrackingIdFormat.Expected(prefix, length), TagKeyword = tagKeyword });
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException(Usage(ex), ex);
        }
    }

    /// <summary>Core's message without the " (Parameter 'x')" suffix .NET appends.</summary>
    public static string Usage(ArgumentException ex)
    {
        var message = ex.Message;
        var at = ex.ParamName is null ? -1 : message.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }
}
