using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using MetricaChats.Cli.Tests.Cli;
using Xunit;

namespace MetricaChats.Cli.Tests.Packaging;

/// <summary>
/// The .NET tool package, as a user installs it without cloning: 'dotnet pack' makes a complete
/// package (description, readme, licence, project URL), and 'dotnet tool install --tool-path
/// &lt;tmp&gt; --add-source &lt;out&gt; metrica-chats' installs a tool that runs.
/// </summary>
public sealed class ToolPackageTests
{
    [Fact]
    public async Task Dotnet_pack_makes_a_complete_tool_package_that_dotnet_tool_install_installs_and_that_runs()
    {
        var work = Directory.CreateTempSubdirectory("metrica-tool-").FullName;
        try
        {
            var packages = Path.Combine(work, "out");
            var project = Path.Combine(ExeRun.RepositoryRoot(), "src", "MetricaChats.Cli", "MetricaChats.Cli.csproj");
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

            // The build the tests ran is packed as it is (--no-build): no second compile inside the test run.
            var pack = await Dotnet(work, "pack", project, "-c", configuration, "--no-build", "-o", packages, "-p:NuGetAudit=false");
            Assert.True(pack.ExitCode == 0, pack.All);
            var nupkg = Assert.Single(Directory.GetFiles(packages, "metrica-chats.*.nupkg"));
            AssertComplete(nupkg);

            // Only the local folder as a source: the install must not need anything else.
            var config = Path.Combine(work, "nuget.config");
            await File.WriteAllTextAsync(config, "<?xml version=\"1.0\" encoding=\"utf-8\"?><configuration><packageSources><clear /></packageSources></configuration>");
            var tools = Path.Combine(work, "tools");
            var install = await Dotnet(work, "tool", "install", "--tool-path", tools, "--add-source", packages, "--configfile", config, "metrica-chats");
            Assert.True(install.ExitCode == 0, install.All);

            var exe = Path.Combine(tools, OperatingSystem.IsWindows() ? "metrica-chats.exe" : "metrica-chats");
            var version = await Run(work, exe, "--version");
            var dry = await Run(work, exe, "import", TestFiles.SamplePath(), "--counter", "12345", "--dry-run", Path.Combine(work, "dry"));
            var help = await Run(work, exe, "--help");

            Assert.Equal(0, version.ExitCode);
            Assert.Equal(ExitCodes.Partial, dry.ExitCode);
            Assert.Contains("read = written + rejected: 30 = 25 + 5", dry.Out);
            Assert.Contains("Examples:", help.Out);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void AssertComplete(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var nuspecEntry = Assert.Single(zip.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspecEntry.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().First(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("metrica-chats", Value("id"));
        Assert.DoesNotContain("Package Description", Value("description") ?? string.Empty);
        Assert.Contains("Yandex Metrica", Value("description"));
        Assert.Equal("MIT", Value("license"));
        Assert.StartsWith("https://", Value("projectUrl"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Contains(zip.Entries, e => e.FullName == "README.md");
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal));
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith("/metrica-chats.dll", StringComparison.Ordinal));
    }

    private static Task<CliResult> Dotnet(string workingDirectory, params string[] args) => Run(workingDirectory, "dotnet", args);

    private static async Task<CliResult> Run(string workingDirectory, string fileName, params string[] args)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("METRICA_TOKEN");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(guard.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
