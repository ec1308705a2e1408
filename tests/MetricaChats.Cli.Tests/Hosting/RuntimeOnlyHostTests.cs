using System.Text.Json;
using MetricaChats.Cli.Hosting;
using MetricaChats.Cli.Tests.Cli;
using Xunit;

namespace MetricaChats.Cli.Tests.Hosting;

/// <summary>
/// A host with only the .NET runtime (no ASP.NET Core): every command but the sandbox runs, and
/// the sandbox says what it needs. The host is made for real: a .NET root holding the dotnet
/// host and Microsoft.NETCore.App only (hard links to this machine's files), so the tool's own
/// runtimeconfig is what decides.
/// </summary>
public sealed class RuntimeOnlyHostTests
{
    [Fact]
    public void The_tool_asks_the_host_for_the_plain_dotnet_runtime_only()
    {
        var config = Path.Combine(Path.GetDirectoryName(ExeRun.Dll)!, "metrica-chats.runtimeconfig.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(config));
        var options = doc.RootElement.GetProperty("runtimeOptions");
        Assert.False(options.TryGetProperty("frameworks", out _), "the tool must name one framework: " + File.ReadAllText(config));
        Assert.Equal("Microsoft.NETCore.App", options.GetProperty("framework").GetProperty("name").GetString());
    }

    [Fact]
    public async Task On_a_host_without_ASP_NET_Core_version_and_import_run_and_the_sandbox_says_what_to_install()
    {
        using var host = RuntimeOnlyHost.TryCreate();
        if (host is null)
        {
            // Windows or macOS layouts are not copied here; on Linux (CI) the host must be made.
            Assert.False(OperatingSystem.IsLinux(), "could not make a runtime-only .NET root on Linux");
            return;
        }

        var dry = Path.Combine(host.Root, "dry");
        var version = await ExeRun.RunAsync(["--version"], dotnet: host.Dotnet);
        var import = await ExeRun.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345", "--dry-run", dry], dotnet: host.Dotnet);
        var tracking = await ExeRun.RunAsync(["tracking-id", "--count", "2"], dotnet: host.Dotnet);
        var sandbox = await ExeRun.RunAsync(["sandbox", "--port", "0", "--json"], dotnet: host.Dotnet);
        var withSandbox = await ExeRun.RunAsync(["import", TestFiles.SamplePath(), "--counter", "12345", "--sandbox"], dotnet: host.Dotnet);

        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Out);
        Assert.Equal(ExitCodes.Partial, import.ExitCode); // the sample's 5 bad rows
        Assert.Contains("read = written + rejected: 30 = 25 + 5", import.Out);
        Assert.Equal(0, tracking.ExitCode);
        foreach (var r in new[] { sandbox, withSandbox })
        {
            Assert.Equal(ExitCodes.Usage, r.ExitCode);
            Assert.Contains("needs the ASP.NET Core runtime", r.Error);
            Assert.Contains("Every other command runs without it", r.Error);
            Assert.DoesNotContain("You must install or update .NET", r.All);
        }

        Assert.Contains("\"kind\": \"usage\"", sandbox.Out);
    }

    [Fact]
    public void The_ASP_NET_Core_framework_is_found_beside_the_runtime_of_the_same_major_and_minor_version()
    {
        var root = Directory.CreateTempSubdirectory("metrica-aspnet-").FullName;
        try
        {
            var runtime = Directory.CreateDirectory(Path.Combine(root, "shared", "Microsoft.NETCore.App", "10.0.12")).FullName;
            foreach (var v in new[] { "9.0.8", "10.0.3", "10.0.12", "11.0.0" })
            {
                var dir = Directory.CreateDirectory(Path.Combine(root, "shared", AspNetCoreRuntime.FrameworkName, v)).FullName;
                File.WriteAllText(Path.Combine(dir, "Microsoft.AspNetCore.dll"), string.Empty);
            }

            Assert.EndsWith("10.0.12", AspNetCoreRuntime.FindBeside(runtime + Path.DirectorySeparatorChar, new Version(10, 0, 12)));
            Assert.Null(AspNetCoreRuntime.FindBeside(runtime, new Version(8, 0, 1)));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

/// <summary>A throw-away .NET root with the dotnet host and Microsoft.NETCore.App only.</summary>
internal sealed class RuntimeOnlyHost : IDisposable
{
    private RuntimeOnlyHost(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public string Dotnet => Path.Combine(Root, "dotnet");

    /// <summary>Null where it cannot be made (Windows; no hard links across file systems and no room to copy).</summary>
    public static RuntimeOnlyHost? TryCreate()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var runtimeDir = new DirectoryInfo(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/'));
        var dotnetRoot = runtimeDir.Parent?.Parent?.Parent;
        if (dotnetRoot is null || !File.Exists(Path.Combine(dotnetRoot.FullName, "dotnet")) || !Directory.Exists(Path.Combine(dotnetRoot.FullName, "host")))
        {
            return null;
        }

        var root = Directory.CreateTempSubdirectory("metrica-runtime-only-").FullName;
        var host = new RuntimeOnlyHost(root);
        try
        {
            File.Copy(Path.Combine(dotnetRoot.FullName, "dotnet"), host.Dotnet);
            File.SetUnixFileMode(host.Dotnet, (UnixFileMode)0b111_101_101);
            File.CreateSymbolicLink(Path.Combine(root, "host"), Path.Combine(dotnetRoot.FullName, "host"));

            // The runtime itself is copied as hard links (cp -al), so the runtime's own path is inside this root.
            var target = Path.Combine(root, "shared", "Microsoft.NETCore.App");
            Directory.CreateDirectory(target);
            using var cp = System.Diagnostics.Process.Start("cp", ["-al", runtimeDir.FullName, target]);
            cp.WaitForExit();
            if (cp.ExitCode != 0)
            {
                using var copy = System.Diagnostics.Process.Start("cp", ["-a", runtimeDir.FullName, target]);
                copy.WaitForExit();
                if (copy.ExitCode != 0)
                {
                    host.Dispose();
                    return null;
                }
            }

            return host;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            host.Dispose();
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
