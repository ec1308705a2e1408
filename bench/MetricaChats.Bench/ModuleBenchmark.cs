// `module`: the PowerShell module against the command-line program, on the same export file
// (issue 12's fast path). Each case runs in a fresh process, as a user runs it, into one
// in-process sandbox on loopback:
//   cli        metrica-chats import <file>                                   (the reference)
//   path       Send-MetricaChatImport -Path <file>                           (the engine's reader)
//   importcsv  Import-Csv <file> | Send-MetricaChatImport
//   new        Import-Csv <file> | New-MetricaChatEvent | Send-MetricaChatImport   (only with --cases)
//   shell      PowerShell starting, importing the module and connecting, nothing imported    (only with --cases)
// Time and peak memory are the process's own, from GNU time (wall clock, maximum resident set);
// the PowerShell cases also report the command's own time inside the session (after PowerShell
// started and the module was imported), what a user waits for in an open shell.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MetricaChats.Proof;
using MetricaChats.Sandbox;

namespace MetricaChats.Bench;

/// <summary>The <c>module</c> subcommand.</summary>
internal static class ModuleBenchmark
{
    private const string Token = "bench-module-token";
    private const int Counter = 13579;

    private const string Script = """
        param([string] $Mode, [string] $Export, [int] $Counter)
        $ErrorActionPreference = 'Stop'
        Import-Module $env:BENCH_MODULE
        Connect-MetricaAccount -Token (ConvertTo-SecureString -String $env:BENCH_TOKEN -AsPlainText -Force) -Endpoint $env:BENCH_ENDPOINT | Out-Null
        $quiet = @{ ErrorAction = 'SilentlyContinue'; WarningAction = 'SilentlyContinue' }
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        switch ($Mode) {
            'path' { Send-MetricaChatImport -Path $Export -CounterId $Counter -Force -InformationVariable info @quiet | Out-Null }
            'importcsv' { Import-Csv -LiteralPath $Export | Send-MetricaChatImport -CounterId $Counter -Force -InformationVariable info @quiet | Out-Null }
            'new' { Import-Csv -LiteralPath $Export | New-MetricaChatEvent @quiet | Send-MetricaChatImport -CounterId $Counter -Force -InformationVariable info @quiet | Out-Null }
            'shell' { $info = @() }
        }
        $watch.Stop()
        $summary = ($info | Where-Object { $_.Tags -contains 'Summary' } | Select-Object -Last 1).MessageData
        'BENCH ' + (@{ seconds = $watch.Elapsed.TotalSeconds; read = $summary.Read; sent = $summary.Sent; rejected = $summary.Rejected } | ConvertTo-Json -Compress)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        long events = 1_000_000;
        int rounds = 3;
        string? dir = null;
        string? repo = null;
        string[] cases = ["cli", "path", "importcsv"];
        bool keep = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--events": events = long.Parse(args[++i].Replace("_", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--dir": dir = args[++i]; break;
                case "--repo": repo = args[++i]; break;
                case "--cases": cases = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--keep": keep = true; break;
                default:
                    Console.Error.WriteLine($"module: unknown option '{args[i]}'. Usage: module [--events N] [--rounds N] [--cases cli,path,importcsv,new] [--dir PATH] [--repo PATH] [--keep]");
                    return 2;
            }
        }

        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/time"))
        {
            Console.Error.WriteLine("module: needs Linux with GNU time (/usr/bin/time) to measure each process's wall time and peak memory.");
            return 2;
        }

        repo ??= FindRepository();
        var tools = Tools.Find(repo);
        if (tools is null)
        {
            return 2;
        }

        dir ??= Path.Combine(Path.GetTempPath(), "metricachats-module-bench");
        Directory.CreateDirectory(dir);
        string input = Path.Combine(dir, $"chats-{events}.csv");
        string script = Path.Combine(dir, "bench.ps1");
        File.WriteAllText(script, Script);

        Console.WriteLine($"module: {events:N0} events, {rounds} round(s) of {string.Join(", ", cases)}, work dir {dir}, load average {LoadAverage()}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; PowerShell {tools.PowerShellHome}");
        var sw = Stopwatch.StartNew();
        new ChatDataGenerator(8, DateTimeOffset.UtcNow, variety: true).WriteCsvFile(input, events);
        Console.WriteLine($"generated {input}: {new FileInfo(input).Length / 1048576.0:N1} MiB in {sw.Elapsed.TotalSeconds:N1} s");

        var sandboxOptions = new SandboxOptions { ProcessingTime = TimeSpan.Zero, MaxStoredRowsPerUpload = 0, MaxLoggedRequests = 1_000_000 }.AddToken(Token, Counter);
        sandboxOptions.Quotas.RequestsPerSecond = 1000;
        await using SandboxServer sandbox = await SandboxServer.StartAsync(sandboxOptions);
        var environment = new Dictionary<string, string>
        {
            ["METRICA_TOKEN"] = Token,
            ["BENCH_TOKEN"] = Token,
            ["BENCH_ENDPOINT"] = sandbox.BaseAddress.ToString().TrimEnd('/'),
            ["BENCH_MODULE"] = tools.Module,
            ["METRICA_CONFIG_DIR"] = Path.Combine(dir, "config"),
        };

        var results = cases.ToDictionary(c => c, _ => new List<CaseRun>());
        for (int round = 1; round <= rounds; round++)
        {
            foreach (string name in cases)
            {
                sandbox.Reset();
                string[] command = name == "cli"
                    ? ["dotnet", tools.Cli, "import", input, "--counter", Counter.ToString(CultureInfo.InvariantCulture), "--endpoint", environment["BENCH_ENDPOINT"]]
                    : ["dotnet", tools.PowerShell, "-NoProfile", "-NonInteractive", "-File", script, "-Mode", name, "-Export", input, "-Counter", Counter.ToString(CultureInfo.InvariantCulture)];
                CaseRun run = await RunCaseAsync(command, environment, dir);
                long arrived = sandbox.State.Uploads.Sum(u => (long)u.SourceQuantity);
                run = run with { Arrived = arrived, Load = LoadAverage() };
                results[name].Add(run);
                Console.WriteLine($"round {round} {name,-10} exit {run.ExitCode}: process {run.Wall:N2} s (CPU {run.Cpu:N2} s), peak RSS {run.PeakRss / 1e6:N0} MB" +
                    (run.CommandSeconds is { } c ? $", command {c:N2} s" : string.Empty) + $", {arrived:N0} rows arrived, load {run.Load}");
                if (arrived != (name == "shell" ? 0 : events))
                {
                    Console.Error.WriteLine($"module: {name} delivered {arrived:N0} rows, expected {events:N0}.");
                    Console.Error.WriteLine(run.Output.Length > 2000 ? run.Output[^2000..] : run.Output);
                    return 1;
                }
            }
        }

        PrintTable(results, events);
        if (!keep)
        {
            File.Delete(input);
        }

        return 0;
    }

    private static void PrintTable(Dictionary<string, List<CaseRun>> results, long events)
    {
        double? cli = results.TryGetValue("cli", out var c) ? Median(c.Select(r => r.Wall)) : null;
        Console.WriteLine();
        Console.WriteLine("| Case | Process time, median (rounds) | Command time in the session, median | Peak RSS, median | Rows/s (process) | Process / CLI | Command / CLI process |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, runs) in results)
        {
            double wall = Median(runs.Select(r => r.Wall));
            double? command = runs.All(r => r.CommandSeconds is not null) ? Median(runs.Select(r => r.CommandSeconds!.Value)) : null;
            double rss = Median(runs.Select(r => (double)r.PeakRss));
            string each = string.Join(", ", runs.Select(r => r.Wall.ToString("N1", CultureInfo.InvariantCulture)));
            Console.WriteLine($"| {Label(name)} | {wall:N2} s ({each}) | {(command is { } x ? x.ToString("N2", CultureInfo.InvariantCulture) + " s" : "-")} | {rss / 1e6:N0} MB | {events / wall:N0} | {(cli is { } b ? (wall / b).ToString("N2", CultureInfo.InvariantCulture) + "x" : "-")} | {(cli is { } d && command is { } e ? (e / d).ToString("N2", CultureInfo.InvariantCulture) + "x" : "-")} |");
        }
    }

    private static string Label(string name) => name switch
    {
        "cli" => "metrica-chats import file",
        "path" => "Send-MetricaChatImport -Path file",
        "importcsv" => "Import-Csv file \\| Send-MetricaChatImport",
        "new" => "Import-Csv file \\| New-MetricaChatEvent \\| Send-MetricaChatImport",
        "shell" => "PowerShell start, Import-Module, Connect (no import)",
        _ => name,
    };

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    // One fresh process under GNU time: wall clock, CPU and maximum resident set size come from the kernel's accounting of that process.
    private static async Task<CaseRun> RunCaseAsync(string[] command, Dictionary<string, string> environment, string dir)
    {
        string timing = Path.Combine(dir, "time.txt");
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-f", "%e %M %U %S", "-o", timing }.Concat(command))
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        string output = await stdout + await stderr;
        string[] t = File.ReadAllText(timing).Trim().Split('\n')[^1].Split(' ');
        double? commandSeconds = null;
        foreach (string line in output.Split('\n'))
        {
            if (line.StartsWith("BENCH ", StringComparison.Ordinal))
            {
                using var doc = JsonDocument.Parse(line[6..]);
                commandSeconds = doc.RootElement.GetProperty("seconds").GetDouble();
            }
        }

        return new CaseRun(
            process.ExitCode,
            double.Parse(t[0], CultureInfo.InvariantCulture),
            long.Parse(t[1], CultureInfo.InvariantCulture) * 1024,
            double.Parse(t[2], CultureInfo.InvariantCulture) + double.Parse(t[3], CultureInfo.InvariantCulture),
            commandSeconds,
            output,
            0,
            string.Empty);
    }

    private static string FindRepository()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "MetricaChats.sln")))
            {
                return d.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

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

    private sealed record CaseRun(int ExitCode, double Wall, long PeakRss, double Cpu, double? CommandSeconds, string Output, long Arrived, string Load);

    /// <summary>The built command-line program, the assembled module and PowerShell (from the repository's tool manifest).</summary>
    private sealed record Tools(string Cli, string Module, string PowerShell, string PowerShellHome)
    {
        public static Tools? Find(string repo)
        {
            string cli = Path.Combine(repo, "src", "MetricaChats.Cli", "bin", "Release", "net10.0", "metrica-chats.dll");
            string module = Path.Combine(repo, "out", "MetricaChats", "MetricaChats.psd1");
            if (!File.Exists(cli))
            {
                Console.Error.WriteLine($"module: {cli} is missing; run 'dotnet build src/MetricaChats.Cli -c Release' first.");
                return null;
            }

            if (!File.Exists(module))
            {
                Console.Error.WriteLine($"module: {module} is missing; run 'dotnet pwsh -NoProfile -File build.ps1 -Task Assemble' first.");
                return null;
            }

            // The PowerShell of the tool manifest (.config/dotnet-tools.json), run directly from its
            // folder so that the measured process is PowerShell itself, not the dotnet tool launcher.
            var find = new ProcessStartInfo("dotnet") { WorkingDirectory = repo, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string a in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", "$PSHOME" })
            {
                find.ArgumentList.Add(a);
            }

            using var process = Process.Start(find)!;
            string home = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            string pwsh = Path.Combine(home, "pwsh.dll");
            if (process.ExitCode != 0 || !File.Exists(pwsh))
            {
                Console.Error.WriteLine("module: PowerShell was not found; run 'dotnet tool restore' in the repository first.");
                return null;
            }

            return new Tools(cli, module, pwsh, home);
        }
    }
}
