using SayStop.Fsrs.Optimization;

namespace SayStop.Fsrs.Tests;

/// <summary>The optimizer against fsrs-rs (binding 0.5.0) on a committed 1,000-card synthetic log.</summary>
public class OptimizerAgreementTests
{
    [Fact]
    public void HeldOutLogLoss_IsWithinHalfPercentOfFsrsRs_AndOfTheTrueParameters()
    {
        using var doc = Vectors.Load("optimizer-1000.json");
        var root = doc.RootElement;
        var every = root.GetProperty("holdoutEvery").GetInt32();
        List<RevlogEntry> rows;
        using (var reader = new StreamReader(Path.Combine(AppContext.BaseDirectory, "Vectors", "synthetic-1000.csv")))
        {
            rows = RevlogCsv.Read(reader);
        }

        var cards = RevlogConverter.ToHistories(rows, new DayBoundary(TimeZoneInfo.Utc, 4));
        var train = cards.Where(c => c.CardId % every != 0).ToList();
        var test = cards.Where(c => c.CardId % every == 0).ToList();
        Assert.Equal(root.GetProperty("testItems").GetInt32(), test.Sum(c => c.ItemCount));
        Assert.Equal(root.GetProperty("trainItems").GetInt32(), train.Sum(c => c.ItemCount));

        var result = new FsrsOptimizer().Fit(train);
        Assert.Equal(OptimizationKind.Trained, result.Kind);

        var mine = FsrsEvaluator.Evaluate(result.Parameters, test);
        var fsrsRs = FsrsEvaluator.Evaluate(FsrsParameters.Create(Vectors.Doubles(root.GetProperty("fsrsRsParameters"))), test);
        var truth = FsrsEvaluator.Evaluate(FsrsParameters.Create(Vectors.Doubles(root.GetProperty("trueParameters"))), test);
        var defaults = FsrsEvaluator.Evaluate(FsrsParameters.Default, test);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"held-out log loss: SayStop {mine.LogLoss:F5}, fsrs-rs {fsrsRs.LogLoss:F5}, true {truth.LogLoss:F5}, defaults {defaults.LogLoss:F5}; " +
            $"RMSE(bins) {mine.RmseBins:F4} / {fsrsRs.RmseBins:F4} / {truth.RmseBins:F4}; parameters {result.Parameters}");

        Assert.True(mine.LogLoss <= fsrsRs.LogLoss * 1.005, $"SayStop {mine.LogLoss} vs fsrs-rs {fsrsRs.LogLoss}");
        Assert.True(mine.LogLoss <= truth.LogLoss * 1.005, $"SayStop {mine.LogLoss} vs true {truth.LogLoss}");
    }

    [Fact]
    public void Evaluator_MatchesTheBindingsEvaluate()
    {
        // fsrs-rs evaluate() (binding 0.5.0) drops outlier cards, then reports recency-weighted metrics in f32.
        // Reproduced to within about 0.2%: some detail of the binding's item filtering is not matched (README, Limits).
        using var doc = Vectors.Load("optimizer-1000.json");
        var root = doc.RootElement;
        List<RevlogEntry> rows;
        using (var reader = new StreamReader(Path.Combine(AppContext.BaseDirectory, "Vectors", "synthetic-1000.csv")))
        {
            rows = RevlogCsv.Read(reader);
        }

        var cards = RevlogConverter.ToHistories(rows, new DayBoundary(TimeZoneInfo.Utc, 4));
        var train = cards.Where(c => c.CardId % 5 != 0).ToList();
        var test = cards.Where(c => c.CardId % 5 == 0).ToList();
        var rs = FsrsParameters.Create(Vectors.Doubles(root.GetProperty("fsrsRsParameters")));
        var truth = FsrsParameters.Create(Vectors.Doubles(root.GetProperty("trueParameters")));
        var binding = root.GetProperty("bindingEvaluate");
        foreach (var (name, parameters, set) in new[] { ("fsrsRsOnTest", rs, test), ("trueOnTest", truth, test), ("fsrsRsOnTrain", rs, train) })
        {
            var m = FsrsEvaluator.Evaluate(parameters, set, filterOutliers: true);
            var expected = binding.GetProperty(name);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{name}: log loss {m.RecencyWeightedLogLoss:F6} vs binding {expected.GetProperty("logLoss").GetDouble():F6}; " +
                $"RMSE(bins) {m.RecencyWeightedRmseBins:F6} vs {expected.GetProperty("rmseBins").GetDouble():F6}");
            Assert.True(Vectors.RelativeError(m.RecencyWeightedLogLoss, expected.GetProperty("logLoss").GetDouble()) < 5e-3);
            Assert.True(Vectors.RelativeError(m.RecencyWeightedRmseBins, expected.GetProperty("rmseBins").GetDouble()) < 5e-3);
        }
    }
}
