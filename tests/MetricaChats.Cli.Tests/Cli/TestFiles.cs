using System.Globalization;
using System.Text;

namespace MetricaChats.Cli.Tests.Cli;

/// <summary>Input files for the end-to-end tests.</summary>
internal static class TestFiles
{
    /// <summary>A header and <paramref name="rows"/> valid rows (times in the last hours), every row attributed.</summary>
    public static string GoodCsv(int rows, string header = "DateTime,ChatPlatform,ChatUsername,PhoneNumber,ClientId,ChatTag")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600;
        var platforms = new[] { "whatsapp", "telegram", "viber" };
        var sb = new StringBuilder().Append(header).Append('\n');
        for (var i = 1; i <= rows; i++)
        {
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"{now - (i * 60)},{platforms[i % 3]},user_{i},+7916{i:0000000},{1730000000000000000L + i},test\n"));
        }

        return sb.ToString();
    }

    /// <summary>The repository's samples/chats.csv.</summary>
    public static string SamplePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "chats.csv");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("samples/chats.csv not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds; not a timing assertion, just a wait.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600; i++)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Gave up waiting for " + what);
    }
}

/// <summary>The CLI's printing limits, as the tests see them.</summary>
internal static class ImportRunnerLimits
{
    public const int MaxPrintedIssues = MetricaChats.Cli.Commands.IssueReporter.MaxPrintedIssues;
}
