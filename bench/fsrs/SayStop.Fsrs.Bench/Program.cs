using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SayStop.Fsrs;
using SayStop.Fsrs.Optimization;

// Benchmark driver for bench/fsrs/run.sh.
//   schedule <workload.json> [seconds]   previews per second on the workload written by peers/bench-schedule.mjs
//   report <out-dir> <sizes...>          reads the optimizer results of both sides and prints the table
var inv = CultureInfo.InvariantCulture;
switch (args.ElementAtOrDefault(0))
{
    case "schedule":
        Schedule(args[1], args.Length > 2 ? double.Parse(args[2], inv) : 3);
        return 0;
    case "fit":
        Fit(args[1]);
        return 0;
    case "report":
        Report(args[1], [.. args.Skip(2).Select(int.Parse)]);
        return 0;
    default:
        Console.Error.WriteLine("usage: schedule <workload.json> [seconds] | report <out-dir> <sizes...>");
        return 2;
}

static void Schedule(string path, double seconds)
{
    using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
    var scheduler = new Scheduler(new SchedulerOptions());
    var items = new List<(Card Card, DateTimeOffset Now)>();
    foreach (var c in doc.RootElement.GetProperty("cards").EnumerateArray())
    {
        var reviews = c.GetProperty("reviews").EnumerateArray().Select(r => (At: r[0].GetInt64(), G: r[1].GetInt32())).ToList();
        var previewAt = c.GetProperty("previewAt").GetInt64();
        var card = Card.CreateNew(DateTimeOffset.FromUnixTimeMilliseconds(reviews.Count > 0 ? reviews[0].At : previewAt));
        foreach (var (at, g) in reviews)
        {
            card = scheduler.Review(card, DateTimeOffset.FromUnixTimeMilliseconds(at), (Rating)g).Card;
        }

        items.Add((card, DateTimeOffset.FromUnixTimeMilliseconds(previewAt)));
    }

    long checksum = 0;
    (long Count, double Ms) Run(double ms)
    {
        long count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalMilliseconds < ms)
        {
            foreach (var (card, now) in items)
            {
                checksum += scheduler.Preview(card, now).Easy.Card.ScheduledDays;
                count++;
            }
        }

        return (count, clock.Elapsed.TotalMilliseconds);
    }

    Run(1000); // warm-up (tiered JIT)
    var r = Run(seconds * 1000);
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        implementation = $"SayStop.Fsrs (.NET {Environment.Version}, 1 thread)",
        previews = r.Count,
        ms = r.Ms,
        perSecond = r.Count / r.Ms * 1000,
        checksum,
    }));
}

static void Fit(string csv)
{
    List<RevlogEntry> rows;
    using (var reader = new StreamReader(csv))
    {
        rows = RevlogCsv.Read(reader);
    }

    var cards = RevlogConverter.ToHistories(rows, new DayBoundary(TimeZoneInfo.Utc, 4)).Where(c => c.CardId % 5 != 0).ToList();
    for (var i = 0; i < 3; i++)
    {
        var clock = Stopwatch.StartNew();
        var r = new FsrsOptimizer().Fit(cards);
        Console.WriteLine($"run {i + 1}: {clock.Elapsed.TotalMilliseconds:F1} ms ({r.Kind})");
    }
}

static void Report(string dir, int[] sizes)
{
    var inv = CultureInfo.InvariantCulture;
    var tsJson = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "schedule-ts.json"))).RootElement;
    var csJson = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "schedule-cs.json"))).RootElement;
    var ts = tsJson.GetProperty("perSecond").GetDouble();
    var cs = csJson.GetProperty("perSecond").GetDouble();
    Console.WriteLine();
    Console.WriteLine("Scheduling throughput (previews of all four answers per second, one thread, same 2,000 cards)");
    Console.WriteLine("| implementation | previews/s | ratio |");
    Console.WriteLine("|---|---:|---:|");
    Console.WriteLine(string.Create(inv, $"| {tsJson.GetProperty("implementation").GetString()} | {ts:N0} | 1.0 |"));
    Console.WriteLine(string.Create(inv, $"| {csJson.GetProperty("implementation").GetString()} | {cs:N0} | {cs / ts:F1} |"));
    Console.WriteLine();
    Console.WriteLine("Optimizer on synthetic logs (true w: defaults with w0..3 = 0.5/1.8/4/15, w8 = 1.5, w20 = 0.35; delays x0.3..x3;");
    Console.WriteLine("every 5th card held out). Fit = wall time of the fit call only; log loss on held-out reviews.");
    Console.WriteLine("| cards | reviews | train items | fit SayStop ms | fit fsrs-rs ms | speed-up | held-out log loss SayStop / fsrs-rs / true (C# evaluator) | diff | binding evaluate() SayStop / fsrs-rs | RMSE(bins) SayStop / fsrs-rs |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---|---:|---|---|");
    var truth = FsrsParameters.Create([0.5, 1.8, 4, 15, 6.4133, 0.8334, 3.0194, 0.001, 1.5, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.35]);
    foreach (var n in sizes)
    {
        var csRes = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, $"cs-{n}.json"))).RootElement;
        var rsRes = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, $"rs-{n}.json"))).RootElement;
        List<RevlogEntry> rows;
        using (var reader = new StreamReader(Path.Combine(dir, $"log-{n}.csv")))
        {
            rows = RevlogCsv.Read(reader);
        }

        var cards = RevlogConverter.ToHistories(rows, new DayBoundary(TimeZoneInfo.Utc, 4));
        var test = cards.Where(c => c.CardId % 5 == 0).ToList();
        var csW = FsrsParameters.Create(csRes.GetProperty("parameters").EnumerateArray().Select(e => e.GetDouble()));
        var rsW = FsrsParameters.Create(rsRes.GetProperty("parameters").EnumerateArray().Select(e => e.GetDouble()));
        var mine = FsrsEvaluator.Evaluate(csW, test);
        var theirs = FsrsEvaluator.Evaluate(rsW, test);
        var trueM = FsrsEvaluator.Evaluate(truth, test);
        var csFit = csRes.GetProperty("fitMs").GetDouble();
        var rsFit = rsRes.GetProperty("fitMs").GetDouble();
        var bindCs = rsRes.GetProperty("saystopOnTest").GetProperty("logLoss").GetDouble();
        var bindRs = rsRes.GetProperty("test").GetProperty("logLoss").GetDouble();
        Console.WriteLine(string.Create(inv,
            $"| {n:N0} | {rows.Count:N0} | {rsRes.GetProperty("trainItems").GetInt32():N0} | {csFit:N0} | {rsFit:N0} | {rsFit / csFit:F1}x | " +
            $"{mine.LogLoss:F5} / {theirs.LogLoss:F5} / {trueM.LogLoss:F5} | {(mine.LogLoss / theirs.LogLoss - 1) * 100:+0.00;-0.00}% | " +
            $"{bindCs:F5} / {bindRs:F5} | {mine.RmseBins:F4} / {theirs.RmseBins:F4} |"));
    }

    Console.WriteLine();
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores; SayStop uses all of them for the fit, fsrs-rs (binding) uses its own threads.");
}
