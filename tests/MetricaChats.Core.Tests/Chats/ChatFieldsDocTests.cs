using System.Reflection;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Wire;
using Xunit;

namespace MetricaChats.Core.Tests.Chats;

/// <summary>docs/chat-fields.md is "the one place" the fields are documented: it must match the code.</summary>
public class ChatFieldsDocTests
{
    private static readonly Lazy<string> Doc = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MetricaChats.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return File.ReadAllText(Path.Combine(dir!.FullName, "docs", "chat-fields.md"));
    });

    [Fact]
    public void Every_input_name_is_documented()
    {
        foreach (var (field, names) in ChatFieldAliases.All)
        {
            foreach (var name in names)
            {
                Assert.True(Doc.Value.Contains("`" + name + "`", StringComparison.Ordinal), $"{field}: {name}");
            }
        }
    }

    [Fact]
    public void Every_wire_column_is_documented()
    {
        foreach (var column in ChatCsvSchema.Columns)
        {
            Assert.Contains($"| `{column.Field}` |", Doc.Value);
            Assert.Contains("`" + column.Name + "`", Doc.Value);
        }
    }

    [Fact]
    public void Every_issue_code_is_documented()
    {
        var codes = typeof(ChatIssueCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.True(codes.Count >= 30);
        foreach (var code in codes)
        {
            Assert.Contains("`" + code + "`", Doc.Value);
        }
    }
}
