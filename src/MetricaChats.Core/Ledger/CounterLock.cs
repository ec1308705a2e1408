using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MetricaChats.Core.Ledger;

/// <summary>
/// One import at a time per counter and ledger: an exclusive lock on a small file beside the
/// ledger (<c>ledger.db.scope-1.lock</c>, a scope being an endpoint, a counter and an upload kind), held for the whole run. The operating system
/// releases it when the process ends, however it ends, so a killed run never leaves the
/// counter locked. Works between processes and between runspaces of one process.
/// </summary>
public sealed class CounterLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private FileStream? _file;

    private CounterLock(FileStream file, string path)
    {
        _file = file;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>
    /// Takes the counter's lock, waiting up to <paramref name="wait"/> while another run holds it
    /// (<paramref name="waiting"/> is told once who holds it). Zero waits not at all.
    /// </summary>
    /// <exception cref="LedgerException">Another run still holds the counter after the wait.</exception>
    internal static async Task<CounterLock> AcquireAsync(ImportLedger ledger, LedgerScope scope, TimeSpan wait, Action<string>? waiting, CancellationToken cancellationToken)
    {
        var counterId = scope.CounterId;
        var path = ledger.Path + ".scope-" + scope.Id.ToString(CultureInfo.InvariantCulture) + ".lock";
        var deadline = DateTime.UtcNow + (wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
        var told = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                // FileShare.None is an exclusive lock on every OS (.NET takes flock(LOCK_EX) on Unix).
                var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                return new CounterLock(file, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                var holder = Describe(ledger.RunningRun(scope));
                if (DateTime.UtcNow >= deadline)
                {
                    throw new LedgerException("Another import into counter " + counterId.ToString(CultureInfo.InvariantCulture) + " is running" + holder + ", and it still was after waiting " + Seconds(wait) + ". Two runs at once could send the same chats twice, so this one sent nothing. Run it again when the other has finished.") { CounterBusy = true };
                }

                if (!told)
                {
                    told = true;
                    waiting?.Invoke("Another import into counter " + counterId.ToString(CultureInfo.InvariantCulture) + " is running" + holder + "; waiting up to " + Seconds(wait) + " for it to finish.");
                }
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var file = Interlocked.Exchange(ref _file, null);
        file?.Dispose();
    }

    private static string Describe(LedgerRun? run) =>
        run is null ? string.Empty : string.Format(CultureInfo.InvariantCulture, " (run {0}, process {1} on {2}, started {3:yyyy-MM-dd HH:mm:ss} UTC)", run.Id, run.ProcessId, run.Host, run.StartedAt.UtcDateTime);

    private static string Seconds(TimeSpan wait) =>
        wait.TotalSeconds < 1 ? "0 s" : wait.TotalMinutes >= 1 && wait.Seconds == 0 ? wait.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min" : wait.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s";
}
