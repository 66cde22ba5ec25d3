using SayStop.Fsrs.Optimization;

namespace SayStop.Fsrs.Tests;

public class OptimizerTests
{
    private static readonly DayBoundary Boundary = new(TimeZoneInfo.Utc, 4);

    private static List<CardHistory> Simulate(int cards, int seed) =>
        RevlogConverter.ToHistories(ReviewLogSimulator.Simulate(FsrsParameters.Default, new SimulationOptions { Cards = cards, Seed = seed }), Boundary);

    [Fact]
    public void TooFewItems_GiveTheDefaults()
    {
        var cards = Simulate(1, 1);
        var result = new FsrsOptimizer().Fit(cards.Take(1).ToList());
        Assert.Equal(OptimizationKind.Defaults, result.Kind);
        Assert.Equal(FsrsParameters.Default, result.Parameters);
    }

    [Fact]
    public void FewItems_FitOnlyInitialStability()
    {
        var t0 = new DateTimeOffset(2025, 1, 1, 10, 0, 0, TimeSpan.Zero);
        var cards = Enumerable.Range(1, 30).Select(i => new CardHistory(
            i,
            [new TrainingReview(Rating.Good, 0), new TrainingReview(i % 4 == 0 ? Rating.Again : Rating.Good, 3)],
            [t0.ToUnixTimeMilliseconds(), t0.AddDays(3).ToUnixTimeMilliseconds() + i])).ToList();
        var result = new FsrsOptimizer(new OptimizerOptions { FilterOutliers = false }).Fit(cards);
        Assert.Equal(OptimizationKind.InitialStabilityOnly, result.Kind);
        Assert.NotEqual(FsrsParameters.Default[2], result.Parameters[2]);
        Assert.Equal(FsrsParameters.Default.Skip(4), result.Parameters.Skip(4));
    }

    [Fact]
    public void Fit_ReportsProgress_IsDeterministic_AndImprovesOnDefaults()
    {
        var truth = FsrsParameters.Create([0.5, 1.8, 4, 15, 6.4133, 0.8334, 3.0194, 0.001, 1.5, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.35]);
        var cards = RevlogConverter.ToHistories(ReviewLogSimulator.Simulate(truth, new SimulationOptions { Cards = 400, Seed = 5 }), Boundary);
        var reports = new List<OptimizationProgress>();
        var progress = new SyncProgress(reports.Add);
        var a = new FsrsOptimizer().Fit(cards, progress);
        var b = new FsrsOptimizer(new OptimizerOptions { MaxDegreeOfParallelism = 1 }).Fit(cards);
        Assert.Equal(OptimizationKind.Trained, a.Kind);
        Assert.NotEmpty(reports);
        Assert.Equal(1.0, reports[^1].Fraction, 9);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second.ItemsDone >= p.First.ItemsDone));
        for (var i = 0; i < 21; i++)
        {
            Assert.Equal(a.Parameters[i], b.Parameters[i], 9); // same result on one thread or many
        }

        Assert.True(FsrsEvaluator.Evaluate(a.Parameters, cards).LogLoss < FsrsEvaluator.Evaluate(FsrsParameters.Default, cards).LogLoss);
    }

    [Fact]
    public void LongTermOnly_FreezesInitialStabilityAndSameDayWeights()
    {
        var cards = Simulate(400, 4);
        var fit = new FsrsOptimizer(new OptimizerOptions { EnableShortTerm = false, Epochs = 1 }).Fit(cards);
        Assert.Equal(OptimizationKind.Trained, fit.Kind);
        Assert.Equal(0.0, fit.Parameters[17]);
        Assert.Equal(0.0, fit.Parameters[18]);
        Assert.Equal(0.0, fit.Parameters[19]);
    }

    [Fact]
    public void Fit_CanBeCancelled()
    {
        var cards = Simulate(300, 2);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => new FsrsOptimizer().Fit(cards, null, cts.Token));
    }

    [Fact]
    public void Csv_RoundTrips_AndConverterCountsLearningDays()
    {
        var rows = ReviewLogSimulator.Simulate(FsrsParameters.Default, new SimulationOptions { Cards = 20, Seed = 9 });
        using var writer = new StringWriter();
        RevlogCsv.Write(writer, rows);
        var back = RevlogCsv.Read(new StringReader(writer.ToString()));
        Assert.Equal(rows, back);

        var t = new DateTimeOffset(2025, 1, 1, 23, 0, 0, TimeSpan.Zero);
        var histories = RevlogConverter.ToHistories(
            [
                new RevlogEntry(1, t, Rating.Good, 0),
                new RevlogEntry(1, t.AddHours(4), Rating.Good, 1),   // 03:00 next morning: same learning day with rollover 4
                new RevlogEntry(1, t.AddHours(6), Rating.Manual, 4), // skipped
                new RevlogEntry(1, t.AddDays(2), Rating.Again, 1),
                new RevlogEntry(2, t, Rating.Good, 1),               // starts in review: incomplete history, dropped
            ],
            Boundary);
        var single = Assert.Single(histories);
        Assert.Equal([0, 0, 2], single.Reviews.Select(r => r.DeltaDays));
        Assert.Equal(1, single.ItemCount);
        Assert.Throws<FormatException>(() => RevlogCsv.Read(new StringReader("a,b\n1,2")));
    }

    private sealed class SyncProgress(Action<OptimizationProgress> report) : IProgress<OptimizationProgress>
    {
        public void Report(OptimizationProgress value) => report(value);
    }
}
