namespace MetricaChats.Cli;

/// <summary>The input file as a whole cannot be imported (empty, no usable header): exit code 1, nothing sent.</summary>
internal sealed class CliInputException : Exception
{
    public CliInputException(string message)
        : base(message)
    {
    }

    public CliInputException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public CliInputException()
    {
    }
}
