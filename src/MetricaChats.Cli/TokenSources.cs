using MetricaChats.Cli.Help;
using MetricaChats.Core.Auth;

namespace MetricaChats.Cli;

/// <summary>
/// The CLI's token sources, through Core's <see cref="TokenResolver"/> (the same order the
/// PowerShell module uses): <c>--token-stdin</c>, an explicit <c>--profile</c>, the
/// <c>METRICA_TOKEN</c> environment variable, then the saved profile <c>default</c>. The token
/// is never printed; messages name only the source.
/// </summary>
internal static class TokenSources
{
    /// <summary>How a CLI user gives a token, appended when none is found.</summary>
    public static readonly string HowToGiveToken =
        "Give one: 'metrica-chats login' saves it (OS-protected); or set METRICA_TOKEN; or pipe it in with --token-stdin. "
        + "To try the tool without a token, add --sandbox. How to get a token with the metrika:write and metrika:read scopes: " + DocsLinks.Security;

    /// <summary>
    /// Resolves the connection. With <paramref name="firstLineOnly"/> (<c>import - --token-stdin</c>)
    /// only the first line of standard input is the token; the CSV follows it.
    /// </summary>
    public static MetricaConnection Resolve(ConnectionRequest request, CliConsole console, Uri? endpoint, bool firstLineOnly)
    {
        TextReader? stdin = null;
        if (request.TokenStdin)
        {
            // With 'import -' only the first line is the token; the CSV follows on the same stream.
            stdin = firstLineOnly ? new FirstLineReader(console.In) : console.In;
        }

        try
        {
            var store = MetricaProfileStore.OpenDefault(console.GetEnvironmentVariable);
            var resolver = new TokenResolver(store, console.GetEnvironmentVariable);
            return resolver.Resolve(new TokenRequest
            {
                StandardInput = stdin,
                ProfileName = request.Profile,
                Endpoint = endpoint,
                HowToGiveToken = HowToGiveToken,
            });
        }
        catch (MetricaAuthException ex)
        {
            throw new CliUsageException(ex.Message + Hint(ex.ErrorId, request.Profile), ex);
        }
    }

    /// <summary>The CLI's words after an auth error whose Core message is neutral.</summary>
    public static string Hint(string errorId, string? profile) => errorId switch
    {
        AuthErrorIds.ProfileNotFound => $" Save one with 'metrica-chats login --profile {profile ?? MetricaProfile.DefaultName}', or list them with 'metrica-chats profile list'.",
        AuthErrorIds.ProtectedStoreUnavailable => " With 'metrica-chats login', --allow-unprotected-file is that opt-in; or keep the token in METRICA_TOKEN (e.g. from a systemd credential or your scheduler's secret store).",
        _ => string.Empty,
    };
}
