namespace MetricaChats.Cli.Help;

/// <summary>
/// Where the documentation lives for someone who installed the tool (an installed tool has no
/// docs/ folder beside it, so messages give these addresses, never a repository path).
/// </summary>
internal static class DocsLinks
{
    private const string Base = "https://github.com/metricachats/MetricaChats/blob/main/docs/";

    /// <summary>The command-line tool's manual.</summary>
    public const string Cli = Base + "cli.md";

    /// <summary>How to get a token, and how it is kept.</summary>
    public const string Security = Base + "security.md";

    /// <summary>Every accepted column name and alias.</summary>
    public const string ChatFields = Base + "chat-fields.md";

    /// <summary>Linking chats to site visits.</summary>
    public const string Linking = Base + "linking.md";

    /// <summary>The JSON Schemas of --json output.</summary>
    public const string Schemas = Base + "schemas/";
}
