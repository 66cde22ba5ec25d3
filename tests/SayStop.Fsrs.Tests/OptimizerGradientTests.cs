using SayStop.Fsrs.Optimization;

namespace SayStop.Fsrs.Tests;

public class OptimizerGradientTests
{
    private static TrainingSet SmallSet()
    {
        var truth = FsrsParameters.Create([0.5, 1.8, 4, 15, 6.4133, 0.8334, 3.0194, 0.05, 1.5, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.35]);
        var rows = ReviewLogSimulator.Simulate(truth, new SimulationOptions { Cards = 60, Days = 200, Seed = 7 });
        var cards = RevlogConverter.ToHistories(rows, new DayBoundary(TimeZoneInfo.Utc, 4));
        return new TrainingSet(cards, recencyWeighting: true, maxSequenceLength: 64);
    }

    [Fact]
    public void AnalyticGradient_MatchesFiniteDifferences()
    {
        var set = SmallSet();
        var w = new[] { 0.4, 1.5, 3.5, 12, 6.0, 0.7, 2.5, 0.05, 1.6, 0.2, 0.9, 1.6, 0.08, 0.3, 1.7, 0.55, 1.9, 0.5, 0.1, 0.08, 0.3 };
        var grad = new double[21];
        LossFunction.Evaluate(w, set, 0, set.CardCount, grad, enableShortTerm: true, withGradient: true);
        for (var i = 0; i < 21; i++)
        {
            var eps = Math.Max(1e-6, Math.Abs(w[i]) * 1e-6);
            var wp = (double[])w.Clone();
            var wm = (double[])w.Clone();
            wp[i] += eps;
            wm[i] -= eps;
            var lp = LossFunction.Evaluate(wp, set, 0, set.CardCount, new double[21], true, false);
            var lm = LossFunction.Evaluate(wm, set, 0, set.CardCount, new double[21], true, false);
            var numeric = (lp - lm) / (2 * eps);
            var scale = Math.Max(1.0, Math.Max(Math.Abs(numeric), Math.Abs(grad[i])));
            Assert.True(Math.Abs(numeric - grad[i]) / scale < 1e-4, $"w{i}: analytic {grad[i]} numeric {numeric}");
        }
    }

    [Fact]
    public void Loss_EqualsEvaluatorLogLoss_WithoutWeights()
    {
        var truth = FsrsParameters.Default;
        var rows = ReviewLogSimulator.Simulate(truth, new SimulationOptions { Cards = 50, Days = 200, Seed = 3 });
        var cards = RevlogConverter.ToHistories(rows, new DayBoundary(TimeZoneInfo.Utc, 4));
        var set = new TrainingSet(cards, recencyWeighting: false, maxSequenceLength: 1000);
        var loss = LossFunction.Evaluate(truth.ToArray(), set, 0, set.CardCount, new double[21], true, false);
        var metrics = FsrsEvaluator.Evaluate(truth, cards);
        Assert.Equal(metrics.ItemCount, set.ItemCount);
        Assert.Equal(metrics.LogLoss, loss / set.ItemCount, 9);
    }
}
