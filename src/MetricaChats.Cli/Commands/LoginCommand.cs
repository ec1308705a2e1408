using System.CommandLine;
using MetricaChats.Cli.Output;
using MetricaChats.Core.Auth;

namespace MetricaChats.Cli.Commands;

/// <summary>
/// <c>metrica-chats login [--profile name] [--endpoint url] [--token-stdin]</c>: saves a token in
/// the operating system's protected store (DPAPI, Keychain, Secret Service), the same store and
/// profiles as the PowerShell module's <c>Connect-MetricaAccount -Save</c>.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(CliApp app)
    {
        var profile = new Option<string>("--profile")
        {
            Description = "The profile to save the token under (letters, digits, '_', '-', '.').",
            DefaultValueFactory = _ => MetricaProfile.DefaultName,
            HelpName = "name",
        };
        var endpoint = CliOptions.Endpoint();
        endpoint.Description = "The API base URL to save with the profile (default https://api-metrika.yandex.net; plain http only to loopback).";
        var tokenStdin = new Option<bool>("--token-stdin")
        {
            Description = "Read the token from standard input (its first line) instead of a prompt. Standard input that is not a terminal is read this way anyway.",
        };
        var allowUnprotected = new Option<bool>("--allow-unprotected-file")
        {
            Description = "Where no protected store exists (e.g. a server without a keyring), keep the token in a plain file only your user can read. Not encrypted: an explicit opt-in.",
        };
        var command = new Command("login", "Save a Yandex OAuth token under a profile, in the operating system's protected store, for later commands (and the PowerShell module).")
        {
            profile, endpoint, tokenStdin, allowUnprotected,
        };
        command.SetAction((parse, ct) =>
        {
            var settings = app.Settings(parse);
            return app.Guard(settings, () => Task.FromResult(Run(
                app.Console,
                settings,
                parse.GetValue(profile)!,
                parse.GetValue(endpoint),
                parse.GetValue(tokenStdin),
                parse.GetValue(allowUnprotected))));
        });
        return command;
    }

    private static int Run(CliConsole console, OutputSettings settings, string profileName, string? endpointText, bool tokenStdin, bool allowUnprotected)
    {
        var endpoint = CliConnection.ParseEndpoint(endpointText, "--endpoint") ?? MetricaConnection.DefaultEndpoint;
        MetricaProfileStore store;
        MetricaProfile saved;
        try
        {
            MetricaProfileStore.ValidateName(profileName);
            store = MetricaProfileStore.OpenDefault(console.GetEnvironmentVariable);
            using var token = ReadToken(console, tokenStdin);
            saved = store.Save(profileName, endpoint, token, allowUnprotected);
        }
        catch (MetricaAuthException ex)
        {
            throw new CliUsageException(ex.Message + TokenSources.Hint(ex.ErrorId, profileName), ex);
        }

        if (settings.Json)
        {
            JsonOut.WriteObject(console.Out, w => ProfileCommand.WriteProfile(w, saved, store));
        }
        else
        {
            console.Out.WriteLine($"Saved the token as profile '{saved.Name}' ({Describe(saved)}), endpoint {saved.Endpoint}.");
            console.Out.WriteLine(saved.Name == MetricaProfile.DefaultName
                ? "Commands use it when neither --token-stdin nor METRICA_TOKEN gives a token, e.g.: metrica-chats counters"
                : $"Use it with --profile {saved.Name}, e.g.: metrica-chats counters --profile {saved.Name}");
        }

        return ExitCodes.Success;
    }

    /// <summary>The token from a prompt without echo, or from standard input; never printed.</summary>
    private static MetricaToken ReadToken(CliConsole console, bool tokenStdin)
    {
        if (!tokenStdin && console.IsInputInteractive && console.ReadSecretLine is { } prompt)
        {
            console.Error.Write("Yandex OAuth token (input hidden): ");
            var typed = prompt();
            if (string.IsNullOrWhiteSpace(typed))
            {
                throw new CliUsageException("No token was typed. Get one as described in " + Help.DocsLinks.Security + ", then run 'metrica-chats login' again.");
            }

            try
            {
                return MetricaToken.FromString(typed);
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException("The typed text is not a token: " + ErrorText.Clean(ex.Message), ex);
            }
        }

        try
        {
            return TokenInput.ReadFrom(new FirstLineReader(console.In));
        }
        catch (MetricaAuthException ex)
        {
            throw new CliUsageException(ex.Message, ex);
        }
    }

    /// <summary>Where a profile's token is, in words.</summary>
    public static string Describe(MetricaProfile p) => p.StorageKind switch
    {
        TokenStorageKind.WindowsDpapi => "Windows DPAPI, protected",
        TokenStorageKind.MacKeychain => "macOS Keychain, protected",
        TokenStorageKind.LinuxSecretService => "Secret Service keyring, protected",
        TokenStorageKind.UnprotectedFile => "plain owner-only file, NOT encrypted",
        TokenStorageKind.SecretManagement => "PowerShell SecretManagement",
        _ => p.StorageKind.ToString(),
    };
}
