namespace SayStop.Fsrs;

/// <summary>
/// Anki's interval fuzz (<c>rslib/src/scheduler/states/fuzz.rs</c>, same ranges in ts-fsrs and py-fsrs): an interval
/// of 2.5 days or more is moved to a random whole day within ±(1 + 15% of the part in [2.5, 7] + 10% of the part in
/// [7, 20] + 5% of the part above 20), so that cards learned together do not stay due together.
/// </summary>
public static class IntervalFuzz
{
    /// <summary>The range of whole days an interval may be fuzzed to.</summary>
    /// <param name="interval">Interval in days before fuzz.</param>
    /// <param name="elapsedDays">Days since the previous review; when the interval is longer, the result stays longer (ts-fsrs).</param>
    /// <param name="maximumInterval">The largest allowed interval.</param>
    public static (int Min, int Max) Range(double interval, int elapsedDays, int maximumInterval)
    {
        var delta = 1.0
            + (0.15 * Overlap(interval, 2.5, 7.0))
            + (0.10 * Overlap(interval, 7.0, 20.0))
            + (0.05 * Overlap(interval, 20.0, double.PositiveInfinity));
        interval = Math.Min(interval, maximumInterval);
        var min = Math.Max(2, RoundHalfUp(interval - delta));
        var max = Math.Min(RoundHalfUp(interval + delta), maximumInterval);
        if (interval > elapsedDays)
        {
            min = Math.Max(min, elapsedDays + 1);
        }

        return (Math.Min(min, max), max);
    }

    /// <summary>Applies fuzz with a uniform number <paramref name="unit"/> in [0, 1). Intervals under 2.5 days are not fuzzed.</summary>
    public static int Apply(int interval, int elapsedDays, int maximumInterval, double unit)
    {
        if (interval < 2.5)
        {
            return interval;
        }

        var (min, max) = Range(interval, elapsedDays, maximumInterval);
        return (int)Math.Floor((unit * (max - min + 1)) + min);
    }

    /// <summary>
    /// A deterministic number in [0, 1) for a review, so that the same card reviewed at the same instant is always
    /// fuzzed the same way (previews agree with the answer, tests are reproducible).
    /// </summary>
    public static double Unit(ulong seed, long reviewUnixMs, int reps, double stability, double difficulty)
    {
        var h = Mix(seed ^ 0x9E3779B97F4A7C15UL);
        h = Mix(h ^ (ulong)reviewUnixMs);
        h = Mix(h ^ (ulong)reps);
        h = Mix(h ^ (ulong)BitConverter.DoubleToInt64Bits(stability * difficulty));
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    internal static int RoundHalfUp(double x) => (int)Math.Floor(x + 0.5);

    private static double Overlap(double x, double start, double end) => Math.Max(Math.Min(x, end) - start, 0.0);

    // SplitMix64 finaliser: cheap and well distributed.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
