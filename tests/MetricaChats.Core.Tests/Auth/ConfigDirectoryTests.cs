using System.Runtime.InteropServices;
using MetricaChats.Core.Auth;
using Xunit;

namespace MetricaChats.Core.Tests.Auth;

public class ConfigDirectoryTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    private static readonly string Root = OperatingSystem.IsWindows() ? @"C:\" : "/";

    [Fact]
    public void Windows_uses_AppData()
    {
        var appData = Path.Combine(Root, "Users", "ann", "AppData", "Roaming");
        Assert.Equal(Path.Combine(appData, "MetricaChats"), MetricaConfigDirectory.Resolve(Env(), OSPlatform.Windows, appData, "unused"));
    }

    [Fact]
    public void MacOS_uses_Application_Support()
    {
        var home = Path.Combine(Root, "Users", "ann");
        Assert.Equal(
            Path.Combine(home, "Library", "Application Support", "MetricaChats"),
            MetricaConfigDirectory.Resolve(Env(("HOME", home)), OSPlatform.OSX, "unused", "unused"));
    }

    [Fact]
    public void Linux_uses_XDG_CONFIG_HOME_when_absolute()
    {
        var xdg = Path.Combine(Root, "cfg");
        Assert.Equal(Path.Combine(xdg, "metricachats"), MetricaConfigDirectory.Resolve(Env(("XDG_CONFIG_HOME", xdg), ("HOME", "/home/ann")), OSPlatform.Linux, "", ""));
    }

    [Fact]
    public void Linux_falls_back_to_dot_config_and_ignores_a_relative_XDG_CONFIG_HOME()
    {
        var home = Path.Combine(Root, "home", "ann");
        var expected = Path.Combine(home, ".config", "metricachats");

        Assert.Equal(expected, MetricaConfigDirectory.Resolve(Env(("HOME", home)), OSPlatform.Linux, "", ""));
        Assert.Equal(expected, MetricaConfigDirectory.Resolve(Env(("HOME", home), ("XDG_CONFIG_HOME", "relative/cfg")), OSPlatform.Linux, "", ""));
        Assert.Equal(expected, MetricaConfigDirectory.Resolve(Env(), OSPlatform.Linux, "", home));
    }

    [Fact]
    public void The_override_variable_wins_everywhere()
    {
        var over = Path.Combine(Root, "tmp", "mc");
        foreach (var platform in new[] { OSPlatform.Windows, OSPlatform.OSX, OSPlatform.Linux })
        {
            Assert.Equal(over, MetricaConfigDirectory.Resolve(Env(("METRICA_CONFIG_DIR", over), ("HOME", "/h")), platform, "/a", "/h"));
        }

        Assert.Equal(over, MetricaConfigDirectory.Resolve(Env(("METRICA_CONFIG_DIR", over))));
    }

    [Fact]
    public void A_relative_override_is_refused_with_the_fix()
    {
        var ex = Assert.Throws<MetricaAuthException>(() => MetricaConfigDirectory.Resolve(Env(("METRICA_CONFIG_DIR", "rel/dir")), OSPlatform.Linux, "", "/h"));

        Assert.Contains("METRICA_CONFIG_DIR", ex.Message);
        Assert.Contains("absolute", ex.Message);
    }
}
