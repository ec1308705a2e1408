using System.CommandLine;
using System.Text;
using MetricaChats.Core.Chats;

namespace MetricaChats.Cli.Commands;

/// <summary>
/// The chat input options of import, join and link (--encoding, --default-region, --timezone), spelled
/// once, checked before anything is read, and the names the engine's messages use for them.
/// </summary>
internal static class ChatInputOptions
{
    /// <summary>How the engine's messages name this front end's settings.</summary>
    public static ChatOptionNames Names { get; } = new()
    {
        EncodingOption = "--encoding {0}",
        DefaultRegionOption = "--default-region {0}",
        TimeZoneOption = "--timezone {0}",
        ExtendedWindowCommand = "the extended window (metrica-chats calls-window enable --counter <id>)",
    };

    public static Option<string?> Encoding() => new("--encoding")
    {
        Description = "The file's encoding when it has no byte order mark: auto (default: UTF-8, or Windows-1251 detected with a notice), utf-8, windows-1251, koi8-r, cp866, utf-16, ... Files only: standard input is read as UTF-8.",
        HelpName = "name",
    };

    public static Option<string?> DefaultRegion() => new("--default-region")
    {
        Description = "The country of phone numbers written without a country code, as an ISO code (RU, KZ, BY, ...): 8 (912) 000-00-00 becomes +79120000000. Default: none (such numbers are rejected).",
        HelpName = "code",
    };

    public static Option<string?> TimeZone() => new("--timezone")
    {
        Description = "The time zone of times without an offset (21.11.2026 14:30): an IANA or Windows id (Europe/Moscow, Russian Standard Time), UTC, or +03:00. Default: this machine's zone.",
        HelpName = "zone",
    };

    /// <summary>The encoding named by --encoding (null: detect); a usage error when unknown or given for standard input.</summary>
    public static Encoding? ReadEncoding(string? name, string file)
    {
        if (!ChatTextEncodings.TryFind(name, out var encoding, out var problem))
        {
            throw new CliUsageException("--encoding: " + problem);
        }

        if (encoding is not null && file == "-" && encoding.CodePage != 65001)
        {
            throw new CliUsageException("--encoding applies to files: standard input is read as UTF-8. Save the input to a file and give its name, or convert it to UTF-8 first (iconv -f " + name + " -t utf-8).");
        }

        return encoding;
    }

    /// <summary>The region of --default-region (null: none); a usage error when unknown.</summary>
    public static string? ReadRegion(string? text) =>
        PhoneRegions.TryParse(text, out var region, out var problem) ? region : throw new CliUsageException("--default-region: " + problem);

    /// <summary>The zone of --timezone (null: this machine's); a usage error when unknown.</summary>
    public static TimeZoneInfo? ReadTimeZone(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return ChatTimeZones.TryFind(text, out var zone, out var problem) ? zone : throw new CliUsageException("--timezone: " + problem);
    }
}
