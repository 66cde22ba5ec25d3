namespace SayStop.Fsrs.Optimization;

/// <summary>Settings for <see cref="ReviewLogSimulator"/>.</summary>
public sealed record SimulationOptions
{
    /// <summary>Number of cards. Default 1000.</summary>
    public int Cards { get; init; } = 1000;

    /// <summary>Length of the simulated period in days. Default 365.</summary>
    public int Days { get; init; } = 365;

    /// <summary>New cards are introduced uniformly over the first this many days. Default 180.</summary>
    public int IntroductionDays { get; init; } = 180;

    /// <summary>Retention the simulated scheduler aims for. Default 0.9.</summary>
    public double DesiredRetention { get; init; } = 0.9;

    /// <summary>
    /// Reviews happen at the scheduled interval times a factor drawn log-uniformly from [MinDelayFactor, MaxDelayFactor],
    /// so that recall is observed at many retrievabilities and the decay (w20) can be identified. Default 0.3.
    /// </summary>
    public double MinDelayFactor { get; init; } = 0.3;

    /// <summary>Upper end of the delay factor. Default 3.</summary>
    public double MaxDelayFactor { get; init; } = 3.0;

    /// <summary>Seed; the same seed and options always give the same log. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Start of the simulated period (reviews happen between 08:00 and 20:00 UTC). Default 2024-01-01.</summary>
    public DateTimeOffset Start { get; init; } = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
}

/// <summary>
/// Writes a synthetic review log for a learner whose memory follows known parameters: every outcome is drawn from the
/// true retrievability. Used to test that the optimizer recovers what it should, and for the benchmark.
/// </summary>
public static class ReviewLogSimulator
{
    /// <summary>Simulates a review log. Rows are in time order per card; card ids are 1..Cards.</summary>
    public static List<RevlogEntry> Simulate(FsrsParameters truth, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(options);
        var model = new MemoryModel(truth);
        var rng = new Random(options.Seed);
        var rows = new List<RevlogEntry>(options.Cards * 10);
        var logMin = Math.Log(options.MinDelayFactor);
        var logMax = Math.Log(options.MaxDelayFactor);
        for (var id = 1; id <= options.Cards; id++)
        {
            var day = rng.Next(0, Math.Max(1, options.IntroductionDays));
            var time = At(options.Start, day, rng);
            var first = Pick(rng, 0.2, 0.15, 0.5);
            rows.Add(new RevlogEntry(id, time, first, 0));
            var state = model.Next(null, 0, first);
            if (first is Rating.Again or Rating.Hard)
            {
                // A same-day learning step, always passed.
                time = time.AddMinutes(10);
                rows.Add(new RevlogEntry(id, time, Rating.Good, 0));
                state = model.Next(state, 0, Rating.Good);
            }

            while (true)
            {
                var planned = model.IntervalDays(state.Stability, options.DesiredRetention);
                var factor = Math.Exp(logMin + ((logMax - logMin) * rng.NextDouble()));
                var interval = Math.Max(1, (int)Math.Round(planned * factor));
                day += interval;
                if (day >= options.Days)
                {
                    break;
                }

                time = At(options.Start, day, rng);
                var recalled = rng.NextDouble() < model.Retrievability(interval, state.Stability);
                var rating = recalled ? Pick(rng, 0.0, 0.15, 0.75) : Rating.Again;
                rows.Add(new RevlogEntry(id, time, rating, 1));
                state = model.Next(state, interval, rating);
                if (rating == Rating.Again && rng.NextDouble() < 0.8)
                {
                    time = time.AddMinutes(10);
                    rows.Add(new RevlogEntry(id, time, Rating.Good, 2));
                    state = model.Next(state, 0, Rating.Good);
                }
            }
        }

        return rows;
    }

    private static DateTimeOffset At(DateTimeOffset start, int day, Random rng) =>
        start.AddDays(day).AddMinutes(480 + rng.Next(0, 11 * 60));

    /// <summary>Again with <paramref name="again"/>, Hard with <paramref name="hard"/>, Good with <paramref name="good"/>, otherwise Easy.</summary>
    private static Rating Pick(Random rng, double again, double hard, double good)
    {
        var u = rng.NextDouble();
        return u < again ? Rating.Again : u < again + hard ? Rating.Hard : u < again + hard + good ? Rating.Good : Rating.Easy;
    }
}
