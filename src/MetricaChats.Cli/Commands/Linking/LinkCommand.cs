using System.CommandLine;
using MetricaChats.Cli.Output;
using MetricaChats.Core.Linking;

namespace MetricaChats.Cli.Commands.Linking;

/// <summary><c>metrica-chats link &lt;messenger&gt; --target &lt;t&gt; [--id &lt;id&gt;] [--message &lt;text&gt;]</c>.</summary>
internal static class LinkCommand
{
    /// <summary>The messenger names on the command line, in <see cref="ChatLinkKind"/> order.</summary>
    public static readonly string[] Kinds = ["telegram-bot", "telegram-user", "telegram-share", "whatsapp", "viber-bot", "viber"];

    public static Command Create(CliApp app)
    {
        var kind = new Argument<string>("messenger")
        {
            Description = "The kind of link: bots (telegram-bot, viber-bot) carry the id in the start parameter or context; the others in a tag in the pre-filled message.",
        };
        kind.AcceptOnlyFromAmong(Kinds);
        var target = new Option<string>("--target", "-t")
        {
            Description = "Bot or user name, phone number (international format), Viber bot URI, or for telegram-share the URL to share.",
            Required = true,
            HelpName = "bot/user/phone",
        };
        var id = new Option<string?>("--id")
        {
            Description = "The tracking id to put into the link (without it, a new one is made).",
            HelpName = "tracking id",
        };
        var message = new Option<string?>("--message", "-m")
        {
            Description = "The pre-filled first message; {tag} marks where the tag goes, else it is appended (default \"Hello!\"). Not for telegram-bot.",
            HelpName = "text",
        };
        var prefix = LinkingOptions.Prefix("Without --id: the new id's prefix.");
        var length = LinkingOptions.Length("Without --id: the new id's random characters (default 12).");
        var tagKeyword = LinkingOptions.TagKeyword();
        var defaultRegion = ChatInputOptions.DefaultRegion();
        var command = new Command("link", "Make a messenger link that carries a tracking id (in the start parameter, or a tag in the pre-filled message).")
        {
            kind, target, id, message, prefix, length, tagKeyword, defaultRegion,
        };
        command.SetAction((parse, ct) =>
        {
            var settings = app.Settings(parse);
            var json = settings.Json;
            return app.Guard(
                settings,
                () => Task.FromResult(Run(
                    app.Console,
                    json,
                    parse.GetValue(kind)!,
                    parse.GetValue(target)!,
                    parse.GetValue(id),
                    parse.GetValue(message),
                    parse.GetValue(prefix),
                    parse.GetValue(length),
                    parse.GetValue(tagKeyword)!,
                    parse.GetValue(defaultRegion))));
        });
        return command;
    }

    /// <summary>The <see cref="ChatLinkKind"/> of a command-line messenger name.</summary>
    public static ChatLinkKind ToKind(string name) =>
        Enum.Parse<ChatLinkKind>(name.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true);

    /// <summary>The command-line name of a <see cref="ChatLinkKind"/>.</summary>
    public static string NameOf(ChatLinkKind kind) => Kinds[(int)kind - 1];

    private static int Run(CliConsole console, bool json, string messenger, string target, string? id, string? message, string? prefix, int length, string tagKeyword, string? defaultRegion)
    {
        var region = ChatInputOptions.ReadRegion(defaultRegion);
        var generated = false;
        if (id is null)
        {
            try
            {
                id = TrackingIdGenerator.NewId(new TrackingIdFormat(prefix, length == 0 ? TrackingIdFormat.DefaultLength : length));
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(LinkingOptions.Usage(ex), ex);
            }

            generated = true;
        }
        else if (prefix is not null || length != 0)
        {
            throw new CliUsageException("--prefix and --length shape a new id; with --id the id is given. Leave out one or the other.");
        }

        ChatLink link;
        try
        {
            link = new ChatLinkBuilder(tagKeyword, region, ChatInputOptions.Names).Build(ToKind(messenger), target, id, message);
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException(LinkingOptions.Usage(ex), ex);
        }

        var note = link.Messenger == ChatLinkKind.Viber
            ? "viber://chat links with text are not in Viber's documentation; a client that drops the text starts the chat without the id. Prefer viber-bot where you can."
            : null;
        if (json)
        {
            JsonOut.WriteObject(console.Out, w =>
            {
                w.WriteString("messenger", NameOf(link.Messenger));
                w.WriteString("chatPlatform", link.ChatPlatform.ToString().ToLowerInvariant());
                w.WriteString("target", link.Target);
                w.WriteString("trackingId", link.TrackingId);
                w.WriteBoolean("newId", generated);
                w.WriteString("tag", link.Tag);
                w.StringOrNull("text", link.Text);
                w.WriteString("url", link.Url);
                w.StringOrNull("note", note);
            });
            return ExitCodes.Success;
        }

        var o = console.Out;
        o.WriteLine(link.Url);
        o.WriteLine("  messenger    " + NameOf(link.Messenger) + " (ChatPlatform " + link.ChatPlatform.ToString().ToLowerInvariant() + ")");
        o.WriteLine("  target       " + link.Target);
        o.WriteLine("  tracking id  " + link.TrackingId + (generated ? "   (new: record it with the visitor's ClientId in the site records)" : string.Empty));
        if (link.Text is not null)
        {
            o.WriteLine("  tag          " + link.Tag);
            o.WriteLine("  text         " + link.Text.Replace("\n", "\\n", StringComparison.Ordinal));
        }
        else
        {
            o.WriteLine("  the bot receives '/start " + link.TrackingId + "' as the first message");
        }

        if (note is not null)
        {
            o.WriteLine("  note         " + note);
        }

        return ExitCodes.Success;
    }
}
