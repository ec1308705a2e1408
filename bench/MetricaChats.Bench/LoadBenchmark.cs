// `load`: the end-to-end load benchmark (issue 8). Generates a chat export CSV of N events on
// disk, imports it with the real importer into an in-process sandbox over loopback, and
// compares that with the physical limit: the same pre-built batch bytes uploaded by a bare
// HttpClient in the fewest requests the batch limits allow.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Import;
using MetricaChats.Proof;
using MetricaChats.Sandbox;

namespace MetricaChats.Bench;

/// <summary>The <c>load</c> subcommand.</summary>
internal static class LoadBenchmark
{
    private const string Token = "bench-load-token";
    private const int Counter = 24680;

    public static async Task<int> RunAsync(string[] args)
    {
        long events = 1_000_000;
        string? dir = null;
        int seed = 8;
        int parallel = 3;
        bool keep = false;
        bool baseline = true;
        bool warm = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--events": events = long.Parse(args[++i].Replace("_", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture); break;
                case "--dir": dir = args[++i]; break;
                case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--parallel": parallel = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--keep": keep = true; break;
                case "--no-baseline": baseline = false; break;
                case "--warm": warm = true; break;
                default:
                    Console.Error.WriteLine($"load: unknown option '{args[i]}'. Usage: load [--events N] [--dir PATH] [--seed N] [--parallel 1-3] [--keep] [--no-baseline] [--warm]");
                    return 2;
            }
        }

        dir ??= Path.Combine(Path.GetTempPath(), "metricachats-load");
        Directory.CreateDirectory(dir);
        string input = Path.Combine(dir, $"chats-{events}.csv");
        string batchDir = Path.Combine(dir, $"batches-{events}");

        Console.WriteLine($"load: {events:N0} events, seed {seed}, up to {parallel} uploads in flight, work dir {dir}, load average {LoadAverage()}");
        PrintMachine();

        // 1. The input file (not measured).
        var sw = Stopwatch.StartNew();
        new ChatDataGenerator(seed, DateTimeOffset.UtcNow, variety: true).WriteCsvFile(input, events);
        long inputBytes = new FileInfo(input).Length;
        Console.WriteLine($"generated {input}: {inputBytes / 1048576.0:N1} MiB in {sw.Elapsed.TotalSeconds:N1} s");

        var sandboxOptions = new SandboxOptions
        {
            ProcessingTime = TimeSpan.Zero,
            MaxStoredRowsPerUpload = 0, // count rows, keep none: the sandbox's memory must not hide the importer's
            MaxLoggedRequests = 1_000_000,
        }.AddToken(Token, Counter);
        // The baseline is the physical limit: bare POSTs that do not pace themselves. On a quiet
        // machine they outrun the 30 requests/s quota (a 429 ended a 10M run), so the per-second
        // quota is lifted for both; the import's client keeps its own pacing (at most 10/s).
        sandboxOptions.Quotas.RequestsPerSecond = 1000;
        await using SandboxServer sandbox = await SandboxServer.StartAsync(sandboxOptions);

        // Order: by default the import runs first, in a fresh process, as a user's run does (JIT
        // warm-up included, and the peak memory is the import's own). With --warm the dry run and
        // a baseline go first, so the import runs on warmed-up code, and the baseline is measured
        // again after it (the figures compare the warm import with the warm baseline).
        string[] files = Array.Empty<string>();
        int minimum = 0;
        Measured<int>? raw = null;
        Measured<ImportRun>? import = null;
        SandboxFacts? facts = null;
        if (!warm)
        {
            import = await MeasureAsync("import", () => ImportAsync(sandbox, input, parallel));
            facts = SandboxFacts.Take(sandbox);
        }

        // 2. The minimum: the same batches, pre-built as files by a dry run (not measured; it also
        //    warms the JIT for the reader, the normaliser and the writer, so the import is not
        //    measured on first-tier code).
        sw.Restart();
        if (Directory.Exists(batchDir))
        {
            Directory.Delete(batchDir, recursive: true);
        }

        Directory.CreateDirectory(batchDir);
        ChatImportSummary dry;
        using (var stream = File.OpenRead(input))
        using (var reader = new ChatCsvReader(stream))
        {
            dry = await ChatImporter.ImportAsync(ExportRecords.Read(reader, _ => { }), null, new ChatImportOptions { DryRunDirectory = batchDir });
        }

        files = dry.BatchResults.Select(b => b.DryRunFile!).ToArray();
        long wireBytes = files.Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"dry run: {files.Length} batch files, {wireBytes / 1048576.0:N1} MiB of chat CSV, in {sw.Elapsed.TotalSeconds:N1} s");
        minimum = files.Length;

        if (baseline)
        {
            sandbox.Reset();
            raw = await MeasureAsync("baseline", () => UploadRawAsync(sandbox.BaseAddress, files, parallel));
            Console.WriteLine($"baseline: {raw.Result} requests, {sandbox.State.Uploads.Sum(u => (long)u.SourceQuantity):N0} rows arrived");
            sandbox.Reset();
        }

        // 3. The import, end to end (measured), here when warmed up.
        if (warm)
        {
            import = await MeasureAsync("import", () => ImportAsync(sandbox, input, parallel));
            facts = SandboxFacts.Take(sandbox);
            if (baseline)
            {
                // The first baseline ran the sandbox's code cold; measure it again, warm like the import.
                sandbox.Reset();
                raw = await MeasureAsync("baseline, again (warm)", () => UploadRawAsync(sandbox.BaseAddress, files, parallel));
                sandbox.Reset();
            }
        }

        ChatImportSummary summary = import!.Result.Summary;
        IReadOnlyList<SandboxRequestRecord> importRequests = facts!.Requests;
        long arrived = facts.Arrived;
        long accepted = facts.Accepted;
        Console.WriteLine($"summary: {summary}");
        Console.WriteLine($"live heap right after the import, after a full GC: {facts.LiveHeap / 1e6:N0} MB (what stays: the batch chunk pool, at most 48 MiB, for the next import)");
        Console.WriteLine($"reader: {import.Result.ReaderRows:N0} rows, {import.Result.ReaderRejected:N0} rejected by the reader");
        Console.WriteLine($"sandbox: {importRequests.Count} requests ({string.Join(", ", importRequests.GroupBy(r => r.Method + " " + r.StatusCode).Select(g => g.Key + " x" + g.Count()))}), {facts.Uploads} uploads, {arrived:N0} rows arrived, {accepted:N0} accepted");

        // 4. Figures.
        Console.WriteLine();
        Console.WriteLine("| events | import time (CPU) | events/s | peak working set | peak GC heap (after GC) | allocated | gen0/1/2 | requests (minimum) | baseline time (CPU) | ratio time (CPU) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "| {0:N0} | {1:N1} s ({11:N1} s) | {2:N0} | {3:N0} MB | {4:N0} MB ({12:N0} MB) | {5:N0} MB | {6} | {7} ({8}) | {9} | {10} |",
            events,
            import.Elapsed.TotalSeconds,
            events / import.Elapsed.TotalSeconds,
            import.PeakWorkingSet / 1e6,
            import.PeakGcHeap / 1e6,
            import.Allocated / 1e6,
            import.Collections,
            importRequests.Count,
            minimum,
            raw is null ? "-" : raw.Elapsed.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture) + " s (" + raw.Cpu.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture) + " s)",
            raw is null ? "-" : (import.Elapsed.TotalSeconds / raw.Elapsed.TotalSeconds).ToString("N2", CultureInfo.InvariantCulture) + "x (" + (import.Cpu.TotalSeconds / raw.Cpu.TotalSeconds).ToString("N2", CultureInfo.InvariantCulture) + "x)",
            import.Cpu.TotalSeconds,
            import.PeakAfterGc / 1e6));
        if (raw is not null)
        {
            Console.WriteLine($"baseline: peak working set {raw.PeakWorkingSet / 1e6:N0} MB, peak GC heap {raw.PeakGcHeap / 1e6:N0} MB");
        }

        bool ok = summary.Sent == events && arrived == events && importRequests.Count == minimum;
        Console.WriteLine(ok
            ? "check: every event arrived once, in the minimum number of requests"
            : $"check FAILED: sent {summary.Sent}, arrived {arrived}, requests {importRequests.Count} vs minimum {minimum}");

        if (!keep)
        {
            File.Delete(input);
            Directory.Delete(batchDir, recursive: true);
        }

        return ok ? 0 : 1;
    }

    private static async Task<ImportRun> ImportAsync(SandboxServer sandbox, string input, int parallel)
    {
        using var token = MetricaToken.FromString(Token);
        using var client = new MetricaClient(token, new MetricaClientOptions { Endpoint = sandbox.BaseAddress, UseSystemProxy = false });
        using var stream = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var reader = new ChatCsvReader(stream);
        long issues = 0;
        ChatImportSummary summary = await ChatImporter.ImportAsync(
            ExportRecords.Read(reader, _ => issues++),
            client,
            new ChatImportOptions { CounterId = Counter, MaxParallelUploads = parallel });
        return new ImportRun(summary, reader.RowsRead, reader.RowsRejected);
    }

    /// <summary>The physical limit: each pre-built batch file in one bare multipart POST, up to <paramref name="parallel"/> at once.</summary>
    private static async Task<int> UploadRawAsync(Uri baseAddress, string[] files, int parallel)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = parallel }) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var gate = new SemaphoreSlim(parallel);
        int requests = 0;
        var tasks = files.Select(async (file, index) =>
        {
            await gate.WaitAsync();
            try
            {
                using var body = new MultipartFormDataContent();
                var part = new StreamContent(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), 1 << 16);
                part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                body.Add(part, "file", "chats.csv");
                using var request = new HttpRequestMessage(HttpMethod.Post, $"management/v1/counter/{Counter}/offline_conversions/upload?type=CHATS&comment=baseline{index}") { Content = body };
                request.Headers.TryAddWithoutValidation("Authorization", "OAuth " + Token);
                using HttpResponseMessage response = await http.SendAsync(request);
                Interlocked.Increment(ref requests);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"baseline upload {index} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);
        return requests;
    }

    private static async Task<Measured<T>> MeasureAsync<T>(string name, Func<Task<T>> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        ResetPeakWorkingSet();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        int[] before = { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
        using var sampler = new PeakSampler();
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        T result = await run();
        sw.Stop();
        sampler.Sample();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var measured = new Measured<T>(
            result,
            sw.Elapsed,
            Math.Max(process.PeakWorkingSet64, sampler.PeakWorkingSet),
            sampler.PeakGcHeap,
            GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore,
            $"{GC.CollectionCount(0) - before[0]}/{GC.CollectionCount(1) - before[1]}/{GC.CollectionCount(2) - before[2]}",
            process.TotalProcessorTime - cpuBefore,
            LoadAverage(),
            sampler.PeakAfterGc);
        Console.WriteLine($"{name}: {measured.Elapsed.TotalSeconds:N2} s (CPU {measured.Cpu.TotalSeconds:N2} s, load average after {measured.Load}), peak working set {measured.PeakWorkingSet / 1e6:N0} MB (sampled {sampler.PeakWorkingSet / 1e6:N0} MB), peak GC heap {measured.PeakGcHeap / 1e6:N0} MB (after a GC at most {measured.PeakAfterGc / 1e6:N0} MB), allocated {measured.Allocated / 1e6:N0} MB, GCs {measured.Collections}");
        return measured;
    }

    /// <summary>Linux: writing 5 to clear_refs resets VmHWM, so the peak covers only what follows.</summary>
    private static void ResetPeakWorkingSet()
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
            }
        }
        catch (IOException)
        {
            // Not allowed here: the peak then also covers the earlier phases (reported as such).
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void PrintMachine()
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformationText()}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}{(System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.Batch ? " (non-concurrent)" : " (concurrent)")}");
    }

    private static string RuntimeInformationText() =>
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + " on " + System.Runtime.InteropServices.RuntimeInformation.OSDescription;

    /// <summary>What the sandbox saw of the import, taken before the baseline resets it.</summary>
    private sealed record SandboxFacts(IReadOnlyList<SandboxRequestRecord> Requests, int Uploads, long Arrived, long Accepted, long LiveHeap)
    {
        public static SandboxFacts Take(SandboxServer sandbox)
        {
            IReadOnlyList<SandboxUpload> uploads = sandbox.State.Uploads;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return new SandboxFacts(sandbox.State.Requests, uploads.Count, uploads.Sum(u => (long)u.SourceQuantity), uploads.Sum(u => (long)u.LineQuantity), GC.GetTotalMemory(forceFullCollection: true));
        }
    }

    private sealed record ImportRun(ChatImportSummary Summary, long ReaderRows, long ReaderRejected);

    private sealed record Measured<T>(T Result, TimeSpan Elapsed, long PeakWorkingSet, long PeakGcHeap, long Allocated, string Collections, TimeSpan Cpu, string Load, long PeakAfterGc);

    /// <summary>The 1-minute load average (Linux), to judge how much other work shared the machine.</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>Samples the working set and the GC heap every 20 ms (the GC heap has no OS-kept peak).</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peakWorkingSet;
        private long _peakGcHeap;
        private long _peakAfterGc;

        public PeakSampler() => _timer = new Timer(_ => Sample(), null, 0, 20);

        public long PeakWorkingSet => Interlocked.Read(ref _peakWorkingSet);

        public long PeakGcHeap => Interlocked.Read(ref _peakGcHeap);

        /// <summary>The largest heap the GC left behind after a collection (what survived: the live set plus fragmentation).</summary>
        public long PeakAfterGc => Interlocked.Read(ref _peakAfterGc);

        public void Sample()
        {
            Max(ref _peakWorkingSet, Environment.WorkingSet);
            Max(ref _peakGcHeap, GC.GetTotalMemory(forceFullCollection: false));
            Max(ref _peakAfterGc, GC.GetGCMemoryInfo().HeapSizeBytes);
        }

        public void Dispose() => _timer.Dispose();

        private static void Max(ref long target, long value)
        {
            long seen;
            while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
