using System.Text.RegularExpressions;

namespace MetricaChats.Tests.Module;

/// <summary>
/// Help/code drift (after PSScriptAnalyzer's help tests): every cmdlet and parameter is
/// documented in docs/en-US in PlatyPS markdown, with the type, aliases and pipeline binding
/// the code has, real examples, and no placeholder text.
/// </summary>
[Collection(CmdletAssemblyCollection.Name)]
public sealed class HelpDriftTests
{
    private readonly CmdletAssembly _assembly;

    public HelpDriftTests(CmdletAssembly assembly) => _assembly = assembly;

    public static TheoryData<string> CmdletNames()
    {
        using var assembly = new CmdletAssembly();
        var data = new TheoryData<string>();
        foreach (var c in assembly.Cmdlets)
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void The_cmdlet_has_a_complete_help_page(string name)
    {
        var text = Read(name + ".md");
        Assert.Contains("schema: 2.0.0", text);
        Assert.Contains("# " + name, text);
        Assert.DoesNotContain("{{", text);
        Assert.DoesNotMatch("(?i)\\b(TODO|TBD|lorem)\\b", text);
        foreach (var section in new[] { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS" })
        {
            Assert.True(Section(text, section).Trim().Length > 0, name + ": section " + section + " is empty");
        }

        var examples = Regex.Matches(Section(text, "EXAMPLES"), "```powershell\\r?\\n(?<code>.*?)```", RegexOptions.Singleline);
        Assert.True(examples.Count >= 2, name + " needs at least two examples");
        Assert.All(examples, m => Assert.Contains(name, m.Groups["code"].Value));
        Assert.Contains(name + " ", Section(text, "SYNTAX"));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_parameter_is_documented_as_the_code_declares_it(string name)
    {
        var cmdlet = _assembly.Cmdlet(name);
        var text = Read(name + ".md");
        var documented = Regex.Matches(text, "^### -(\\w+)\\s*$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        var expected = cmdlet.Parameters.Select(p => p.Name).ToList();
        if (cmdlet.SupportsShouldProcess)
        {
            expected.AddRange(new[] { "Confirm", "WhatIf" });
        }

        Assert.Equal(expected.OrderBy(n => n, StringComparer.Ordinal), documented.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Contains("### CommonParameters", text);

        foreach (var parameter in cmdlet.Parameters)
        {
            var block = ParameterBlock(text, parameter.Name);
            var description = block[..block.IndexOf("```yaml", StringComparison.Ordinal)].Trim();
            Assert.True(description.Length >= 20, name + " -" + parameter.Name + " has no real description");
            foreach (Match yaml in Regex.Matches(block, "```yaml\\r?\\n(?<y>.*?)```", RegexOptions.Singleline))
            {
                var fields = Regex.Matches(yaml.Groups["y"].Value, "^(?<k>[A-Za-z ]+):[ ]?(?<v>.*)$", RegexOptions.Multiline)
                    .ToDictionary(m => m.Groups["k"].Value, m => m.Groups["v"].Value.Trim());
                Assert.Equal(TypeName(parameter.Type), fields["Type"]);
                var aliases = fields["Aliases"].Length == 0 ? Array.Empty<string>() : fields["Aliases"].Split(',').Select(a => a.Trim()).ToArray();
                Assert.Equal(parameter.Aliases.OrderBy(a => a, StringComparer.Ordinal), aliases.OrderBy(a => a, StringComparer.Ordinal));
                Assert.Equal(Pipeline(parameter), fields["Accept pipeline input"]);
            }
        }
    }

    [Fact]
    public void The_about_topic_exists_and_names_the_main_cmdlets()
    {
        var text = Read("about_MetricaChats.md");
        Assert.Contains("## about_MetricaChats", text);
        Assert.DoesNotContain("{{", text);
        foreach (var name in new[] { "Connect-MetricaAccount", "New-MetricaChatEvent", "Send-MetricaChatImport", "Get-MetricaChatImport", "Get-MetricaCounter", "Enable-MetricaCallsExtendedWindow" })
        {
            Assert.Contains(name, text);
        }
    }

    [Fact]
    public void Every_help_page_belongs_to_a_cmdlet()
    {
        var names = _assembly.Cmdlets.Select(c => c.Name + ".md").ToHashSet(StringComparer.Ordinal);
        var pages = Directory.GetFiles(Path.Combine(_assembly.RepositoryRoot, "docs", "en-US"), "*.md").Select(p => Path.GetFileName(p)!)
            .Where(p => !p.StartsWith("about_", StringComparison.Ordinal));
        Assert.All(pages, page => Assert.Contains(page, names));
    }

    private string Read(string file)
    {
        var path = Path.Combine(_assembly.RepositoryRoot, "docs", "en-US", file);
        Assert.True(File.Exists(path), "missing help page " + path);
        return File.ReadAllText(path);
    }

    private static string Section(string text, string section)
    {
        var match = Regex.Match(text, "^## " + section + "\\s*$(?<body>.*?)(?=^## |\\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        return match.Success ? match.Groups["body"].Value : string.Empty;
    }

    private static string ParameterBlock(string text, string parameter)
    {
        var match = Regex.Match(text, "^### -" + parameter + "\\s*$(?<body>.*?)(?=^### |^## |\\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(match.Success, "no section for -" + parameter);
        return match.Groups["body"].Value;
    }

    private static string TypeName(Type type) => type.IsArray ? type.GetElementType()!.Name + "[]" : type.Name;

    private static string Pipeline(ParameterInfo p) => (p.ByValue, p.ByPropertyName) switch
    {
        (true, true) => "True (ByValue, ByPropertyName)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };
}
