using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace MetricaChats.Internal;

/// <summary>
/// Runs asynchronous engine work from a cmdlet while keeping every PowerShell call on the
/// pipeline thread: background callbacks <see cref="Post"/> actions, and <see cref="Run{T}"/>
/// executes them on the thread that called it (PowerShell throws when <c>WriteObject</c> or
/// <c>WriteProgress</c> is called from another thread). Free of PowerShell types, so it is
/// tested without a PowerShell host.
/// </summary>
internal sealed class PipelineDispatcher : IDisposable
{
    private static readonly Action WakeUp = () => { };
    private readonly BlockingCollection<Action> _queue = new(new ConcurrentQueue<Action>());
    private readonly int _pipelineThreadId = Environment.CurrentManagedThreadId;

    /// <summary>True when called on the thread that created the dispatcher (the pipeline thread).</summary>
    public bool IsPipelineThread => Environment.CurrentManagedThreadId == _pipelineThreadId;

    /// <summary>
    /// Queues <paramref name="action"/> for the pipeline thread; runs it at once when already
    /// there. Actions posted after the work ended run at the next <see cref="Run{T}"/> or <see cref="Drain"/>.
    /// </summary>
    public void Post(Action action)
    {
        if (action is null)
        {
            throw new ArgumentNullException(nameof(action));
        }

        if (IsPipelineThread)
        {
            action();
            return;
        }

        Enqueue(action);
    }

    private void Enqueue(Action action)
    {
        try
        {
            _queue.Add(action);
        }
        catch (InvalidOperationException)
        {
            // Completed or disposed (ObjectDisposedException derives from it): the cmdlet has
            // ended, nothing may be written any more.
        }
    }

    /// <summary>
    /// Starts <paramref name="work"/> on the thread pool and, until it ends, runs posted actions
    /// on this thread; every <paramref name="tickInterval"/> without posts it calls
    /// <paramref name="onTick"/> (progress snapshots). Returns the work's result or rethrows
    /// its exception (an <see cref="OperationCanceledException"/> when cancelled).
    /// </summary>
    public T Run<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken, Action? onTick = null, TimeSpan? tickInterval = null)
    {
        if (work is null)
        {
            throw new ArgumentNullException(nameof(work));
        }

        if (!IsPipelineThread)
        {
            throw new InvalidOperationException("Run must be called on the pipeline thread.");
        }

        var task = Task.Run(() => work(cancellationToken), cancellationToken);
        // The wake-up is always queued, never run inline: when the work has already finished,
        // this continuation runs right here on the pipeline thread, and an inline no-op would
        // leave the loop below waiting for ever.
        _ = task.ContinueWith(static (_, state) => ((PipelineDispatcher)state!).Enqueue(WakeUp), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var wait = tickInterval is { } t && onTick is not null ? (int)Math.Max(1, t.TotalMilliseconds) : Timeout.Infinite;
        while (true)
        {
            if (_queue.TryTake(out var action, wait))
            {
                if (ReferenceEquals(action, WakeUp) && task.IsCompleted)
                {
                    break;
                }

                action();
            }
            else
            {
                onTick?.Invoke();
            }
        }

        Drain();
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="work"/> that has no result; see <see cref="Run{T}"/>.</summary>
    public void Run(Func<CancellationToken, Task> work, CancellationToken cancellationToken, Action? onTick = null, TimeSpan? tickInterval = null)
    {
        if (work is null)
        {
            throw new ArgumentNullException(nameof(work));
        }

        Run(async ct =>
        {
            await work(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken, onTick, tickInterval);
    }

    /// <summary>Runs every action already posted, on this thread.</summary>
    public void Drain()
    {
        while (_queue.TryTake(out var action))
        {
            if (!ReferenceEquals(action, WakeUp))
            {
                action();
            }
        }
    }

    /// <summary>An <see cref="IProgress{T}"/> whose reports run on the pipeline thread.</summary>
    public IProgress<T> CreateProgress<T>(Action<T> handler) => new DispatchedProgress<T>(this, handler);

    /// <inheritdoc />
    public void Dispose()
    {
        _queue.CompleteAdding();
        _queue.Dispose();
    }

    private sealed class DispatchedProgress<T> : IProgress<T>
    {
        private readonly PipelineDispatcher _dispatcher;
        private readonly Action<T> _handler;

        public DispatchedProgress(PipelineDispatcher dispatcher, Action<T> handler)
        {
            _dispatcher = dispatcher;
            _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        }

        public void Report(T value) => _dispatcher.Post(() => _handler(value));
    }
}
