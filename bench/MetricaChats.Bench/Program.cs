// MetricaChats benchmarks: a plain console program (Stopwatch + allocation counters), run in Release:
//   dotnet run -c Release --project bench/MetricaChats.Bench -- <benchmark> [options]
// Each benchmark is one class with a static Run(string[] args) returning an exit code.
// To add one, add a class in its own file and a case below.
using MetricaChats.Bench;

if (args.Length == 0)
{
    return Usage();
}

var rest = args[1..];
return args[0] switch
{
    "engine" => EngineBenchmark.Run(rest),
    "import" => ImportBenchmark.Run(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/MetricaChats.Bench -- <benchmark> [options]");
    Console.Error.WriteLine("benchmarks:");
    Console.Error.WriteLine("  engine [--events N]   normalise + validate + write (default 1,000,000 events), and the CSV reader");
    Console.Error.WriteLine("  import [--events N] [--parallel N] [--profile]   records -> sandbox over loopback (default 1,000,000), vs the same CSV in one request");
    return 2;
}
