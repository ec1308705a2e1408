using System.CommandLine;
using MetricaChats.Cli.Help;
using MetricaChats.Cli.Tests.Cli;
using Xunit;

namespace MetricaChats.Cli.Tests.Help;

/// <summary>--help as a new user reads it, through the real executable: examples on every command, defaults said once, no .NET type names, typo suggestions.</summary>
public sealed class HelpTests
{
    private static IEnumerable<Command> AllCommands(Command command)
    {
        yield return command;
        foreach (var sub in command.Subcommands)
        {
            foreach (var c in AllCommands(sub))
            {
                yield return c;
            }
        }
    }

    private static RootCommand Root() => new CliApp(new CliConsole(TextReader.Null, TextWriter.Null, TextWriter.Null)).BuildRootCommand();

    [Fact]
    public async Task Every_command_s_help_has_examples_says_each_default_once_and_names_no_dotnet_type()
    {
        foreach (var command in AllCommands(Root()))
        {
            var key = HelpExamples.KeyOf(command);
            var r = await ExeRun.RunAsync([.. key.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

            Assert.True(r.ExitCode == 0, key + ": " + r.All);
            Assert.Contains("Examples:", r.Out);
            Assert.Contains("  metrica-chats", r.Out[r.Out.IndexOf("Examples:", StringComparison.Ordinal)..]);
            Assert.DoesNotContain("System.", r.Out);
            Assert.DoesNotContain("docs/", r.Out.Replace("/blob/main/docs/", string.Empty, StringComparison.Ordinal)); // links, never repository paths
            foreach (var line in r.Out.Split('\n').Where(l => l.Contains("[default:", StringComparison.Ordinal)))
            {
                Assert.DoesNotContain("(default", line, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void Every_example_parses_as_it_is_written()
    {
        var root = Root();
        foreach (var (key, examples) in HelpExamples.ByCommand)
        {
            Assert.Contains(AllCommands(root), c => HelpExamples.KeyOf(c) == key);
            foreach (var example in examples)
            {
                var line = example.Split('|')[0].Split('<')[0].Split('>')[0].Trim();
                var parse = root.Parse(System.CommandLine.Parsing.CommandLineParser.SplitCommandLine(line).Skip(1).ToArray());
                Assert.True(parse.Errors.Count == 0, example + ": " + string.Join("; ", parse.Errors.Select(e => e.Message)));
            }
        }

        Assert.All(AllCommands(root), c => Assert.True(HelpExamples.ByCommand.ContainsKey(HelpExamples.KeyOf(c)), "no examples for '" + HelpExamples.KeyOf(c) + "'"));
    }

    [Fact]
    public async Task Token_stdin_speaks_of_import_dash_only_on_import()
    {
        var import = await ExeRun.RunAsync(["import", "--help"]);
        var status = await ExeRun.RunAsync(["status", "--help"]);
        var counters = await ExeRun.RunAsync(["counters", "--help"]);

        Assert.Contains("import -", import.Out);
        Assert.DoesNotContain("import -", status.Out);
        Assert.DoesNotContain("import -", counters.Out);
    }

    [Fact]
    public async Task Mistyped_commands_options_and_values_get_a_suggestion_and_no_dotnet_type_names()
    {
        var command = await ExeRun.RunAsync(["improt", "chats.csv"]);
        var option = await ExeRun.RunAsync(["import", "chats.csv", "--countr", "5"]);
        var value = await ExeRun.RunAsync(["link", "telegrambot", "--target", "x"]);
        var number = await ExeRun.RunAsync(["import", "chats.csv", "--counter", "twelve"]);
        var sub = await ExeRun.RunAsync(["calls-window", "enabel", "--counter", "1"]);

        foreach (var r in new[] { command, option, value, number, sub })
        {
            Assert.Equal(ExitCodes.Usage, r.ExitCode);
            Assert.DoesNotContain("System.", r.Error);
            Assert.Contains("--help' for usage and examples", r.Error);
        }

        Assert.Contains("Did you mean 'import'?", command.Error);
        Assert.Contains("Did you mean '--counter'?", option.Error);
        Assert.Contains("Did you mean 'telegram-bot'?", value.Error);
        Assert.Contains("--counter: 'twelve' is not a whole number.", number.Error);
        Assert.Contains("Did you mean 'enable'?", sub.Error);
    }
}
