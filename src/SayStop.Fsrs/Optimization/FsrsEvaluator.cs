namespace SayStop.Fsrs.Optimization;

/// <summary>How well a parameter set predicts recall on a set of histories.</summary>
/// <param name="LogLoss">Mean binary cross-entropy of the predicted retrievability against recall (Hard/Good/Easy = recalled).</param>
/// <param name="RmseBins">RMSE between mean predicted and mean actual recall over fsrs-rs bins (delay × review count × lapses), weighted by bin size.</param>
/// <param name="ItemCount">Number of predicted reviews.</param>
/// <param name="RecencyWeightedLogLoss">Log loss with the recency weights 0.25 + 0.75·x³ (x = rank by review time), which is
/// what fsrs-rs <c>evaluate()</c> (and the binding) reports.</param>
/// <param name="RecencyWeightedRmseBins">RMSE(bins) with bins weighted by their recency weights, as fsrs-rs <c>evaluate()</c> reports it.</param>
public sealed record EvaluationMetrics(double LogLoss, double RmseBins, int ItemCount, double RecencyWeightedLogLoss, double RecencyWeightedRmseBins);

/// <summary>Evaluates parameters on review histories with the fsrs-rs metrics.</summary>
public static class FsrsEvaluator
{
    /// <summary>Predicts every training item (each review after the first with DeltaDays &gt; 0) and scores the predictions.</summary>
    /// <param name="parameters">The parameters to score.</param>
    /// <param name="cards">The histories to predict.</param>
    /// <param name="enableShortTerm">Use the same-day formula for same-day reviews (default true).</param>
    /// <param name="filterOutliers">Drop the cards the optimizer's outlier filter would drop first. fsrs-rs
    /// <c>evaluate()</c> (binding 0.5.0) does this; with it and the recency-weighted figures the numbers match the binding's.</param>
    public static EvaluationMetrics Evaluate(
        FsrsParameters parameters, IReadOnlyList<CardHistory> cards, bool enableShortTerm = true, bool filterOutliers = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(cards);
        if (filterOutliers)
        {
            var keep = Pretraining.FilterOutliers(Pretraining.FirstReviews(cards)).KeepCard;
            var kept = new List<CardHistory>(cards.Count);
            for (var i = 0; i < cards.Count; i++)
            {
                if (keep[i])
                {
                    kept.Add(cards[i]);
                }
            }

            cards = kept;
        }

        var model = new MemoryModel(parameters, enableShortTerm);
        var predictions = new List<(long Time, int Sequence, double P, double Y, (int, int, int) Bin)>();
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
                    predictions.Add((card.ReviewTimes[i], predictions.Count, p, y, BinKey(review.DeltaDays, longTerm + 1, lapses)));
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

        var n = predictions.Count;
        if (n == 0)
        {
            return new EvaluationMetrics(double.NaN, double.NaN, 0, double.NaN, double.NaN);
        }

        // fsrs-rs weights items by their rank in time order (the order its converter sorts them in).
        predictions.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Sequence.CompareTo(b.Sequence));
        var length = Math.Max(n - 1.0, 1.0);
        double loss = 0, weightedLoss = 0, weightSum = 0;
        var bins = new Dictionary<(int, int, int), (double Pred, double Actual, int Count, double Weight)>();
        for (var k = 0; k < n; k++)
        {
            var (_, _, p, y, bin) = predictions[k];
            var x = k / length;
            var weight = 0.25 + (0.75 * x * x * x);
            var bce = -((y * Math.Log(p)) + ((1 - y) * Math.Log(1 - p)));
            loss += bce;
            weightedLoss += weight * bce;
            weightSum += weight;
            bins.TryGetValue(bin, out var b);
            bins[bin] = (b.Pred + p, b.Actual + y, b.Count + 1, b.Weight + weight);
        }

        double sq = 0, weightedSq = 0;
        foreach (var (pred, actual, count, weight) in bins.Values)
        {
            var diff = (pred / count) - (actual / count);
            sq += diff * diff * count;
            weightedSq += diff * diff * weight;
        }

        return new EvaluationMetrics(loss / n, Math.Sqrt(sq / n), n, weightedLoss / weightSum, Math.Sqrt(weightedSq / weightSum));
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
