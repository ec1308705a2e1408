using System.Reflection;
using System.Runtime.Loader;
using MetricaChats.Loader;

namespace MetricaChats.Tests.Module;

/// <summary>The module's dependency loader (the net8.0 build: PowerShell 7's private load context).</summary>
public sealed class LoaderTests : IDisposable
{
    private readonly string _moduleRoot = Path.Combine(Path.GetTempPath(), "metricachats-loader-" + Guid.NewGuid().ToString("N"));

    public LoaderTests()
    {
        // A module folder laid out as build.ps1 assembles it: the engine and its libraries in dependencies/.
        var dependencies = Directory.CreateDirectory(Path.Combine(_moduleRoot, DependencyDirectory.FolderName)).FullName;
        foreach (var name in new[] { "MetricaChats.Core.dll", "Polly.Core.dll", "System.Threading.RateLimiting.dll", "Microsoft.Bcl.TimeProvider.dll", "Microsoft.Bcl.AsyncInterfaces.dll" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, name), Path.Combine(dependencies, name));
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_moduleRoot, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            // Windows keeps loaded assemblies locked; the temp folder is left behind.
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void The_engine_and_its_libraries_load_into_the_private_context_from_the_module_folder()
    {
        var context = new ModuleLoadContext(new DependencyDirectory(_moduleRoot));

        var core = context.LoadFromAssemblyName(new AssemblyName("MetricaChats.Core"));
        var polly = context.LoadFromAssemblyName(new AssemblyName("Polly.Core"));

        Assert.Same(context, AssemblyLoadContext.GetLoadContext(core));
        Assert.Same(context, AssemblyLoadContext.GetLoadContext(polly));
        Assert.StartsWith(Path.Combine(_moduleRoot, DependencyDirectory.FolderName), core.Location, StringComparison.Ordinal);

        // The test's own copy (default context) is a different assembly: versions can differ side by side.
        var defaultCore = typeof(MetricaChats.Core.Chats.ChatEvent).Assembly;
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(defaultCore));
        Assert.NotSame(defaultCore, core);
        Assert.NotSame(typeof(MetricaChats.Core.Chats.ChatEvent), core.GetType("MetricaChats.Core.Chats.ChatEvent"));
    }

    [Fact]
    public void The_engine_resolves_its_own_references_inside_the_private_context()
    {
        var context = new ModuleLoadContext(new DependencyDirectory(_moduleRoot));
        var core = context.LoadFromAssemblyName(new AssemblyName("MetricaChats.Core"));

        // Force Core to bind Polly.Core: a type whose base or members need it.
        var pollyReference = core.GetReferencedAssemblies().Single(a => a.Name == "Polly.Core");
        var polly = context.LoadFromAssemblyName(pollyReference);
        Assert.Same(context, AssemblyLoadContext.GetLoadContext(polly));
        Assert.Equal(Path.Combine(_moduleRoot, DependencyDirectory.FolderName, "Polly.Core.dll"), polly.Location);
    }

    [Fact]
    public void The_engine_runs_inside_the_private_context()
    {
        var context = new ModuleLoadContext(new DependencyDirectory(_moduleRoot));
        var core = context.LoadFromAssemblyName(new AssemblyName("MetricaChats.Core"));

        // The alias table and the JSON error parsing run in the private context; JSON binds to the
        // runtime's System.Text.Json (it is at least the version Core asks for here).
        var aliases = core.GetType("MetricaChats.Core.Chats.ChatFieldAliases", throwOnError: true)!;
        var fieldType = core.GetType("MetricaChats.Core.Chats.ChatField", throwOnError: true)!;
        var args = new object?[] { "_ym_uid", Activator.CreateInstance(fieldType) };
        Assert.True((bool)aliases.GetMethod("TryResolve")!.Invoke(null, args)!);
        Assert.Equal("ClientId", args[1]!.ToString());

        var json = core.GetReferencedAssemblies().Single(a => a.Name == "System.Text.Json");
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(context.LoadFromAssemblyName(json)));
    }

    [Fact]
    public void Framework_assemblies_come_from_the_runtime_not_the_module()
    {
        var context = new ModuleLoadContext(new DependencyDirectory(_moduleRoot));
        var runtime = context.LoadFromAssemblyName(new AssemblyName("System.Runtime"));
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(runtime));
        Assert.NotNull(context.FrameworkVersion("System.Text.Json"));
        Assert.Null(context.FrameworkVersion("Polly.Core"));
    }

    [Fact]
    public void The_default_context_is_helped_only_to_the_engine_never_to_third_party_libraries()
    {
        ModuleDependencyResolver.Register(_moduleRoot);
        var registered = ModuleDependencyResolver.Context!;
        var root = registered.Directory.ModuleRoot;
        Assert.True(ModuleDependencyResolver.IsRegistered);

        // Registration is once per process: a second module folder does not replace the first.
        ModuleDependencyResolver.Register(Path.Combine(_moduleRoot, "elsewhere"));
        Assert.Same(registered, ModuleDependencyResolver.Context);

        var polly = ModuleDependencyResolver.ResolveFromDefault(AssemblyLoadContext.Default, new AssemblyName("Polly.Core"));
        Assert.Null(polly);
        var unknown = ModuleDependencyResolver.ResolveFromDefault(AssemblyLoadContext.Default, new AssemblyName("MetricaChats.DoesNotExist"));
        Assert.Null(unknown);
        if (root == new DependencyDirectory(_moduleRoot).ModuleRoot)
        {
            var core = ModuleDependencyResolver.ResolveFromDefault(AssemblyLoadContext.Default, new AssemblyName("MetricaChats.Core"));
            Assert.NotNull(core);
            Assert.Same(registered, AssemblyLoadContext.GetLoadContext(core!));
        }
    }

    [Theory]
    [InlineData("MetricaChats.Core", true)]
    [InlineData("metricachats.core", true)]
    [InlineData("MetricaChats", false)]
    [InlineData("Polly.Core", false)]
    [InlineData("System.Text.Json", false)]
    [InlineData(null, false)]
    public void Only_the_module_engine_is_first_party(string? name, bool firstParty)
    {
        Assert.Equal(firstParty, DependencyDirectory.IsFirstParty(name));
    }

    [Theory]
    [InlineData("10.0.0.0", "8.0.0.0", false)] // PowerShell 7.4 ships System.Text.Json 8: the module's 10 is used
    [InlineData("4.0.1.2", "8.0.0.0", true)]   // netstandard shim (System.Memory): the runtime's own wins
    [InlineData("10.0.0.0", "10.0.0.0", true)]
    [InlineData("10.0.0.0", null, false)]      // not in the runtime (Polly)
    public void The_runtime_copy_is_preferred_only_when_it_is_at_least_the_requested_version(string requested, string? framework, bool preferFramework)
    {
        Assert.Equal(preferFramework, DependencyDirectory.PreferFramework(Version.Parse(requested), framework is null ? null : Version.Parse(framework)));
    }

    [Fact]
    public void Only_files_inside_the_module_folder_count_as_the_module_assemblies()
    {
        var directory = new DependencyDirectory(_moduleRoot);
        Assert.True(directory.IsInsideModule(Path.Combine(_moduleRoot, "MetricaChats.dll")));
        Assert.True(directory.IsInsideModule(Path.Combine(_moduleRoot, "dependencies", "Polly.Core.dll")));
        Assert.False(directory.IsInsideModule(Path.Combine(_moduleRoot + "-other", "MetricaChats.dll")));
        Assert.False(directory.IsInsideModule(Path.Combine(Path.GetTempPath(), "Polly.Core.dll")));
        Assert.False(directory.IsInsideModule(null));
        Assert.False(directory.IsInsideModule(string.Empty));
    }

    [Fact]
    public void Only_assemblies_shipped_in_the_dependency_folder_are_found()
    {
        var directory = new DependencyDirectory(_moduleRoot);
        Assert.Equal(Path.Combine(_moduleRoot, "dependencies", "Polly.Core.dll"), directory.FindAssembly("Polly.Core"));
        Assert.Null(directory.FindAssembly("Newtonsoft.Json"));
        Assert.Null(directory.FindAssembly("../dependencies/Polly.Core"));
        Assert.Null(directory.FindAssembly(null));
    }

    [Theory]
    [InlineData(true, false, false, System.Runtime.InteropServices.Architecture.X64, "win-x64")]
    [InlineData(true, false, false, System.Runtime.InteropServices.Architecture.X86, "win-x86")]
    [InlineData(true, false, false, System.Runtime.InteropServices.Architecture.Arm64, "win-arm64")]
    [InlineData(false, true, false, System.Runtime.InteropServices.Architecture.Arm64, "osx-arm64")]
    [InlineData(false, false, false, System.Runtime.InteropServices.Architecture.X64, "linux-x64")]
    [InlineData(false, false, true, System.Runtime.InteropServices.Architecture.X64, "linux-musl-x64")]
    [InlineData(false, false, false, System.Runtime.InteropServices.Architecture.Arm, "linux-arm")]
    public void The_platform_names_the_native_folder_NuGet_uses(bool windows, bool mac, bool musl, System.Runtime.InteropServices.Architecture architecture, string expected)
    {
        Assert.Equal(expected, DependencyDirectory.CurrentRid(windows, mac, musl, architecture));
    }

    [Fact]
    public void Only_the_modules_own_native_library_is_found_and_only_in_the_folder_of_the_platform()
    {
        var native = Directory.CreateDirectory(Path.Combine(_moduleRoot, DependencyDirectory.FolderName, "runtimes", "linux-x64", "native")).FullName;
        File.WriteAllBytes(Path.Combine(native, "libe_sqlite3.so"), new byte[] { 0 });
        var windows = Directory.CreateDirectory(Path.Combine(_moduleRoot, DependencyDirectory.FolderName, "runtimes", "win-x64", "native")).FullName;
        File.WriteAllBytes(Path.Combine(windows, "e_sqlite3.dll"), new byte[] { 0 });
        var directory = new DependencyDirectory(_moduleRoot);

        Assert.Equal(Path.Combine(native, "libe_sqlite3.so"), directory.FindNativeLibrary("e_sqlite3", "linux-x64"));
        Assert.Equal(Path.Combine(native, "libe_sqlite3.so"), directory.FindNativeLibrary("libe_sqlite3.so", "linux-x64"));
        Assert.Equal(Path.Combine(windows, "e_sqlite3.dll"), directory.FindNativeLibrary("e_sqlite3", "win-x64"));
        Assert.Null(directory.FindNativeLibrary("e_sqlite3", "osx-arm64"));
        Assert.Null(directory.FindNativeLibrary("libc", "linux-x64"));
        Assert.Null(directory.FindNativeLibrary("e_sqlite3", "../linux-x64"));
    }
}
