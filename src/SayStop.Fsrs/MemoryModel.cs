namespace SayStop.Fsrs;

/// <summary>The memory state of one card: stability in days (the interval at which recall falls to 90%) and difficulty in [1, 10].</summary>
/// <param name="Stability">Days until retrievability falls to 90%.</param>
/// <param name="Difficulty">How hard the card is, from 1 (easiest) to 10.</param>
public readonly record struct MemoryState(double Stability, double Difficulty);

/// <summary>
/// The FSRS-6 memory model: forgetting curve, initial state, and the state after one review.
/// It follows fsrs-rs <c>model.rs::step</c> in double precision. Thread-safe and allocation-free.
/// </summary>
public sealed class MemoryModel
{
    /// <summary>Lowest stability, in days.</summary>
    public const double StabilityMin = 0.001;

    /// <summary>Highest stability, in days (100 years).</summary>
    public const double StabilityMax = 36500.0;

    /// <summary>Highest initial stability an optimizer may fit.</summary>
    public const double InitialStabilityMax = 100.0;

    /// <summary>Lowest difficulty.</summary>
    public const double DifficultyMin = 1.0;

    /// <summary>Highest difficulty.</summary>
    public const double DifficultyMax = 10.0;

    private readonly double[] _w;

    /// <summary>Creates the model for a parameter set.</summary>
    /// <param name="parameters">The 21 weights; they are used as given (clamp them first if they come from outside).</param>
    /// <param name="enableShortTerm">When true (the default, as in fsrs-rs and ts-fsrs) a review on the same day as the
    /// previous one uses the same-day formula with w17..w19. When false, same-day reviews use the long-term formulas with
    /// R = 1 (ts-fsrs <c>enable_short_term = false</c>) and the lapse cap ignores w17 and w18.</param>
    public MemoryModel(FsrsParameters parameters, bool enableShortTerm = true)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        EnableShortTerm = enableShortTerm;
        _w = parameters.ToArray();
        Decay = -_w[20];
        Factor = Math.Pow(0.9, 1.0 / Decay) - 1.0;
        EasyInitialDifficulty = _w[4] - Math.Exp(_w[5] * 3.0) + 1.0;
        LapseCapDivisor = enableShortTerm ? Math.Exp(_w[17] * _w[18]) : 1.0;
    }

    /// <summary>The parameters this model uses.</summary>
    public FsrsParameters Parameters { get; }

    /// <summary>Whether same-day reviews use the short-term formula.</summary>
    public bool EnableShortTerm { get; }

    /// <summary>The (negative) exponent of the forgetting curve, <c>-w[20]</c>.</summary>
    public double Decay { get; }

    /// <summary><c>0.9^(1/Decay) - 1</c>, so that retrievability is 0.9 when the elapsed time equals the stability.</summary>
    public double Factor { get; }

    private double EasyInitialDifficulty { get; }

    private double LapseCapDivisor { get; }

    /// <summary>Probability of recall after <paramref name="elapsedDays"/> days: <c>(1 + Factor·t/S)^Decay</c>.</summary>
    public double Retrievability(double elapsedDays, double stability) =>
        Math.Pow(1.0 + (Factor * Math.Max(elapsedDays, 0.0) / stability), Decay);

    /// <summary>
    /// The interval, in fractional days, after which retrievability falls to <paramref name="desiredRetention"/>:
    /// <c>S / Factor · (r^(1/Decay) − 1)</c>. Equal to S for r = 0.9.
    /// </summary>
    public double IntervalDays(double stability, double desiredRetention)
    {
        if (desiredRetention is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(desiredRetention), "Desired retention must be in (0, 1].");
        }

        return stability / Factor * (Math.Pow(desiredRetention, 1.0 / Decay) - 1.0);
    }

    /// <summary>The ratio <see cref="IntervalDays"/> / stability for a desired retention.</summary>
    public double IntervalModifier(double desiredRetention) => IntervalDays(1.0, desiredRetention);

    /// <summary>Initial stability for the first rating: <c>w[G−1]</c>, clamped to [0.001, 36500] (fsrs-rs; ts-fsrs floors at 0.1).</summary>
    public double InitialStability(Rating rating) =>
        Math.Clamp(_w[GradeIndex(rating) - 1], StabilityMin, StabilityMax);

    /// <summary>Initial difficulty for the first rating: <c>w4 − e^(w5·(G−1)) + 1</c>, clamped to [1, 10].</summary>
    public double InitialDifficulty(Rating rating) =>
        Math.Clamp(_w[4] - Math.Exp(_w[5] * (GradeIndex(rating) - 1)) + 1.0, DifficultyMin, DifficultyMax);

    /// <summary>
    /// Difficulty after a review: a step of <c>−w6·(G−3)</c> damped linearly towards 10, then mean reversion (weight w7)
    /// towards the unclamped initial difficulty of Easy, clamped to [1, 10].
    /// </summary>
    public double NextDifficulty(double difficulty, Rating rating)
    {
        var g = GradeIndex(rating);
        var deltaD = -_w[6] * (g - 3);
        var damped = difficulty + (deltaD * (10.0 - difficulty) / 9.0);
        var reverted = (_w[7] * EasyInitialDifficulty) + ((1.0 - _w[7]) * damped);
        return Math.Clamp(reverted, DifficultyMin, DifficultyMax);
    }

    /// <summary>Stability after a successful long-term review (Hard, Good or Easy) at retrievability <paramref name="retrievability"/>.</summary>
    public double StabilityAfterRecall(double difficulty, double stability, double retrievability, Rating rating)
    {
        var hardPenalty = rating == Rating.Hard ? _w[15] : 1.0;
        var easyBonus = rating == Rating.Easy ? _w[16] : 1.0;
        return stability * (1.0 + (Math.Exp(_w[8]) * (11.0 - difficulty) * Math.Pow(stability, -_w[9])
            * (Math.Exp(_w[10] * (1.0 - retrievability)) - 1.0) * hardPenalty * easyBonus));
    }

    /// <summary>
    /// Stability after a lapse: <c>w11·D^(−w12)·((S+1)^w13 − 1)·e^(w14·(1−R))</c>, capped at <c>S / e^(w17·w18)</c>
    /// so that the relearning steps cannot bring it above the pre-lapse stability.
    /// </summary>
    public double StabilityAfterLapse(double difficulty, double stability, double retrievability)
    {
        var raw = _w[11] * Math.Pow(difficulty, -_w[12]) * (Math.Pow(stability + 1.0, _w[13]) - 1.0)
            * Math.Exp(_w[14] * (1.0 - retrievability));
        return Math.Min(raw, stability / LapseCapDivisor);
    }

    /// <summary>
    /// Stability after a same-day review: <c>S·e^(w17·(G−3+w18))·S^(−w19)</c>. For Hard, Good and Easy the factor is
    /// floored at 1 (fsrs-rs and ts-fsrs ≥ 5.3; py-fsrs floors only Good and Easy), so only Again can lower stability.
    /// </summary>
    public double ShortTermStability(double stability, Rating rating)
    {
        var g = GradeIndex(rating);
        var increase = Math.Exp(_w[17] * (g - 3 + _w[18])) * Math.Pow(stability, -_w[19]);
        if (g >= 2)
        {
            increase = Math.Max(increase, 1.0);
        }

        return stability * increase;
    }

    /// <summary>
    /// One review. <paramref name="state"/> is null for a card never reviewed; then the first rating sets the initial
    /// state whatever <paramref name="elapsedDays"/> is. <see cref="Rating.Manual"/> leaves the state unchanged.
    /// </summary>
    /// <param name="state">The state before the review, or null for a new card.</param>
    /// <param name="elapsedDays">Whole days since the previous review (0 = same day).</param>
    /// <param name="rating">The answer.</param>
    public MemoryState Next(MemoryState? state, double elapsedDays, Rating rating)
    {
        if (elapsedDays < 0 || double.IsNaN(elapsedDays))
        {
            throw new ArgumentOutOfRangeException(nameof(elapsedDays), "Elapsed days must be zero or more.");
        }

        if (state is null || (state.Value.Stability == 0 && state.Value.Difficulty == 0))
        {
            if (rating == Rating.Manual)
            {
                throw new ArgumentException("A new card cannot start with a manual entry.", nameof(rating));
            }

            return new MemoryState(InitialStability(rating), InitialDifficulty(rating));
        }

        var lastS = Math.Clamp(state.Value.Stability, StabilityMin, StabilityMax);
        var lastD = Math.Clamp(state.Value.Difficulty, DifficultyMin, DifficultyMax);
        if (rating == Rating.Manual)
        {
            return new MemoryState(lastS, lastD);
        }

        double s;
        if (elapsedDays == 0 && EnableShortTerm)
        {
            s = ShortTermStability(lastS, rating);
        }
        else
        {
            var r = Retrievability(elapsedDays, lastS);
            s = rating == Rating.Again
                ? StabilityAfterLapse(lastD, lastS, r)
                : StabilityAfterRecall(lastD, lastS, r, rating);
        }

        return new MemoryState(Math.Clamp(s, StabilityMin, StabilityMax), NextDifficulty(lastD, rating));
    }

    /// <summary>Replays a card's history of (elapsed days, rating) from a new card and returns the final state.</summary>
    public MemoryState? Replay(IEnumerable<(double ElapsedDays, Rating Rating)> reviews)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        MemoryState? state = null;
        foreach (var (t, g) in reviews)
        {
            if (state is null && g == Rating.Manual)
            {
                continue;
            }

            state = Next(state, t, g);
        }

        return state;
    }

    private static int GradeIndex(Rating rating) => rating switch
    {
        Rating.Again => 1,
        Rating.Hard => 2,
        Rating.Good => 3,
        Rating.Easy => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(rating), rating, "Expected Again, Hard, Good or Easy."),
    };
}
