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
            });
        }
        catch (MetricaAuthException ex)
        {
            var hint = ex.ErrorId == AuthErrorIds.TokenNotFound ? " To try the tool without a token, add --sandbox." : string.Empty;
            throw new CliUsageException(ex.Message + hint, ex);
        }
    }
}
