namespace SayStop.Fsrs.Optimization;

/// <summary>Settings for <see cref="FsrsOptimizer"/>. Defaults follow fsrs-rs <c>TrainingConfig</c>.</summary>
public sealed record OptimizerOptions
{
    /// <summary>Fit the same-day weights (w17..w19) and initial stabilities by gradient descent. Default true.</summary>
    public bool EnableShortTerm { get; init; } = true;

    /// <summary>Number of relearning steps the parameters will be used with (affects the w17/w18 ceiling). Default 1.</summary>
    public int NumRelearningSteps { get; init; } = 1;

    /// <summary>Passes over the data. Default 5.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>Training items per mini-batch (whole cards are kept together). Default 512.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Initial Adam learning rate, annealed with a cosine schedule. Default 0.04.</summary>
    public double LearningRate { get; init; } = 0.04;

    /// <summary>Items whose history is longer than this many reviews are not trained on. Default 256 (fsrs-rs 6.x).</summary>
    public int MaxSequenceLength { get; init; } = 256;

    /// <summary>Strength of the L2 penalty towards the starting parameters. Default 1.</summary>
    public double Gamma { get; init; } = 1.0;

    /// <summary>Seed for shuffling the batches. Default 2023.</summary>
    public int Seed { get; init; } = 2023;

    /// <summary>Weight recent items more (0.25 + 0.75·x³ by time rank), as fsrs-rs does. Default true.</summary>
    public bool RecencyWeighting { get; init; } = true;

    /// <summary>Drop rare first-review delays before training (fsrs-rs <c>filter_outlier</c>). Default true.</summary>
    public bool FilterOutliers { get; init; } = true;

    /// <summary>Threads used for the gradient. Default: all cores.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>How the optimizer arrived at its parameters.</summary>
public enum OptimizationKind
{
    /// <summary>Fewer than 8 training items: the default parameters.</summary>
    Defaults,

    /// <summary>Fewer than 64 training items (or only first reviews): defaults with fitted initial stabilities.</summary>
    InitialStabilityOnly,

    /// <summary>Full gradient-descent fit.</summary>
    Trained,
}

/// <summary>Progress of a fit, reported after each mini-batch.</summary>
/// <param name="Epoch">Current epoch (1-based).</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="ItemsDone">Items processed so far over all epochs.</param>
/// <param name="ItemsTotal">Items × epochs.</param>
public readonly record struct OptimizationProgress(int Epoch, int Epochs, long ItemsDone, long ItemsTotal)
{
    /// <summary>Fraction done, 0..1.</summary>
    public double Fraction => ItemsTotal == 0 ? 1 : (double)ItemsDone / ItemsTotal;
}

/// <summary>The fitted parameters and how they were obtained.</summary>
/// <param name="Parameters">The fitted parameters.</param>
/// <param name="Kind">Defaults, initial stabilities only, or a full fit.</param>
/// <param name="ItemCount">Training items after the outlier filter.</param>
/// <param name="FinalLoss">Weighted training loss (with the penalty) of the returned parameters; NaN if not trained.</param>
public sealed record OptimizationResult(FsrsParameters Parameters, OptimizationKind Kind, int ItemCount, double FinalLoss);

/// <summary>
/// Fits FSRS-6 parameters to review histories the way fsrs-rs does: outlier filter, initial-stability pre-training,
/// then mini-batch Adam with a cosine learning-rate schedule, recency-weighted binary cross-entropy, an L2 penalty
/// towards the starting point and clamping after every step; the epoch with the lowest loss wins.
/// Gradients are analytic, computed per card in one forward and one backward pass, across all cores.
/// </summary>
public sealed class FsrsOptimizer
{
    // fsrs-rs PARAMS_STDDEV: the spread of each weight over many collections; scales the L2 penalty.
    private static readonly double[] ParamsStdDev =
    [
        6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6, 0.12, 0.39, 0.18, 0.33, 0.3, 0.09, 0.16, 0.57, 0.25, 1.03, 0.31,
        0.32, 0.14, 0.27,
    ];

    private readonly OptimizerOptions _options;

    /// <summary>Creates an optimizer.</summary>
    public FsrsOptimizer(OptimizerOptions? options = null)
    {
        _options = options ?? new OptimizerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Epochs, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxDegreeOfParallelism, 1, nameof(options));
    }

    /// <summary>Fits parameters to the given card histories.</summary>
    /// <param name="cards">Review histories (one per card).</param>
    /// <param name="progress">Receives progress after each mini-batch (may be called from a worker thread).</param>
    /// <param name="cancellationToken">Stops the fit between mini-batches.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public OptimizationResult Fit(
        IReadOnlyList<CardHistory> cards, IProgress<OptimizationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cards);
        // Plain loops: on small collections the JIT cost of LINQ over value types is a visible share of a fit.
        var withItems = new List<CardHistory>(cards.Count);
        int allItems = 0, recalled = 0;
        foreach (var card in cards)
        {
            var reviews = card.Reviews;
            var items = 0;
            for (var i = 1; i < reviews.Count; i++)
            {
                if (reviews[i].DeltaDays > 0)
                {
                    items++;
                    recalled += reviews[i].Rating > Rating.Again ? 1 : 0;
                }
            }

            if (items > 0)
            {
                withItems.Add(card);
                allItems += items;
            }
        }

        var averageRecall = allItems == 0 ? 0 : (double)recalled / allItems;
        var firsts = Pretraining.FirstReviews(withItems);
        var trainCards = new List<CardHistory>(withItems.Count);
        List<Pretraining.FirstReview> pretrainSet;
        if (_options.FilterOutliers)
        {
            var (keep, pre) = Pretraining.FilterOutliers(firsts);
            for (var i = 0; i < withItems.Count; i++)
            {
                if (keep[i])
                {
                    trainCards.Add(withItems[i]);
                }
            }

            pretrainSet = pre;
        }
        else
        {
            trainCards.AddRange(withItems);
            pretrainSet = [];
            foreach (var f in firsts)
            {
                if (f is { } x)
                {
                    pretrainSet.Add(x);
                }
            }
        }

        var itemCount = 0;
        foreach (var card in trainCards)
        {
            itemCount += card.ItemCount;
        }

        if (itemCount < 8)
        {
            progress?.Report(new OptimizationProgress(_options.Epochs, _options.Epochs, 0, 0));
            return new OptimizationResult(FsrsParameters.Default, OptimizationKind.Defaults, itemCount, double.NaN);
        }

        var fitted = Pretraining.Fit(pretrainSet, averageRecall);
        if (fitted is null)
        {
            return new OptimizationResult(FsrsParameters.Default, OptimizationKind.Defaults, itemCount, double.NaN);
        }

        var (initialStability, ratingCount) = fitted.Value;
        var start = FsrsParameters.Default.ToArray();
        Array.Copy(initialStability, start, 4);
        if (itemCount == pretrainSet.Count || itemCount < 64)
        {
            progress?.Report(new OptimizationProgress(_options.Epochs, _options.Epochs, 0, 0));
            return new OptimizationResult(FsrsParameters.Create(start), OptimizationKind.InitialStabilityOnly, itemCount, double.NaN);
        }

        if (!_options.EnableShortTerm)
        {
            start[17] = 0;
            start[18] = 0;
            start[19] = 0;
        }

        var set = new TrainingSet(trainCards, _options.RecencyWeighting, _options.MaxSequenceLength);
        var (w, loss) = Train(set, start, progress, cancellationToken);
        if (!double.IsFinite(loss) || Array.Exists(w, x => !double.IsFinite(x)))
        {
            // Degenerate data (fsrs-rs returns an error here); the pre-trained start is still a sound answer.
            return new OptimizationResult(FsrsParameters.Create(start), OptimizationKind.InitialStabilityOnly, itemCount, double.NaN);
        }

        // Re-apply the monotonic S0 smoothing to the trained initial stabilities (fsrs-rs does the same).
        var trainedS0 = new Dictionary<int, double>();
        for (var r = 1; r <= 4; r++)
        {
            trainedS0[r] = w[r - 1];
        }

        var smoothed = Pretraining.SmoothAndFill(trainedS0, ratingCount);
        Array.Copy(smoothed, w, 4);
        return new OptimizationResult(FsrsParameters.Create(w), OptimizationKind.Trained, set.ItemCount, loss);
    }

    private (double[] Weights, double Loss) Train(
        TrainingSet set, double[] start, IProgress<OptimizationProgress>? progress, CancellationToken cancellationToken)
    {
        var o = _options;
        var w = (double[])start.Clone();
        FsrsParameters.ClampInPlace(w, o.NumRelearningSteps, o.EnableShortTerm);
        var init = (double[])w.Clone();
        var threads = Math.Max(1, o.MaxDegreeOfParallelism);

        // Cards with items, reshuffled every epoch and cut into batches of about BatchSize items. fsrs-rs batches
        // single items; keeping a card's items together lets one pass per card score all of them, and reshuffling
        // keeps batches mixed across cards.
        var cardList = new List<int>(set.CardCount);
        for (var c = 0; c < set.CardCount; c++)
        {
            if (set.ItemsPerCard[c] > 0)
            {
                cardList.Add(c);
            }
        }

        var cards = cardList.ToArray();
        var batchesPerEpoch = Math.Max(1, (set.ItemCount / o.BatchSize) + 1);
        var totalSteps = batchesPerEpoch * o.Epochs;
        var m = new double[21];
        var v = new double[21];
        var grad = new double[21];
        var partial = new double[threads * 21];
        var partialLoss = new double[threads];
        var rng = new Random(o.Seed);
        var best = (double[])w.Clone();
        var bestLoss = double.PositiveInfinity;
        long done = 0;
        var step = 0;
        const double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
        for (var epoch = 1; epoch <= o.Epochs; epoch++)
        {
            rng.Shuffle(cards);
            var from = 0;
            while (from < cards.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var to = from;
                var items = 0;
                while (to < cards.Length && items < o.BatchSize)
                {
                    items += set.ItemsPerCard[cards[to]];
                    to++;
                }

                Array.Clear(grad);
                Gradient(set, w, cards.AsMemory(from, to - from), items, threads, partial, partialLoss, grad, withGradient: true);
                from = to;

                // L2 penalty γ·(batch/total)·Σ((w − w0)/σ)², as in fsrs-rs.
                var scale = o.Gamma * items / set.ItemCount;
                for (var i = 0; i < 21; i++)
                {
                    grad[i] += scale * 2.0 * (w[i] - init[i]) / (ParamsStdDev[i] * ParamsStdDev[i]);
                }

                if (!o.EnableShortTerm)
                {
                    // Long-term only: S0 stays at the pre-trained values and the same-day weights at zero.
                    for (var i = 0; i < 4; i++)
                    {
                        grad[i] = 0;
                    }

                    grad[17] = grad[18] = grad[19] = 0;
                }

                step++;
                var lr = 0.5 * o.LearningRate * (1.0 + Math.Cos(Math.PI * Math.Min(step, totalSteps) / totalSteps));
                var c1 = 1.0 - Math.Pow(beta1, step);
                var c2 = 1.0 - Math.Pow(beta2, step);
                for (var i = 0; i < 21; i++)
                {
                    m[i] = (beta1 * m[i]) + ((1 - beta1) * grad[i]);
                    v[i] = (beta2 * v[i]) + ((1 - beta2) * grad[i] * grad[i]);
                    w[i] -= lr * (m[i] / c1) / (Math.Sqrt(v[i] / c2) + epsilon);
                }

                FsrsParameters.ClampInPlace(w, o.NumRelearningSteps, o.EnableShortTerm);
                done += items;
                progress?.Report(new OptimizationProgress(epoch, o.Epochs, done, (long)set.ItemCount * o.Epochs));
            }

            // Validation on the training set, as fsrs-rs does; keep the best epoch.
            var lossValue = FullLoss(set, w, init, cards, threads, partial, partialLoss);
            if (lossValue < bestLoss)
            {
                bestLoss = lossValue;
                Array.Copy(w, best, 21);
            }
        }

        return (best, bestLoss);
    }

    private double FullLoss(TrainingSet set, double[] w, double[] init, int[] cards, int threads, double[] partial, double[] partialLoss)
    {
        var penalty = 0.0;
        for (var i = 0; i < 21; i++)
        {
            var z = (w[i] - init[i]) / ParamsStdDev[i];
            penalty += z * z;
        }

        var loss = Gradient(set, w, cards, set.ItemCount, threads, partial, partialLoss, new double[21], withGradient: false);
        return loss + (_options.Gamma * penalty);
    }

    private double Gradient(
        TrainingSet set, double[] w, ReadOnlyMemory<int> cards, int items, int threads, double[] partial, double[] partialLoss, double[] grad, bool withGradient)
    {
        var enableShortTerm = _options.EnableShortTerm;

        // Small batches are not worth a thread hand-off.
        var parts = Math.Max(1, Math.Min(threads, items / 128));
        if (parts == 1)
        {
            return LossFunction.Evaluate(w, set, cards.Span, grad, enableShortTerm, withGradient);
        }

        Array.Clear(partial);
        var chunk = (cards.Length + parts - 1) / parts;
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = threads }, p =>
        {
            var from = Math.Min(p * chunk, cards.Length);
            var to = Math.Min(from + chunk, cards.Length);
            partialLoss[p] = LossFunction.Evaluate(w, set, cards.Span[from..to], partial.AsSpan(p * 21, 21), enableShortTerm, withGradient);
        });

        // Summed in a fixed order so that results do not depend on thread timing.
        var loss = 0.0;
        for (var p = 0; p < parts; p++)
        {
            loss += partialLoss[p];
            for (var i = 0; i < 21; i++)
            {
                grad[i] += partial[(p * 21) + i];
            }
        }

        return loss;
    }
}
