using System.Reflection;

namespace MetricaChats.Tests.PsReview;

/// <summary>
/// platyPS (New-ExternalHelp in build.ps1) takes a markdown file for an about topic only when
/// its second heading starts with "about"; any other file is read as a cmdlet page, and an
/// about topic read that way stops the build. These tests hold every about_*.md to the layout
/// of platyPS's about template: "# Topic", then "## about_Topic", then "# SHORT DESCRIPTION".
/// </summary>
public sealed class AboutTopicLayoutTests
{
    public static TheoryData<string> AboutTopics()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(RepositoryRoot, "docs", "en-US"), "about_*.md"))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AboutTopics))]
    public void The_second_heading_names_the_about_topic_as_platyPS_requires(string fileName)
    {
        var topic = Path.GetFileNameWithoutExtension(fileName);
        var headings = Headings(File.ReadAllLines(Path.Combine(RepositoryRoot, "docs", "en-US", fileName)));

        Assert.True(headings.Count >= 3, fileName + " has fewer than three headings.");
        Assert.Equal("# " + topic["about_".Length..], headings[0]);
        Assert.Equal("## " + topic, headings[1]);
        Assert.Equal("# SHORT DESCRIPTION", headings[2]);
    }

    [Fact]
    public void Both_about_topics_are_found()
    {
        var names = Directory.GetFiles(Path.Combine(RepositoryRoot, "docs", "en-US"), "about_*.md").Select(Path.GetFileName).ToList();

        Assert.Contains("about_MetricaChats.md", names);
        Assert.Contains("about_MetricaChatTracking.md", names);
    }

    // Markdown headings outside fenced code blocks (a '#' comment in a code sample is no heading).
    private static List<string> Headings(IEnumerable<string> lines)
    {
        var headings = new List<string>();
        var inFence = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (!inFence && line.StartsWith('#'))
            {
                headings.Add(line.TrimEnd());
            }
        }

        return headings;
    }

    private static string RepositoryRoot =>
        typeof(AboutTopicLayoutTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
}
