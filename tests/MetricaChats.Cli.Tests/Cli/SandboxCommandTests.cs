using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MetricaChats.Cli.Commands;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Cli.Tests.Cli;

/// <summary>The sandbox command: starts in-process, serves the API, prints how to use it, stops on Ctrl+C.</summary>
public sealed class SandboxCommandTests
{
    [Fact]
    public async Task Sandbox_serves_the_API_until_cancelled_and_prints_how_to_point_the_tools_at_it()
    {
        var output = new SyncStringWriter();
        var error = new SyncStringWriter();
        var console = new CliConsole(new StringReader(string.Empty), output, error) { GetEnvironmentVariable = _ => null };
        using var cts = new CancellationTokenSource();

        var run = CliApp.RunAsync(["sandbox", "--port", "0", "--token", "local-demo", "--counter", "555", "--json"], console, cts.Token);
        await TestFiles.WaitUntilAsync(() => output.ToString().Contains("endpoint", StringComparison.Ordinal), "the sandbox to start");

        using (var doc = JsonDocument.Parse(output.ToString()))
        {
            var endpoint = doc.RootElement.GetProperty("endpoint").GetString()!;
            Assert.StartsWith("http://127.0.0.1:", endpoint, StringComparison.Ordinal);
            Assert.Equal(555, doc.RootElement.GetProperty("counters")[0].GetInt32());

            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, endpoint + "/management/v1/counters");
            request.Headers.Authorization = new AuthenticationHeaderValue("OAuth", "local-demo");
            using var response = await http.SendAsync(request);
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Contains("555", await response.Content.ReadAsStringAsync());
        }

        await cts.CancelAsync();
        Assert.Equal(ExitCodes.Success, await run);
    }

    [Fact]
    public async Task Sandbox_text_output_names_the_endpoint_token_and_commands()
    {
        var output = new SyncStringWriter();
        var console = new CliConsole(new StringReader(string.Empty), output, new SyncStringWriter()) { GetEnvironmentVariable = _ => null };
        using var cts = new CancellationTokenSource();
        var run = CliApp.RunAsync(["sandbox", "--port", "0", "--faults", "503,applied-then-reset", "--fault-rate", "0.5"], console, cts.Token);
        await TestFiles.WaitUntilAsync(() => output.ToString().Contains("Ctrl+C", StringComparison.Ordinal), "the sandbox to start");
        await cts.CancelAsync();
        Assert.Equal(ExitCodes.Success, await run);

        var text = output.ToString();
        Assert.Contains("export METRICA_TOKEN=demo METRICA_ENDPOINT=http://127.0.0.1:", text);
        Assert.Contains("--endpoint http://127.0.0.1:", text);
        Assert.Contains("faults: 503,applied-then-reset at rate 0.5", text);
    }

    [Fact]
    public void Fault_names_map_to_the_sandbox_kinds_and_unknown_names_are_usage_errors()
    {
        Assert.Equal([SandboxFaultKind.ServiceUnavailable, SandboxFaultKind.AppliedThenReset], SandboxCommand.ParseFaults(["503,applied-then-reset"]));
        Assert.Equal(8, SandboxCommand.ParseFaults(["all"]).Count);
        Assert.Equal([SandboxFaultKind.Slow], SandboxCommand.ParseFaults(["Slow"]));
        Assert.Throws<CliUsageException>(() => SandboxCommand.ParseFaults(["teapot"]));

        var options = SandboxCommand.BuildOptions(0, "demo", null, ["504"], null, 3, 1);
        Assert.Equal(0.2, options.Faults.FailureRate);
        Assert.Equal(1, options.Faults.GetWeight(SandboxFaultKind.GatewayTimeout));
        Assert.Equal(0, options.Faults.GetWeight(SandboxFaultKind.InternalServerError));
        Assert.Throws<CliUsageException>(() => SandboxCommand.BuildOptions(0, "demo", null, null, 0.5, 1, 1));
    }

    [Fact]
    public async Task An_unknown_fault_name_exits_2()
    {
        var r = await CliRun.RunAsync(["sandbox", "--port", "0", "--faults", "teapot"]);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("'teapot' is not a fault", r.Error);
    }

    /// <summary>A StringWriter safe to read while the command writes from another thread.</summary>
    private sealed class SyncStringWriter : StringWriter
    {
        private readonly object _gate = new();

        public SyncStringWriter()
            : base(new StringBuilder(), System.Globalization.CultureInfo.InvariantCulture)
        {
        }

        public override void Write(char value)
        {
            lock (_gate) { base.Write(value); }
        }

        public override void Write(string? value)
        {
            lock (_gate) { base.Write(value); }
        }

        public override void WriteLine(string? value)
        {
            lock (_gate) { base.WriteLine(value); }
        }

        public override string ToString()
        {
            lock (_gate) { return base.ToString(); }
        }
    }
}
