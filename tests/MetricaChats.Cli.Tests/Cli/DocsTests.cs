using System.CommandLine;
using MetricaChats.Core.Chats;
using Xunit;

namespace MetricaChats.Cli.Tests.Cli;

/// <summary>docs/cli.md documents every command, option and exit code, and the column names.</summary>
public sealed class DocsTests
{
    private static string Docs()
    {
        var samples = TestFiles.SamplePath();
        var root = Path.GetDirectoryName(Path.GetDirectoryName(samples))!;
        return File.ReadAllText(Path.Combine(root, "docs", "cli.md"));
    }

    [Fact]
    public void Every_command_and_option_is_documented()
    {
        var docs = Docs();
        var root = new CliApp(new CliConsole(TextReader.Null, TextWriter.Null, TextWriter.Null)).BuildRootCommand();
        var missing = new List<string>();
        void Visit(Command command, string path)
        {
            foreach (var option in command.Options)
            {
                if (option.Name is "--help" or "--version")
                {
                    continue;
                }

                if (!docs.Contains("`" + option.Name, StringComparison.Ordinal))
                {
                    missing.Add(path + " " + option.Name);
                }
            }

            foreach (var sub in command.Subcommands)
            {
                var subPath = (path + " " + sub.Name).Trim();
                if (!docs.Contains(subPath, StringComparison.Ordinal))
                {
                    missing.Add(subPath);
                }

                Visit(sub, subPath);
            }
        }

        Visit(root, string.Empty);
        Assert.Empty(missing);
    }

    [Fact]
    public void Exit_codes_and_column_names_are_documented_and_linked()
    {
        var docs = Docs();
        foreach (var code in new[] { ExitCodes.Success, ExitCodes.Failure, ExitCodes.Usage, ExitCodes.Partial, ExitCodes.Cancelled })
        {
            Assert.Contains("| " + code + " |", docs, StringComparison.Ordinal);
        }

        foreach (var (field, names) in ChatFieldAliases.All)
        {
            Assert.Contains("`" + names[0] + "`", docs, StringComparison.Ordinal);
            Assert.Contains("`" + MetricaChats.Core.Wire.ChatCsvSchema.ColumnName(field) + "`", docs, StringComparison.Ordinal);
        }

        Assert.Contains("(chat-fields.md)", docs, StringComparison.Ordinal);
    }
}
