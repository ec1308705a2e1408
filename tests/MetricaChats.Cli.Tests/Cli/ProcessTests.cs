using System.Diagnostics;
using Xunit;

namespace MetricaChats.Cli.Tests.Cli;

/// <summary>The real executable, as a process: Ctrl+C (SIGINT) stops it cleanly.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task SIGINT_stops_the_sandbox_command_cleanly_with_exit_0()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // No SIGINT to send from here; the in-process cancellation tests cover the logic.
        }

        var dll = ExeRun.Dll;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "sandbox", "--port", "0" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync()) is not null && !line.Contains("Ctrl+C", StringComparison.Ordinal))
        {
        }

        Assert.NotNull(line);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(guard.Token);
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Sandbox stopped.", await stderr);
    }
}
