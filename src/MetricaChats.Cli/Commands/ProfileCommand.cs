using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MetricaChats.Cli.Output;
using MetricaChats.Core.Auth;

namespace MetricaChats.Cli.Commands;

/// <summary><c>metrica-chats profile list</c> and <c>profile remove &lt;name&gt;</c>: the saved profiles (shared with the PowerShell module).</summary>
internal static class ProfileCommand
{
    public static Command Create(CliApp app)
    {
        var command = new Command("profile", "List or remove the profiles saved with 'metrica-chats login' (the PowerShell module shares them).");
        var list = new Command("list", "List the saved profiles: name, endpoint, where the token is kept, when it was saved. Never the token.");
        list.SetAction((parse, ct) =>
        {
            var settings = app.Settings(parse);
            return app.Guard(settings, () => Task.FromResult(List(app.Console, settings)));
        });
        var name = new Argument<string>("name") { Description = "The profile to remove (its token is deleted from its store)." };
        var remove = new Command("remove", "Remove a saved profile and delete its token from the protected store.") { name };
        remove.SetAction((parse, ct) =>
        {
            var settings = app.Settings(parse);
            return app.Guard(settings, () => Task.FromResult(Remove(app.Console, settings, parse.GetValue(name)!)));
        });
        command.Subcommands.Add(list);
        command.Subcommands.Add(remove);
        return command;
    }

    /// <summary>A profile's fields in --json (login, profile list).</summary>
    public static void WriteProfile(Utf8JsonWriter w, MetricaProfile p, MetricaProfileStore store)
    {
        w.WriteString("name", p.Name);
        w.WriteString("endpoint", p.Endpoint.ToString());
        w.WriteString("storage", p.StorageKind.ToString());
        w.WriteBoolean("protected", p.IsProtected);
        w.WriteString("savedAt", p.SavedAt.UtcDateTime);
        w.WriteString("configDirectory", store.ConfigDirectory);
    }

    private static int List(CliConsole console, OutputSettings settings)
    {
        var store = MetricaProfileStore.OpenDefault(console.GetEnvironmentVariable);
        var profiles = store.List();
        if (settings.Json)
        {
            JsonOut.WriteObject(console.Out, w =>
            {
                w.WriteString("configDirectory", store.ConfigDirectory);
                w.WriteStartArray("profiles");
                foreach (var p in profiles)
                {
                    w.WriteStartObject();
                    WriteProfile(w, p, store);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
            return ExitCodes.Success;
        }

        if (profiles.Count == 0)
        {
            console.Out.WriteLine($"No saved profiles (in {store.ConfigDirectory}). Save one with 'metrica-chats login'.");
            return ExitCodes.Success;
        }

        console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-16} {1,-36} {2,-36} {3}", "NAME", "ENDPOINT", "TOKEN KEPT IN", "SAVED (UTC)"));
        foreach (var p in profiles)
        {
            console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-16} {1,-36} {2,-36} {3:yyyy-MM-dd HH:mm}", p.Name, p.Endpoint, LoginCommand.Describe(p), p.SavedAt.UtcDateTime));
        }

        return ExitCodes.Success;
    }

    private static int Remove(CliConsole console, OutputSettings settings, string name)
    {
        ProfileRemoval removal;
        try
        {
            var store = MetricaProfileStore.OpenDefault(console.GetEnvironmentVariable);
            removal = store.Remove(name);
        }
        catch (MetricaAuthException ex)
        {
            throw new CliUsageException(ex.Message, ex);
        }

        if (!removal.Existed)
        {
            throw new CliUsageException($"No profile named '{name}' is saved; 'metrica-chats profile list' shows the saved ones.");
        }

        if (removal.Warning is { } warning)
        {
            console.Error.WriteLine("warning: " + warning);
        }

        if (settings.Json)
        {
            JsonOut.WriteObject(console.Out, w =>
            {
                w.WriteString("removed", removal.Name);
                w.StringOrNull("warning", removal.Warning);
            });
        }
        else if (!settings.Quiet)
        {
            console.Out.WriteLine($"Removed profile '{removal.Name}' and its token.");
        }

        return ExitCodes.Success;
    }
}
