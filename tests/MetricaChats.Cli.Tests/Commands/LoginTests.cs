using MetricaChats.Cli.Tests.Cli;
using MetricaChats.Core.Tests.Auth;
using Xunit;

namespace MetricaChats.Cli.Tests.Commands;

/// <summary>login and profile list|remove through the real executable, and the saved profile used by a later command.</summary>
public sealed class LoginTests
{
    [Fact]
    public async Task Login_saves_a_profile_that_later_commands_use_and_profile_list_and_remove_manage_it_without_ever_printing_the_token()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var env = sandbox.Environment(token: null);

        // This machine may have no keyring: try the protected store first, then the explicit opt-in.
        var login = await ExeRun.RunAsync(["login", "--profile", "nightly", "--endpoint", sandbox.Endpoint], env, stdin: CliSandbox.Token + "\n");
        if (login.ExitCode == ExitCodes.Usage)
        {
            Assert.Contains("--allow-unprotected-file", login.Error);
            Assert.DoesNotContain("Connect-MetricaAccount", login.Error);
            login = await ExeRun.RunAsync(["login", "--profile", "nightly", "--endpoint", sandbox.Endpoint, "--allow-unprotected-file"], env, stdin: CliSandbox.Token + "\n");
        }

        Assert.True(login.ExitCode == 0, login.All);
        Assert.Contains("Saved the token as profile 'nightly'", login.Out);
        var list = await ExeRun.RunAsync(["profile", "list"], env);
        var counters = await ExeRun.RunAsync(["counters", "--profile", "nightly"], env); // the endpoint comes from the profile
        var remove = await ExeRun.RunAsync(["profile", "remove", "nightly"], env);
        var again = await ExeRun.RunAsync(["counters", "--profile", "nightly"], env);
        var removeAgain = await ExeRun.RunAsync(["profile", "remove", "nightly"], env);

        Assert.Contains("nightly", list.Out);
        Assert.Equal(0, counters.ExitCode);
        Assert.Contains("12345", counters.Out);
        Assert.Equal(0, remove.ExitCode);
        Assert.Equal(ExitCodes.Usage, again.ExitCode);
        Assert.Contains("metrica-chats login --profile nightly", again.Error);
        Assert.Equal(ExitCodes.Usage, removeAgain.ExitCode);
        foreach (var r in new[] { login, list, counters, remove, again })
        {
            Assert.DoesNotContain(CliSandbox.Token[..8], r.All, StringComparison.Ordinal);
        }

        LeakScanner.AssertNone(LeakScanner.ScanDirectory(CliSandbox.Token, env["METRICA_CONFIG_DIR"]!));
    }

    [Fact]
    public async Task Login_refuses_an_empty_token_and_a_bad_profile_name()
    {
        var env = new Dictionary<string, string?> { ["METRICA_CONFIG_DIR"] = Directory.CreateTempSubdirectory("metrica-login-").FullName };
        var empty = await ExeRun.RunAsync(["login", "--allow-unprotected-file"], env, stdin: "\n");
        var badName = await ExeRun.RunAsync(["login", "--profile", "no spaces", "--allow-unprotected-file"], env, stdin: "y0_SomeTokenValue123\n");

        Assert.Equal(ExitCodes.Usage, empty.ExitCode);
        Assert.Equal(ExitCodes.Usage, badName.ExitCode);
        Assert.DoesNotContain("y0_SomeT", badName.All);
    }
}
