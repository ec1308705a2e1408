using System.Diagnostics;
using System.Globalization;
using MetricaChats.Core.Chats;
using MetricaChats.Core.Linking;

namespace MetricaChats.Bench;

/// <summary>
/// Figures for docs/linking.md: id generation rate, site-table memory per id, and join throughput
/// with first-message extraction. Run: <c>dotnet run -c Release --project bench/MetricaChats.Bench -- linking [count]</c>
/// once Program.cs dispatches the "linking" argument to <see cref="Run"/>.
/// </summary>
internal static class LinkingBench
{
    public static int Run(string[] args)
    {
        var n = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        using var generator = new TrackingIdGenerator();
        var ids = new string[n];
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            ids[i] = generator.Next();
        }

        Console.WriteLine($"generate: {n:N0} ids in {sw.Elapsed.TotalSeconds:F2} s = {n / sw.Elapsed.TotalSeconds:N0} ids/s");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        var table = new SiteVisitTable(maxIds: Math.Max(n, 1));
        sw.Restart();
        for (var i = 0; i < n; i++)
        {
            // Fresh strings, as the CSV reader would allocate them.
            table.Add(new SiteVisit
            {
                RowNumber = i + 1,
                TrackingId = new string(ids[i].ToCharArray()),
                ClientId = (1_700_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture),
            });
        }

        var load = sw.Elapsed;
        var after = GC.GetTotalMemory(true);
        Console.WriteLine($"site table: {n:N0} records in {load.TotalSeconds:F2} s = {n / load.TotalSeconds:N0} records/s; {(after - before) / (double)n:N0} bytes per id (table, records and strings)");

        var joiner = new ChatVisitJoiner(table);
        var random = new Random(1);
        sw.Restart();
        for (var i = 0; i < n; i++)
        {
            var message = i % 10 == 0
                ? "Сколько стоит доставка?"
                : "Здравствуйте! Мой номер обращения: [#ref " + ids[random.Next(n)] + "] 👋";
            joiner.Join(new TrackedChat(new ChatRecord { RowNumber = i + 1, ChatPlatform = "whatsapp", PhoneNumber = "+79001234567", DateTime = "2026-11-20T10:00:00Z" }, firstMessage: message));
        }

        Console.WriteLine($"join: {n:N0} chats in {sw.Elapsed.TotalSeconds:F2} s = {n / sw.Elapsed.TotalSeconds:N0} chats/s ({joiner.Report.Matched:N0} matched, {joiner.Report.NoTrackingId:N0} without id)");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        GC.KeepAlive(table);
        return 0;
    }
}
