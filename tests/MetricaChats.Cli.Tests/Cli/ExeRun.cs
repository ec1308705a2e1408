using System.Diagnostics;
using System.Text;

namespace MetricaChats.Cli.Tests.Cli;

/// <summary>
/// Runs the real executable (<c>dotnet metrica-chats.dll</c>, the build output beside the tests)
/// as a separate process: its own runtimeconfig, signals, exit code, standard streams and
/// environment, as a scheduler would run it. The environment is minimal and never inherits a
/// developer's METRICA_* variables.
/// </summary>
internal static class ExeRun
{
    /// <summary>
    /// The tool's entry assembly in its own build output (src/MetricaChats.Cli/bin/&lt;configuration&gt;/net10.0),
    /// as it ships: the copy beside the tests sits among the test project's ASP.NET Core assemblies,
    /// which the tool must not rely on.
    /// </summary>
    public static string Dll
    {
        get
        {
            var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = tfmDir.Parent!.Name;
            var root = RepositoryRoot();
            var dll = Path.Combine(root, "src", "MetricaChats.Cli", "bin", configuration, tfmDir.Name, "metrica-chats.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("The tool's build output is missing (build src/MetricaChats.Cli first).", dll);
        }
    }

    /// <summary>The repository root (the folder that holds MetricaChats.sln).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MetricaChats.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("MetricaChats.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs the tool to its end (bounded: 3 minutes) and returns what it printed.</summary>
    public static Task<CliResult> RunAsync(string[] args, IDictionary<string, string?>? environment = null, string? stdin = null, string? stdinFile = null, string? dotnet = null) =>
        RunAsync(args, environment, stdin, stdinFile, dotnet, whileRunning: null);

    /// <summary>
    /// Runs the tool; <paramref name="whileRunning"/> gets the process while it runs (to send it a
    /// signal once something happened), then the run is awaited to its end.
    /// </summary>
    public static async Task<CliResult> RunAsync(string[] args, IDictionary<string, string?>? environment, string? stdin, string? stdinFile, string? dotnet, Func<Process, Task>? whileRunning)
    {
        var start = new ProcessStartInfo(dotnet ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "TMPDIR", "DOTNET_ROOT", "SYSTEMROOT", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "TEMP", "TMP" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var feeding = Feed(process, stdin, stdinFile);
        if (whileRunning is not null)
        {
            await whileRunning(process);
        }

        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("metrica-chats " + string.Join(' ', args) + " did not end within 3 minutes. Error so far: " + await error);
        }

        await feeding;
        return new CliResult(process.ExitCode, await output, await error);
    }

    /// <summary>Sends a POSIX signal (e.g. "TERM", "INT") to a process.</summary>
    public static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    private static async Task Feed(Process process, string? stdin, string? stdinFile)
    {
        try
        {
            if (stdinFile is not null)
            {
                await using var file = new FileStream(stdinFile, FileMode.Open, FileAccess.Read);
                var buffer = new byte[1 << 16];
                int n;
                var written = 0L;
                while ((n = await file.ReadAsync(buffer)) > 0 && written < (64L << 20))
                {
                    await process.StandardInput.BaseStream.WriteAsync(buffer.AsMemory(0, n));
                    written += n;
                }
            }
            else if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The tool stopped reading (it refused the input): that is what some tests check.
        }
    }
}
