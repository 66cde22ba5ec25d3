namespace SayStop.Fsrs.Optimization;

/// <summary>How well a parameter set predicts recall on a set of histories.</summary>
/// <param name="LogLoss">Mean binary cross-entropy of the predicted retrievability against recall (Hard/Good/Easy = recalled).</param>
/// <param name="RmseBins">RMSE between mean predicted and mean actual recall over fsrs-rs bins (delay × review count × lapses), weighted by bin size.</param>
/// <param name="ItemCount">Number of predicted reviews.</param>
public sealed record EvaluationMetrics(double LogLoss, double RmseBins, int ItemCount);

/// <summary>Evaluates parameters on review histories with the fsrs-rs metrics.</summary>
public static class FsrsEvaluator
{
    /// <summary>Predicts every training item (each review after the first with DeltaDays &gt; 0) and scores the predictions.</summary>
    public static EvaluationMetrics Evaluate(FsrsParameters parameters, IReadOnlyList<CardHistory> cards, bool enableShortTerm = true)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(cards);
        var model = new MemoryModel(parameters, enableShortTerm);
        var bins = new Dictionary<(int, int, int), (double Pred, double Actual, int Count)>();
        double loss = 0;
        var n = 0;
        foreach (var card in cards)
        {
            MemoryState? state = null;
            var longTerm = 0;
            var lapses = 0;
            for (var i = 0; i < card.Reviews.Count; i++)
            {
                var review = card.Reviews[i];
                if (i > 0 && review.DeltaDays > 0 && state is { } s)
                {
                    var p = Math.Clamp(model.Retrievability(review.DeltaDays, s.Stability), 1e-7, 1 - 1e-7);
                    var y = review.Rating > Rating.Again ? 1.0 : 0.0;
                    loss -= (y * Math.Log(p)) + ((1 - y) * Math.Log(1 - p));
                    n++;
                    var key = BinKey(review.DeltaDays, longTerm + 1, lapses);
                    bins.TryGetValue(key, out var b);
                    bins[key] = (b.Pred + p, b.Actual + y, b.Count + 1);
                }

                if (i > 0 && review.DeltaDays > 0)
                {
                    longTerm++;
                    if (review.Rating == Rating.Again)
                    {
                        lapses++;
                    }
                }

                state = model.Next(state, review.DeltaDays, review.Rating);
            }
        }

        if (n == 0)
        {
            return new EvaluationMetrics(double.NaN, double.NaN, 0);
        }

        double sq = 0;
        foreach (var (pred, actual, count) in bins.Values)
        {
            var diff = (pred / count) - (actual / count);
            sq += diff * diff * count;
        }

        return new EvaluationMetrics(loss / n, Math.Sqrt(sq / n), n);
    }

    /// <summary>fsrs-rs <c>r_matrix_index</c>: bins of delay, number of long-term reviews (including this one) and lapses before it.</summary>
    private static (int, int, int) BinKey(int deltaDays, int length, int lapses)
    {
        var deltaBin = (int)Math.Round(2.48 * Math.Pow(3.62, Math.Floor(Math.Log(deltaDays) / Math.Log(3.62))) * 100.0, MidpointRounding.AwayFromZero);
        var lengthBin = (int)Math.Round(1.99 * Math.Pow(1.89, Math.Floor(Math.Log(length + 1.0) / Math.Log(1.89))), MidpointRounding.AwayFromZero);
        var lapseBin = lapses == 0
            ? 0
            : (int)Math.Round(1.65 * Math.Pow(1.73, Math.Floor(Math.Log(lapses) / Math.Log(1.73))), MidpointRounding.AwayFromZero);
        return (deltaBin, lengthBin, lapseBin);
    }
}
