using MetricaChats.Core.Api;
using MetricaChats.Core.Import;
using MetricaChats.Core.Tests.Auth;
using Xunit;
using Xunit.Sdk;

namespace MetricaChats.Core.Tests.Leak;

/// <summary>The collector really looks where the leak tests rely on it looking.</summary>
public sealed class LeakCollectorTests
{
    private const string Token = LeakSandbox.Good;

    [Fact]
    public void It_finds_the_prefix_in_an_object_nested_in_a_collection_of_another_object()
    {
        var c = new LeakCollector(LeakSandbox.Wrong, Token);
        var upload = new MetricaUpload { Id = 1, Comment = "note " + Token[..8] };
        c.Object("summary", new ChatImportSummary { BatchResults = new[] { new ChatBatchResult { BatchNumber = 1, Upload = upload } } });

        var failure = Assert.Throws<XunitException>(c.AssertClean);

        Assert.Contains("summary.BatchResults[0].Upload.Comment", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token[..8], failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void It_finds_the_token_in_an_inner_exceptions_data_and_in_a_file()
    {
        var inner = new InvalidOperationException("inner");
        inner.Data["header"] = "OAuth " + Token;
        var c = new LeakCollector(Token);
        c.Exception("call", new MetricaApiException(MetricaErrorKind.Network, "outer", innerException: inner));
        using var dir = new TestDirectory();
        var file = Path.Combine(dir.Path, "sub", "batch.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "a,b\n" + Token + ",c\n", System.Text.Encoding.Unicode);
        c.Directory(dir.Path);

        var failure = Assert.Throws<XunitException>(c.AssertClean);

        Assert.Contains("call (inner #1) Data", failure.Message, StringComparison.Ordinal);
        Assert.Contains("batch.csv (UTF-16LE", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_material_passes()
    {
        var c = new LeakCollector(Token);
        c.Object("upload", new MetricaUpload { Id = 7, Comment = "leak test run1b1" });
        c.Exception("error", new MetricaApiException(MetricaErrorKind.Unauthorized, "The token is invalid.", 401));

        c.AssertClean();
        Assert.True(c.Scanned >= 2);
    }
}
