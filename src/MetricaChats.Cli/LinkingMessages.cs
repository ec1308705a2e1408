namespace MetricaChats.Cli;

/// <summary>Core's argument messages without the " (Parameter 'x')" suffix .NET appends.</summary>
internal static class LinkingMessages
{
    public static string WithoutParameter(ArgumentException ex)
    {
        var message = ex.Message;
        var at = ex.ParamName is null ? -1 : message.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }
}
