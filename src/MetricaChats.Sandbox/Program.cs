using System.Globalization;
using System.Runtime.InteropServices;
using MetricaChats.Sandbox;

// A thin wrapper: parse the command line into SandboxOptions, start, wait for Ctrl+C.
var options = new SandboxOptions { Port = 8080 };
var tokens = new List<string>();
var counters = new List<int>();
var visitors = new List<(string Column, string Value)>();
double? faultRate = null;
try
{
    for (int i = 0; i < args.Length; i++)
    {
        string arg = args[i];
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
        switch (arg)
        {
            case "--port": options.Port = int.Parse(Value(), CultureInfo.InvariantCulture); break;
            case "--host": options.Host = Value(); break;
            case "--token": tokens.Add(Value()); break;
            case "--counter": counters.Add(int.Parse(Value(), CultureInfo.InvariantCulture)); break;
            case "--processing-seconds": options.ProcessingTime = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
            case "--faults": faultRate = double.Parse(Value(), CultureInfo.InvariantCulture); break;
            case "--seed": options.Seed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
            case "--max-stored-rows": options.MaxStoredRows = long.Parse(Value(), CultureInfo.InvariantCulture); break;
            case "--late-stores": options.Faults.LateStoreRate = double.Parse(Value(), CultureInfo.InvariantCulture); break;
            case "--late-store-seconds": options.Faults.LateStoreDelay = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
            case "--late-store-holds-answer": options.Faults.LateStoreHoldsAnswer = true; break;
            case "--visitor": visitors.Add(Visitor(Value())); break;
            case "--upload-by-id-path": options.UploadByIdPath = ByIdPath(Value()); break;
            case "--help" or "-h" or "-?":
                PrintUsage();
                return 0;
            default:
                throw new ArgumentException($"Unknown option '{arg}'.");
        }
    }

    if (tokens.Count == 0)
    {
        throw new ArgumentException("Give at least one --token (any text you choose, e.g. --token demo).");
    }

    if (counters.Count == 0)
    {
        counters.Add(12345);
    }

    foreach (string token in tokens)
    {
        options.AddToken(token, counters.ToArray());
    }

    foreach ((string column, string value) in visitors)
    {
        foreach (int counter in counters)
        {
            options.AddVisitor(counter, column, value);
        }
    }

    if (faultRate is double rate)
    {
        options.Faults.FailureRate = rate;
    }
}
catch (Exception error) when (error is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(error.Message);
    PrintUsage();
    return 2;
}

await using SandboxServer server = await SandboxServer.StartAsync(options);
string endpoint = server.BaseAddress.ToString().TrimEnd('/');
Console.WriteLine($"MetricaChats sandbox (a local Yandex Metrica API emulator) listening on {endpoint}");
Console.WriteLine($"  counters: {string.Join(", ", counters)}; tokens: {string.Join(", ", tokens)}; processing time: {options.ProcessingTime.TotalSeconds:0.###} s; fault rate: {options.Faults.FailureRate:0.###}; seed: {options.Seed}");
Console.WriteLine("Point the module or the CLI at it:");
Console.WriteLine($"  PowerShell: -Endpoint {endpoint} (the token is '{tokens[0]}')");
Console.WriteLine($"  CLI:        metrica-chats ... --endpoint {endpoint}");
Console.WriteLine($"  curl:       curl -H 'Authorization: OAuth {tokens[0]}' {endpoint}/management/v1/counters");
Console.WriteLine($"Inspect:      {endpoint}/_sandbox/uploads   {endpoint}/_sandbox/requests   (POST {endpoint}/_sandbox/reset)");
Console.WriteLine($"Outage:       curl -X POST -d '{{\"kind\":\"ServiceUnavailable\",\"seconds\":60}}' {endpoint}/_sandbox/outage");
Console.WriteLine("Press Ctrl+C to stop.");

var stop = new TaskCompletionSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}

using (PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop))
using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop))
{
    await stop.Task;
}

return 0;

// "ClientId=1700000000000000001": a visitor every counter knows.
static (string Column, string Value) Visitor(string text)
{
    int equals = text.IndexOf('=', StringComparison.Ordinal);
    if (equals <= 0 || equals == text.Length - 1)
    {
        throw new ArgumentException($"--visitor '{text}' must be <column>=<id>, e.g. ClientId=1700000000000000001 (columns: ClientId, UserId, Yclid, PurchaseId).");
    }

    return (SandboxVisitors.Canonical(text.Substring(0, equals)), text.Substring(equals + 1).Trim());
}

static SandboxUploadByIdPath ByIdPath(string text) =>
    Enum.TryParse(text, ignoreCase: true, out SandboxUploadByIdPath path) && Enum.IsDefined(path) && !int.TryParse(text, out _)
        ? path
        : throw new ArgumentException($"--upload-by-id-path '{text}' must be singular, plural, both or none.");

static void PrintUsage()
{
    Console.Error.WriteLine("Usage: dotnet run --project src/MetricaChats.Sandbox -- --token <text> [--token <text>] [--counter <id>]...");
    Console.Error.WriteLine("         [--port 8080] [--host 127.0.0.1] [--processing-seconds 5] [--faults <0..1>] [--seed 1] [--max-stored-rows 1000000]");
    Console.Error.WriteLine("         [--late-stores <0..1>] [--late-store-seconds 2] [--late-store-holds-answer]");
    Console.Error.WriteLine("         [--visitor ClientId=<id>]... [--upload-by-id-path singular|plural|both|none]");
    Console.Error.WriteLine("Every token may use every --counter (default 12345). Binds to loopback only. See docs/sandbox.md.");
}
