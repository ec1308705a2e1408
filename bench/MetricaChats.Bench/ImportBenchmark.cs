using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Import;
using MetricaChats.Core.Wire;

namespace MetricaChats.Bench;

/// <summary>
/// The whole import into the sandbox over loopback: generated ChatRecords -> normalise ->
/// batch (engine defaults) -> upload (MetricaClient, 2 parallel) -> summary; against the
/// physical limit: the same rows as one pre-built CSV sent in one request. The sandbox runs
/// as a separate process (so the peak memory figure is the importer's alone) and keeps counts,
/// not rows.
/// </summary>
internal static class ImportBenchmark
{
    private const string Token = "bench-token";
    private const int Counter = 12345;

    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var rows = 1_000_000;
        var parallel = 2;
        var profile = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--events" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                rows = n;
                i++;
            }
            else if (args[i] == "--parallel" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0)
            {
                parallel = p;
                i++;
            }
            else if (args[i] == "--profile")
            {
                profile = true;
            }
            else
            {
                Console.Error.WriteLine($"import: unknown option '{args[i]}'. Usage: import [--events N] [--parallel N] [--profile]");
                return 2;
            }
        }

        if (profile)
        {
            Profile(rows);
        }

        using var sandbox = SandboxProcess.Start();
        var now = DateTimeOffset.UtcNow;
        Console.WriteLine($"MetricaChats import benchmark: {rows:N0} rows into the sandbox at {sandbox.Endpoint} (separate process), .NET {Environment.Version}, {Environment.ProcessorCount} cores, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");

        using var token = MetricaToken.FromString(Token);
        using var client = new MetricaClient(token, new MetricaClientOptions { Endpoint = sandbox.Endpoint, UseSystemProxy = false, MaxRequestsPerSecond = 10 });

        // Warm-up: JIT and connections, not measured.
        await ChatImporter.ImportAsync(Records(20_000, now), client, new ChatImportOptions { CounterId = Counter });
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // Peak memory: one import before anything big is allocated, read from the kernel's high-water mark.
        var beforeRuns = Process.GetCurrentProcess().WorkingSet64;
        var first = await ChatImporter.ImportAsync(Records(rows, now), client, new ChatImportOptions { CounterId = Counter, MaxParallelUploads = parallel });
        var importPeak = MemorySampler.ReadPeakFromProc();
        if (!first.Completed)
        {
            Console.Error.WriteLine("import did not complete: " + first);
            return 1;
        }

        // The physical limit: the same rows as one CSV file, built beforehand, sent in one request.
        var normalizer = new ChatEventNormalizer();
        var builder = new ChatBatchBuilder(new ChatBatchOptions { MaxRows = int.MaxValue, MaxBytes = ChatBatchOptions.MetricaFileLimit });
        foreach (var record in Records(rows, now))
        {
            if (normalizer.Normalize(record).Event is { } e)
            {
                builder.Add(e);
            }
        }

        var bytes = builder.Complete()!.ToArray();
        builder = null;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // Alternate the two, three times each, so both see the same machine load; report medians.
        var imports = new List<Measured>();
        var singles = new List<Measured>();
        long peakWorkingSet = 0;
        long peakHeap = 0;
        var batches = 0;
        for (var round = 0; round < 3; round++)
        {
            using (var sampler = new MemorySampler())
            {
                var run = await MeasureAsync(client, sandbox, async () =>
                {
                    var summary = await ChatImporter.ImportAsync(Records(rows, now), client, new ChatImportOptions { CounterId = Counter, MaxParallelUploads = parallel });
                    if (!summary.Completed || summary.Sent != rows)
                    {
                        throw new InvalidOperationException("import did not complete: " + summary);
                    }

                    batches = summary.Batches;
                });
                sampler.Stop();
                peakWorkingSet = Math.Max(peakWorkingSet, sampler.PeakWorkingSet);
                peakHeap = Math.Max(peakHeap, sampler.PeakHeap);
                imports.Add(run);
            }

            singles.Add(await MeasureAsync(client, sandbox, async () =>
            {
                // One POST of the same bytes, no client work beyond the request itself.
                var upload = await client.PostUploadAsync(UploadKind.Chats, Counter, "bench baseline", (s, ct) => s.WriteAsync(bytes, 0, bytes.Length, ct), bytes.Length, null, new RetryBudget(TimeSpan.FromMinutes(1)), CancellationToken.None);
                if (upload.SourceQuantity != rows)
                {
                    throw new InvalidOperationException($"baseline upload counted {upload.SourceQuantity} rows");
                }
            }));
        }

        var import = Median(imports);
        var single = Median(singles);
        Console.WriteLine();
        Console.WriteLine($"import (ChatImporter: records -> normalise -> batch 100k rows -> upload, {parallel} in parallel), median of 3");
        Console.WriteLine($"  {rows:N0} rows in {import.Wall.TotalMilliseconds:N0} ms: {rows / import.Wall.TotalSeconds:N0} rows/s; {batches} batches, {import.Requests} requests");
        Console.WriteLine($"  CPU: importer {import.ClientCpu.TotalMilliseconds:N0} ms, sandbox {import.SandboxCpu.TotalMilliseconds:N0} ms");
        Console.WriteLine($"  peak memory of the process through a first import: {Mb(importPeak)} MB (kernel high-water mark; {Mb(beforeRuns)} MB before it)");
        Console.WriteLine($"  sampled during the timed imports: working set up to {Mb(peakWorkingSet)} MB (holding the baseline's {Mb(bytes.Length)} MB file too), GC heap up to {Mb(peakHeap)} MB");
        Console.WriteLine();
        Console.WriteLine("baseline (the same rows as one pre-built CSV, one request), median of 3");
        Console.WriteLine($"  {bytes.Length:N0} bytes in {single.Wall.TotalMilliseconds:N0} ms: {rows / single.Wall.TotalSeconds:N0} rows/s; {single.Requests} request");
        Console.WriteLine($"  CPU: client {single.ClientCpu.TotalMilliseconds:N0} ms, sandbox {single.SandboxCpu.TotalMilliseconds:N0} ms");
        Console.WriteLine();
        Console.WriteLine($"import / baseline: {import.Wall.TotalSeconds / single.Wall.TotalSeconds:N2}x wall clock (target: within 1.5x); {(import.ClientCpu + import.SandboxCpu).TotalSeconds / (single.ClientCpu + single.SandboxCpu).TotalSeconds:N2}x total CPU");
        Console.WriteLine("all rounds (wall ms, import/baseline): " + string.Join("; ", imports.Zip(singles, (a, b) => $"{a.Wall.TotalMilliseconds:N0}/{b.Wall.TotalMilliseconds:N0}")));
        Console.WriteLine($"load average at the end: {LoadAverage()}");
        return 0;
    }

    private static async Task<Measured> MeasureAsync(MetricaClient client, SandboxProcess sandbox, Func<Task> action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var sandboxCpu = sandbox.Cpu;
        var requests = client.RequestCount;
        var watch = Stopwatch.StartNew();
        await action();
        watch.Stop();
        self.Refresh();
        return new Measured(watch.Elapsed, self.TotalProcessorTime - cpu, sandbox.Cpu - sandboxCpu, client.RequestCount - requests);
    }

    private static Measured Median(List<Measured> runs) => runs.OrderBy(r => r.Wall).ElementAt(runs.Count / 2);

    private sealed record Measured(TimeSpan Wall, TimeSpan ClientCpu, TimeSpan SandboxCpu, long Requests);

    private static void Profile(int rows)
    {
        var now = DateTimeOffset.UtcNow;
        var normalizer = new ChatEventNormalizer();
        for (var round = 0; round < 2; round++)
        {
            var self = Process.GetCurrentProcess();
            var cpu = self.TotalProcessorTime;
            long n = 0;
            foreach (var r in Records(rows, now))
            {
                n += r.RowNumber;
            }

            self.Refresh();
            var gen = self.TotalProcessorTime - cpu;
            cpu = self.TotalProcessorTime;
            foreach (var r in Records(rows, now))
            {
                n += normalizer.Normalize(r).Event is null ? 0 : 1;
            }

            self.Refresh();
            var norm = self.TotalProcessorTime - cpu;
            cpu = self.TotalProcessorTime;
            var builder = new ChatBatchBuilder();
            foreach (var r in Records(rows, now))
            {
                if (normalizer.Normalize(r).Event is { } e)
                {
                    builder.Add(e)?.WriteToAsync(Stream.Null).GetAwaiter().GetResult();
                }
            }

            self.Refresh();
            var all = self.TotalProcessorTime - cpu;
            Console.WriteLine($"profile round {round}: generate {gen.TotalMilliseconds:N0} ms, generate+normalise {norm.TotalMilliseconds:N0} ms, +batch+write {all.TotalMilliseconds:N0} ms CPU ({n})");
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Varied, valid records (ids, phones, tags, revenue), generated lazily.</summary>
    private static IEnumerable<ChatRecord> Records(int count, DateTimeOffset now)
    {
        var start = now.AddDays(-3).ToUnixTimeSeconds();
        string[] platforms = { "whatsapp", "Telegram", "viber", "tg", "WA" };
        for (var i = 1; i <= count; i++)
        {
            yield return new ChatRecord
            {
                RowNumber = i,
                DateTime = (start + (i % 200_000)).ToString(CultureInfo.InvariantCulture),
                ChatPlatform = platforms[i % platforms.Length],
                ChatUserId = "user" + i.ToString(CultureInfo.InvariantCulture),
                PhoneNumber = i % 4 == 0 ? "+7 (912) 555-" + (i % 10000).ToString("D4", CultureInfo.InvariantCulture) : null,
                ClientId = i % 3 == 0 ? null : (1_600_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture),
                Tag = i % 5 == 0 ? "campaign-" + (i % 17).ToString(CultureInfo.InvariantCulture) : null,
                Revenue = i % 7 == 0 ? "1500.50" : null,
                Currency = i % 7 == 0 ? "RUB" : null,
            };
        }
    }

    /// <summary>Samples the working set and GC heap every 20 ms.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peakWorkingSet;
        private long _peakHeap;

        public MemorySampler()
        {
            _timer = new Timer(_ => Sample(), null, 0, 20);
        }

        public long PeakWorkingSet => Interlocked.Read(ref _peakWorkingSet);

        public long PeakHeap => Interlocked.Read(ref _peakHeap);

        public void Stop()
        {
            _timer.Change(Timeout.Infinite, Timeout.Infinite);
            Sample();
        }

        public void Dispose() => _timer.Dispose();

        private void Sample()
        {
            using var process = Process.GetCurrentProcess();
            Max(ref _peakWorkingSet, process.WorkingSet64);
            Max(ref _peakHeap, GC.GetTotalMemory(false));
        }

        private static void Max(ref long field, long value)
        {
            long current;
            while (value > (current = Interlocked.Read(ref field)) && Interlocked.CompareExchange(ref field, value, current) != current)
            {
            }
        }

        // The sampled figure can miss a short peak; the kernel's high-water mark cannot (Linux only, else 0).
        public static long ReadPeakFromProc()
        {
            try
            {
                foreach (var line in File.ReadLines("/proc/self/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        return long.Parse(line.Substring(6).Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                    }
                }
            }
            catch (IOException)
            {
            }

            return 0;
        }
    }

    /// <summary>The sandbox as a child process on a free loopback port, keeping no rows.</summary>
    private sealed class SandboxProcess : IDisposable
    {
        private readonly Process _process;

        private SandboxProcess(Process process, Uri endpoint)
        {
            _process = process;
            Endpoint = endpoint;
        }

        public Uri Endpoint { get; }

        public TimeSpan Cpu
        {
            get
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
        }

        public static SandboxProcess Start()
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "MetricaChats.Sandbox.dll");
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { dll, "--port", "0", "--token", Token, "--counter", Counter.ToString(CultureInfo.InvariantCulture), "--processing-seconds", "0", "--max-stored-rows", "0" })
            {
                info.ArgumentList.Add(a);
            }

            var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the sandbox.");
            while (process.StandardOutput.ReadLine() is { } line)
            {
                const string marker = "listening on ";
                var at = line.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0)
                {
                    var endpoint = new Uri(line.Substring(at + marker.Length).Trim() + "/");
                    _ = process.StandardOutput.ReadToEndAsync();
                    _ = process.StandardError.ReadToEndAsync();
                    return new SandboxProcess(process, endpoint);
                }
            }

            throw new InvalidOperationException("The sandbox exited before listening: " + process.StandardError.ReadToEnd());
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }

            _process.Dispose();
        }
    }
}
