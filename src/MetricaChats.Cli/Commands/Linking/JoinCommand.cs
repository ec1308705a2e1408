using System.CommandLine;
using MetricaChats.Core.Linking;

namespace MetricaChats.Cli.Commands.Linking;

/// <summary><c>metrica-chats join &lt;chats.csv|-&gt; --site &lt;site.csv&gt; [--out &lt;file.csv&gt;]</c>.</summary>
internal static class JoinCommand
{
    public static Command Create(CliApp app)
    {
        var chats = new Argument<string>("chats")
        {
            Description = "The chats (CSV: the import's chat columns plus TrackingId, FirstMessage or StartParameter), or '-' for standard input.",
        };
        var site = new Option<string>("--site", "-s")
        {
            Description = "The site's records of tracking id -> ClientId/UserId/Yclid/PurchaseId (CSV with a header).",
            Required = true,
            HelpName = "site.csv",
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Write the joined chats to this CSV (default: standard output). Required with --json.",
            HelpName = "file.csv",
        };
        var prefix = LinkingOptions.Prefix("Expected id prefix (with --length: ids must have exactly that format on both sides).");
        var length = LinkingOptions.Length("Expected random characters after the prefix (default: any id of 4 to 64 characters).");
        var tagKeyword = LinkingOptions.TagKeyword();
        var maxSiteIds = new Option<int>("--max-site-ids")
        {
            Description = "Most distinct site ids held in memory (about 300 bytes each).",
            DefaultValueFactory = _ => SiteVisitTable.DefaultMaxIds,
            HelpName = "n",
        };
        var encoding = ChatInputOptions.Encoding();
        var defaultRegion = ChatInputOptions.DefaultRegion();
        var timeZone = ChatInputOptions.TimeZone();
        var command = new Command("join", "Join chats to the site visits that produced them by tracking id, and write them as a chat CSV for 'import'.")
        {
            chats, site, output, prefix, length, tagKeyword, maxSiteIds, encoding, defaultRegion, timeZone,
        };
        command.SetAction((parse, ct) =>
        {
            var settings = app.Settings(parse);
            var json = settings.Json;
            var request = new JoinRequest
            {
                Chats = parse.GetValue(chats)!,
                Site = parse.GetValue(site)!,
                Out = parse.GetValue(output),
                Json = json,
                Prefix = parse.GetValue(prefix),
                Length = parse.GetValue(length),
                TagKeyword = parse.GetValue(tagKeyword)!,
                MaxSiteIds = parse.GetValue(maxSiteIds),
                Encoding = parse.GetValue(encoding),
                DefaultRegion = parse.GetValue(defaultRegion),
                TimeZone = parse.GetValue(timeZone),
            };
            return app.Guard(
                settings, () => Task.FromResult(new JoinRunner(app.Console, request).Run(ct)));
        });
        return command;
    }
}

/// <summary>What <c>join</c> was asked to do.</summary>
internal sealed record JoinRequest
{
    public required string Chats { get; init; }

    public required string Site { get; init; }

    public string? Out { get; init; }

    public bool Json { get; init; }

    public string? Prefix { get; init; }

    public int Length { get; init; }

    public string TagKeyword { get; init; } = TrackingTag.DefaultKeyword;

    public int MaxSiteIds { get; init; } = SiteVisitTable.DefaultMaxIds;

    public string? Encoding { get; init; }

    public string? DefaultRegion { get; init; }

    public string? TimeZone { get; init; }
}
