using System.CommandLine;
using System.Globalization;
using MetricaChats.Cli.Output;
using MetricaChats.Sandbox;

namespace MetricaChats.Cli.Commands;

/// <summary>
/// <c>metrica-chats sandbox [--port] [--faults ...]</c>: runs the local Metrica emulator in this
/// process until Ctrl+C, and says how to point the CLI and the PowerShell module at it.
/// </summary>
internal static class SandboxCommand
{
    /// <summary>Fault names accepted by --faults, and what they mean.</summary>
    public static readonly IReadOnlyList<(string Name, SandboxFaultKind Kind)> FaultNames =
    [
        ("500", SandboxFaultKind.InternalServerError),
        ("503", SandboxFaultKind.ServiceUnavailable),
        ("504", SandboxFaultKind.GatewayTimeout),
        ("429", SandboxFaultKind.RateLimitBurst),
        ("slow", SandboxFaultKind.Slow),
        ("drop", SandboxFaultKind.DropConnection),
        ("applied-then-error", SandboxFaultKind.AppliedThenError),
        ("applied-then-reset", SandboxFaultKind.AppliedThenReset),
    ];

    public static Command Create(CliApp app)
    {
        var port = new Option<int>("--port", "-p")
        {
            Description = "TCP port on 127.0.0.1 (0 picks a free one).",
            DefaultValueFactory = _ => 8080,
        };
        var token = new Option<string>("--token")
        {
            Description = "The token the sandbox accepts (any text; it is not a real token).",
            DefaultValueFactory = _ => "demo",
        };
        var counters = new Option<int[]>("--counter", "-c")
        {
            Description = "A counter the sandbox knows (repeat for more; default 12345).",
            AllowMultipleArgumentsPerToken = false,
        };
        var faults = new Option<string[]>("--faults")
        {
            Description = "Faults to inject, comma-separated: " + string.Join(", ", FaultNames.Select(f => f.Name)) + ", or 'all'. Each request draws one with probability --fault-rate.",
            HelpName = "kinds",
        };
        var faultRate = new Option<double?>("--fault-rate")
        {
            Description = "Probability (0..1) that a request gets one of the --faults (default 0.2 when --faults is given).",
            HelpName = "p",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the fault generator: the same requests get the same faults.",
            DefaultValueFactory = _ => 1,
        };
        var processing = new Option<double>("--processing-seconds")
        {
            Description = "Seconds an upload takes to reach its final status.",
            DefaultValueFactory = _ => 5,
            HelpName = "s",
        };
        var command = new Command("sandbox", "Run a local Yandex Metrica API emulator in this process until Ctrl+C or SIGTERM (exit 0), to try the tool without a real counter. Needs the ASP.NET Core runtime (the single-file builds carry it).")
        {
            port, token, counters, faults, faultRate, seed, processing,
        };
        command.SetAction((parse, ct) =>
        {
            var settings = app.Settings(parse);
            var json = settings.Json;
            return app.Guard(
                settings,
                async () =>
                {
                    var options = BuildOptions(
                        parse.GetValue(port),
                        parse.GetValue(token)!,
                        parse.GetValue(counters),
                        parse.GetValue(faults),
                        parse.GetValue(faultRate),
                        parse.GetValue(seed),
                        parse.GetValue(processing));
                    await using var sandbox = await EmbeddedSandbox.StartAsync(options, ct).ConfigureAwait(false);
                    Announce(app.Console, json, sandbox, options);
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested)
                    {
                        app.Console.Error.WriteLine("Sandbox stopped.");
                    }

                    return ExitCodes.Success;
                });
        });
        return command;
    }

    internal static SandboxOptions BuildOptions(int port, string token, int[]? counters, string[]? faults, double? faultRate, int seed, double processingSeconds)
    {
        if (port is < 0 or > 65535)
        {
            throw new CliUsageException($"--port {port.ToString(CultureInfo.InvariantCulture)} is not a TCP port (0-65535).");
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            throw new CliUsageException("--token must not be empty.");
        }

        if (processingSeconds < 0 || double.IsNaN(processingSeconds))
        {
            throw new CliUsageException("--processing-seconds must be zero or more.");
        }

        var ids = counters is { Length: > 0 } ? counters : [CountersCommand.DefaultSandboxCounter];
        if (ids.Any(c => c <= 0))
        {
            throw new CliUsageException("--counter must be a positive counter id.");
        }

        var options = new SandboxOptions
        {
            Port = port,
            ProcessingTime = TimeSpan.FromSeconds(processingSeconds),
            Seed = seed,
        };
        options.AddToken(token.Trim(), ids);
        options.Faults.Seed = seed;

        var kinds = ParseFaults(faults);
        if (kinds.Count > 0)
        {
            var rate = faultRate ?? 0.2;
            if (double.IsNaN(rate) || rate < 0 || rate > 1)
            {
                throw new CliUsageException("--fault-rate must be between 0 and 1.");
            }

            options.Faults.EnableOnly([.. kinds]);
            options.Faults.FailureRate = rate;
        }
        else if (faultRate is not null)
        {
            throw new CliUsageException("--fault-rate needs --faults <kinds> (e.g. --faults 503,applied-then-reset).");
        }

        return options;
    }

    internal static List<SandboxFaultKind> ParseFaults(string[]? values)
    {
        var kinds = new List<SandboxFaultKind>();
        foreach (var part in (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (string.Equals(part, "all", StringComparison.OrdinalIgnoreCase))
            {
                kinds.AddRange(FaultNames.Select(f => f.Kind));
                continue;
            }

            var match = FaultNames.FirstOrDefault(f => string.Equals(f.Name, part, StringComparison.OrdinalIgnoreCase));
            if (match.Name is not null)
            {
                kinds.Add(match.Kind);
            }
            else if (Enum.TryParse<SandboxFaultKind>(part, ignoreCase: true, out var kind) && Enum.IsDefined(kind))
            {
                kinds.Add(kind);
            }
            else
            {
                throw new CliUsageException($"--faults: '{part}' is not a fault. Use one or more of: {string.Join(", ", FaultNames.Select(f => f.Name))}, all.");
            }
        }

        return kinds.Distinct().ToList();
    }

    private static void Announce(CliConsole console, bool json, EmbeddedSandbox sandbox, SandboxOptions options)
    {
        var endpoint = sandbox.Endpoint.ToString().TrimEnd('/');
        var token = options.Tokens.Keys.First();
        var counters = options.Tokens.Values.First();
        var kinds = FaultNames.Where(f => options.Faults.FailureRate > 0 && options.Faults.GetWeight(f.Kind) > 0).Select(f => f.Name).ToList();
        if (json)
        {
            JsonOut.WriteObject(console.Out, w =>
            {
                w.WriteString("endpoint", endpoint);
                w.WriteString("token", token);
                w.WriteStartArray("counters");
                foreach (var c in counters)
                {
                    w.WriteNumberValue(c);
                }

                w.WriteEndArray();
                w.WriteNumber("processingSeconds", options.ProcessingTime.TotalSeconds);
                w.WriteNumber("faultRate", options.Faults.FailureRate);
                w.WriteStartArray("faults");
                foreach (var k in kinds)
                {
                    w.WriteStringValue(k);
                }

                w.WriteEndArray();
            });
            return;
        }

        var o = console.Out;
        var counter = counters[0].ToString(CultureInfo.InvariantCulture);
        o.WriteLine($"Metrica sandbox listening on {endpoint} (loopback only; a local emulator, not Yandex).");
        o.WriteLine($"  token: {token}   counters: {string.Join(", ", counters)}   processing: {options.ProcessingTime.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s" +
            (kinds.Count > 0 ? $"   faults: {string.Join(",", kinds)} at rate {options.Faults.FailureRate.ToString("0.###", CultureInfo.InvariantCulture)}" : string.Empty));
        o.WriteLine("Point the command-line tool at it (another terminal):");
        o.WriteLine($"  export METRICA_TOKEN={token} METRICA_ENDPOINT={endpoint}");
        o.WriteLine($"  metrica-chats import chats.csv --counter {counter} --wait");
        o.WriteLine($"  metrica-chats counters        (or, without the variables: --endpoint {endpoint} with METRICA_TOKEN)");
        o.WriteLine($"Inspect what arrived: {endpoint}/_sandbox/uploads and {endpoint}/_sandbox/requests");
        o.WriteLine("Press Ctrl+C to stop.");
        o.Flush();
    }
}
