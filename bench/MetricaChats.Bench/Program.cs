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
    "load" => LoadBenchmark.RunAsync(rest).GetAwaiter().GetResult(),
    "module" => ModuleBenchmark.RunAsync(rest).GetAwaiter().GetResult(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/MetricaChats.Bench -- <benchmark> [options]");
    Console.Error.WriteLine("benchmarks:");
    Console.Error.WriteLine("  engine [--events N]   normalise + validate + write (default 1,000,000 events), and the CSV reader");
    Console.Error.WriteLine("  import [--events N] [--parallel N] [--profile]   records -> sandbox over loopback (default 1,000,000), vs the same CSV in one request");
    Console.Error.WriteLine("  load [--events N] [--dir PATH] [--parallel 1-3] [--keep] [--no-baseline]");
    Console.Error.WriteLine("                        end-to-end import of N generated events (default 1,000,000) into an in-process sandbox, vs. raw multipart uploads");
    Console.Error.WriteLine("  module [--events N] [--rounds N] [--cases cli,path,importcsv,new]");
    Console.Error.WriteLine("                        the same export file through metrica-chats import, Send-MetricaChatImport -Path and Import-Csv | Send-MetricaChatImport, each a fresh process");
    return 2;
}
