namespace MetricaChats.Cli.Output;

/// <summary>
/// An <see cref="IProgress{T}"/> that runs the handler at once on the reporting thread
/// (<see cref="Progress{T}"/> would post it elsewhere and could print after the summary).
/// </summary>
internal sealed class InlineProgress<T> : IProgress<T>
{
    private readonly Action<T> _handler;

    public InlineProgress(Action<T> handler)
    {
        _handler = handler;
    }

    public void Report(T value) => _handler(value);
}
