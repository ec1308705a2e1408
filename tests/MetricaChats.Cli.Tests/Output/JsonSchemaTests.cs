using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using MetricaChats.Cli.Tests.Cli;
using Xunit;

namespace MetricaChats.Cli.Tests.Output;

/// <summary>
/// The published JSON Schemas (docs/schemas) hold for the real --json output of every command,
/// successful and failing; every property is described there and named in docs/cli.md.
/// </summary>
public sealed class JsonSchemaTests
{
    private static readonly string SchemaDir = Path.Combine(ExeRun.RepositoryRoot(), "docs", "schemas");

    // Built once: building a schema registers it (by its $id) for the $refs of the others.
    private static readonly Lazy<Dictionary<string, JsonSchema>> Schemas = new(() =>
        Directory.GetFiles(SchemaDir, "*.schema.json").ToDictionary(
            f => Path.GetFileName(f)[..^".schema.json".Length],
            f => JsonSchema.FromText(File.ReadAllText(f))));

    private static JsonSchema Load(string name) => Schemas.Value[name];

    private static void AssertValid(string schemaName, CliResult result)
    {
        var schema = Load(schemaName);
        using var doc = JsonDocument.Parse(result.Out);
        var evaluation = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (evaluation.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Value));
        Assert.True(evaluation.IsValid, schemaName + " rejects the output:\n" + string.Join("\n", errors) + "\n" + result.Out);
        Assert.Equal(1, doc.RootElement.GetProperty("schemaVersion").GetInt32());
    }

    [Fact]
    public async Task Every_command_s_real_json_output_matches_its_schema()
    {
        await using var sandbox = await CliSandbox.StartAsync(o => o.Quotas.DailyPerToken = 0);
        var work = sandbox.TempFile("work");
        Directory.CreateDirectory(work);
        var sample = TestFiles.SamplePath();
        var ledger = Path.Combine(work, "ledger.db");
        var good = Path.Combine(work, "good.csv");
        await File.WriteAllTextAsync(good, TestFiles.GoodCsv(4));

        AssertValid("goals", await sandbox.RunAsync(["goals", "--counter", "12345", "--json"]));            // no goal yet
        AssertValid("goals", await sandbox.RunAsync(["goals", "--counter", "12345", "--chat", "--json"])); // exit 1: none yet
        AssertValid("import", await sandbox.RunAsync(["import", sample, "--counter", "12345", "--wait", "--rejects", Path.Combine(work, "r.csv"), "--ledger", ledger, "--json"]));
        AssertValid("goals", await sandbox.RunAsync(["goals", "--counter", "12345", "--json"]));            // the Chat goal
        AssertValid("goals", await sandbox.RunAsync(["goals", "--counter", "12345", "--chat", "--json"]));
        AssertValid("import", await sandbox.RunAsync(["import", sample, "--counter", "12345", "--ledger", ledger, "--json"])); // already sent
        AssertValid("history", await CliRun.RunAsync(["history", "--ledger", ledger, "--json"]));
        AssertValid("history", await CliRun.RunAsync(["history", "--ledger", ledger, "--run", "1", "--json"]));
        AssertValid("history", await CliRun.RunAsync(["history", "--ledger", Path.Combine(work, "none.db"), "--json"]));
        AssertValid("import", await sandbox.RunAsync(["import", sample, "--counter", "12345", "--dry-run", Path.Combine(work, "dry"), "--json"]));
        var upload = sandbox.Server.State.UploadsOf(CliSandbox.Counter)[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        AssertValid("status-upload", await sandbox.RunAsync(["status", "--counter", "12345", "--id", upload, "--json"]));
        AssertValid("status-list", await sandbox.RunAsync(["status", "--counter", "12345", "--json"]));
        AssertValid("calls-window", await sandbox.RunAsync(["calls-window", "enable", "--counter", "12345", "--json"]));
        AssertValid("calls-window", await sandbox.RunAsync(["calls-window", "show", "--counter", "12345", "--json"]));
        AssertValid("counters", await sandbox.RunAsync(["counters", "--json"]));
        AssertValid("tracking-id", await CliRun.RunAsync(["tracking-id", "--count", "3", "--prefix", "SHOP", "--json"]));
        AssertValid("link", await CliRun.RunAsync(["link", "telegram-bot", "--target", "ShopHelpBot", "--json"]));
        AssertValid("link", await CliRun.RunAsync(["link", "viber", "--target", "+375 29 123-45-67", "--id", "K7M2Q9XH4TPA", "--json"]));
        AssertValid("find-id", await CliRun.RunAsync(["find-id", "--json", "[#ref AAAA2222BBBB] or [#ref CCCC3333DDDD]", "nothing"]));

        var site = Path.Combine(work, "site.csv");
        var chats = Path.Combine(work, "chats.csv");
        await File.WriteAllTextAsync(site, "TrackingId,ClientId\nK7M2Q9XH4TPA,1730000000000000001\nRRRR2222RRRR,\n");
        await File.WriteAllTextAsync(chats, "DateTime,ChatPlatform,ChatUsername,TrackingId\n2026-11-20T10:00:00Z,telegram,olga,K7M2Q9XH4TPA\n2026-11-20T10:00:00Z,telegram,ivan,RRRR2222RRRR\n");
        AssertValid("join", await CliRun.RunAsync(["join", chats, "--site", site, "--out", Path.Combine(work, "joined.csv"), "--json"]));

        var env = sandbox.Environment();
        AssertValid("login", await CliRun.RunAsync(["login", "--profile", "schema", "--token-stdin", "--allow-unprotected-file", "--endpoint", sandbox.Endpoint, "--json"], CliSandbox.Token + "\n", env));
        AssertValid("profile-list", await CliRun.RunAsync(["profile", "list", "--json"], environment: env));
        AssertValid("profile-remove", await CliRun.RunAsync(["profile", "remove", "schema", "--json"], environment: env));
    }

    [Fact]
    public async Task Every_failure_prints_an_error_document_that_matches_the_error_schema()
    {
        await using var sandbox = await CliSandbox.StartAsync();
        var failures = new[]
        {
            await CliRun.RunAsync(["import", "f.csv", "--json"]),                         // usage: --counter missing
            await CliRun.RunAsync(["improt", "--json"]),                                   // usage: unknown command
            await CliRun.RunAsync(["import", "f.csv", "--counter", "abc", "--json"]),      // usage: not a number
            await sandbox.RunAsync(["counters", "--json"], token: "y0_WrongTokenForSchemaTests000"), // api: 401
            await sandbox.RunAsync(["status", "--counter", "12345", "--id", "424242", "--json"]), // api: 404
        };

        foreach (var r in failures)
        {
            Assert.NotEqual(0, r.ExitCode);
            AssertValid("error", r);
        }

        using var usage = JsonDocument.Parse(failures[0].Out);
        Assert.Equal("usage", usage.RootElement.GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(2, usage.RootElement.GetProperty("error").GetProperty("exitCode").GetInt32());
        using var api = JsonDocument.Parse(failures[3].Out);
        Assert.Equal(401, api.RootElement.GetProperty("error").GetProperty("status").GetInt32());

        // The schemas do reject: an error document without its exit code, or with an unknown field.
        using var missing = JsonDocument.Parse("{\"schemaVersion\": 1, \"error\": {\"kind\": \"usage\", \"message\": \"x\"}}");
        using var extra = JsonDocument.Parse("{\"schemaVersion\": 1, \"error\": {\"kind\": \"usage\", \"message\": \"x\", \"exitCode\": 2, \"surprise\": 1}}");
        Assert.False(Load("error").Evaluate(missing.RootElement).IsValid);
        Assert.False(Load("error").Evaluate(extra.RootElement).IsValid);
    }

    [Fact]
    public void Every_schema_property_is_described_and_named_in_docs_cli_md()
    {
        var docs = File.ReadAllText(Path.Combine(ExeRun.RepositoryRoot(), "docs", "cli.md"));
        var missing = new List<string>();
        foreach (var file in Directory.GetFiles(SchemaDir, "*.schema.json"))
        {
            Walk(JsonNode.Parse(File.ReadAllText(file))!, Path.GetFileName(file));
            Assert.Contains("schemas/" + Path.GetFileName(file), docs, StringComparison.Ordinal);
        }

        Assert.Empty(missing);

        void Walk(JsonNode node, string path)
        {
            if (node is JsonObject o)
            {
                if (o["properties"] is JsonObject props)
                {
                    foreach (var (name, value) in props)
                    {
                        if (value is JsonObject p && p["description"] is null && p["$ref"] is null)
                        {
                            missing.Add(path + "." + name + ": no description");
                        }

                        if (!docs.Contains("`" + name + "`", StringComparison.Ordinal) && !docs.Contains("\"" + name + "\"", StringComparison.Ordinal))
                        {
                            missing.Add(path + "." + name + ": not named in docs/cli.md");
                        }
                    }
                }

                foreach (var (name, value) in o)
                {
                    if (value is not null)
                    {
                        Walk(value, path + "/" + name);
                    }
                }
            }
            else if (node is JsonArray a)
            {
                foreach (var item in a)
                {
                    if (item is not null)
                    {
                        Walk(item, path);
                    }
                }
            }
        }
    }
}
