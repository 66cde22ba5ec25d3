using System.Diagnostics;
using System.Globalization;
using System.Text;
using SayStop.Fsrs;
using SayStop.Fsrs.Cli;
using SayStop.Fsrs.Optimization;

const string Usage = """
    saystop-fsrs: FSRS-6 tools for review logs (CSV: card_id,review_time(ms),review_rating[,review_state,...]).

      replay   <log.csv> [--params w0,..,w20] [--retention 0.9] [--timezone ID] [--rollover 4]
               Prints the card state after each review.
      optimize <log.csv> [--timezone ID] [--rollover 4] [--holdout N] [--short-term true] [--threads N] [--json out.json]
               Fits parameters (progress on stderr) and prints them with log loss and RMSE(bins).
               --holdout N keeps every N-th card (by id) out of training and reports metrics on it.
      evaluate <log.csv> --params w0,..,w20 [--holdout N] [--timezone ID] [--rollover 4]
               Log loss and RMSE(bins) of a parameter set (on the held-out cards if --holdout is given).
      simulate <out.csv> [--cards 1000] [--days 365] [--seed 1] [--params w0,..,w20] [--min-delay 0.3] [--max-delay 3]
               Writes a synthetic review log of a learner whose memory follows the given parameters.

    Days start at --rollover o'clock (default 4) in --timezone (default UTC), like Anki's "next day starts at".
    """;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 1 : 0;
}

try
{
    var a = new Arguments(args.Skip(1));
    return args[0] switch
    {
        "replay" => Commands.Replay(a),
        "optimize" => Commands.Optimize(a),
        "evaluate" => Commands.Evaluate(a),
        "simulate" => Commands.Simulate(a),
        _ => Commands.Unknown(args[0], Usage),
    };
}
catch (Exception e) when (e is ArgumentException or FormatException or IOException or TimeZoneNotFoundException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine("cancelled");
    return 130;
}

internal static class Commands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Unknown(string command, string usage)
    {
        Console.Error.WriteLine($"Unknown command '{command}'.");
        Console.Error.WriteLine(usage);
        return 2;
    }

    public static int Replay(Arguments a)
    {
        var rows = ReadCsv(a.Required(0, "log.csv"));
        var scheduler = new Scheduler(new SchedulerOptions
        {
            Parameters = a.Parameters(),
            DesiredRetention = a.Double("retention", 0.9),
            DayBoundary = a.DayBoundary(),
        });
        var output = new StringBuilder();
        output.AppendLine("card_id,review_time,rating,elapsed_days,retrievability,stability,difficulty,state,scheduled_days,due");
        foreach (var card in rows.GroupBy(r => r.CardId).OrderBy(g => g.Key))
        {
            var current = Card.CreateNew(card.Min(r => r.ReviewedAt));
            // Manual rows (rating 0 or review kind 4) are reschedules, not reviews.
            foreach (var r in card.OrderBy(r => r.ReviewedAt).Where(r => r.Rating != Rating.Manual && r.State != 4))
            {
                var retrievability = scheduler.Retrievability(current, r.ReviewedAt);
                var outcome = scheduler.Review(current, r.ReviewedAt, r.Rating);
                current = outcome.Card;
                output.Append(Inv, $"{card.Key},{r.ReviewedAt:yyyy-MM-ddTHH:mm:ssZ},{r.Rating},{outcome.Log.ElapsedDays},{retrievability:F4},");
                output.AppendLine(Inv, $"{current.Stability:F4},{current.Difficulty:F4},{current.State},{current.ScheduledDays},{current.Due:yyyy-MM-ddTHH:mm:ssZ}");
            }
        }

        Console.Out.Write(output);
        return 0;
    }

    public static int Optimize(Arguments a)
    {
        var path = a.Required(0, "log.csv");
        var clock = Stopwatch.StartNew();
        var histories = RevlogConverter.ToHistories(ReadCsv(path), a.DayBoundary());
        var (train, test) = Split(histories, a.Int("holdout", 0));
        var loadMs = clock.Elapsed.TotalMilliseconds;
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        var options = new OptimizerOptions
        {
            EnableShortTerm = a.Bool("short-term", true),
            MaxDegreeOfParallelism = a.Int("threads", Environment.ProcessorCount),
            Epochs = a.Int("epochs", 5),
            BatchSize = a.Int("batch", 512),
            LearningRate = a.Double("lr", 0.04),
            FilterOutliers = a.Bool("filter-outliers", true),
            RecencyWeighting = a.Bool("recency", true),
        };
        clock.Restart();
        var result = new FsrsOptimizer(options).Fit(train, new ConsoleProgressBar(Console.Error), cts.Token);
        var fitMs = clock.Elapsed.TotalMilliseconds;
        var trainMetrics = FsrsEvaluator.Evaluate(result.Parameters, train);
        var defaultTrain = FsrsEvaluator.Evaluate(FsrsParameters.Default, train);
        Console.WriteLine($"cards: {train.Count} train, {test.Count} held out; items: {result.ItemCount} ({result.Kind})");
        Console.WriteLine(string.Create(Inv, $"time: load {loadMs:F0} ms, fit {fitMs:F0} ms"));
        Console.WriteLine($"parameters: {result.Parameters}");
        Console.WriteLine(string.Create(Inv, $"train:    log loss {trainMetrics.LogLoss:F5}  RMSE(bins) {trainMetrics.RmseBins:F5}   (defaults: {defaultTrain.LogLoss:F5} / {defaultTrain.RmseBins:F5})"));
        EvaluationMetrics? testMetrics = null;
        if (test.Count > 0)
        {
            testMetrics = FsrsEvaluator.Evaluate(result.Parameters, test);
            var defaultTest = FsrsEvaluator.Evaluate(FsrsParameters.Default, test);
            Console.WriteLine(string.Create(Inv, $"held out: log loss {testMetrics.LogLoss:F5}  RMSE(bins) {testMetrics.RmseBins:F5}   (defaults: {defaultTest.LogLoss:F5} / {defaultTest.RmseBins:F5})"));
        }

        if (a.Get("json") is { } json)
        {
            var w = string.Join(",", result.Parameters.Select(x => x.ToString("R", Inv)));
            File.WriteAllText(json, string.Create(Inv,
                $"{{\"parameters\":[{w}],\"kind\":\"{result.Kind}\",\"items\":{result.ItemCount},\"fitMs\":{fitMs:F1},\"loadMs\":{loadMs:F1}," +
                $"\"trainLogLoss\":{trainMetrics.LogLoss:R},\"trainRmseBins\":{trainMetrics.RmseBins:R}," +
                $"\"testLogLoss\":{testMetrics?.LogLoss ?? double.NaN:R},\"testRmseBins\":{testMetrics?.RmseBins ?? double.NaN:R}}}").Replace("NaN", "null", StringComparison.Ordinal));
        }

        return 0;
    }

    public static int Evaluate(Arguments a)
    {
        var histories = RevlogConverter.ToHistories(ReadCsv(a.Required(0, "log.csv")), a.DayBoundary());
        var (train, test) = Split(histories, a.Int("holdout", 0));
        var target = test.Count > 0 ? test : train;
        var m = FsrsEvaluator.Evaluate(a.Parameters(), target);
        Console.WriteLine(string.Create(Inv, $"items {m.ItemCount}  log loss {m.LogLoss:F5}  RMSE(bins) {m.RmseBins:F5}"));
        return 0;
    }

    public static int Simulate(Arguments a)
    {
        var path = a.Required(0, "out.csv");
        var options = new SimulationOptions
        {
            Cards = a.Int("cards", 1000),
            Days = a.Int("days", 365),
            Seed = a.Int("seed", 1),
            MinDelayFactor = a.Double("min-delay", 0.3),
            MaxDelayFactor = a.Double("max-delay", 3.0),
        };
        var rows = ReviewLogSimulator.Simulate(a.Parameters(), options);
        using (var writer = new StreamWriter(path))
        {
            RevlogCsv.Write(writer, rows);
        }

        Console.WriteLine($"wrote {rows.Count} reviews of {options.Cards} cards to {path}");
        return 0;
    }

    private static List<RevlogEntry> ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        return RevlogCsv.Read(reader);
    }

    /// <summary>Every <paramref name="every"/>-th card (by id) is held out; 0 keeps all cards for training.</summary>
    private static (List<CardHistory> Train, List<CardHistory> Test) Split(List<CardHistory> all, int every)
    {
        if (every <= 1)
        {
            return (all, []);
        }

        return ([.. all.Where(c => c.CardId % every != 0)], [.. all.Where(c => c.CardId % every == 0)]);
    }
}
