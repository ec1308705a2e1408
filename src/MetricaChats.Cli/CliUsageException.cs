namespace MetricaChats.Cli;

/// <summary>A usage or setup problem (bad argument, missing file, no token): exit code 2, nothing sent.</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public CliUsageException()
    {
    }
}
