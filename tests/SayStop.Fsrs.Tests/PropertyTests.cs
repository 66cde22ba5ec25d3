using FsCheck;
using FsCheck.Fluent;

namespace SayStop.Fsrs.Tests;

/// <summary>
/// Properties checked with FsCheck over random states, delays, ratings and parameter sets.
/// (FsCheck.Xunit.v3 needs xunit.v3 4.x, so each property runs through <c>Check.QuickThrowOnFailure</c>.)
/// </summary>
public class PropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    private static Gen<FsrsParameters> Parameters() =>
        Gen.Choose(0, 1_000_000).Select(seed =>
        {
            // A random point inside the clamp ranges, so that any valid parameter set is covered.
            var rng = new Random(seed);
            var w = new double[21];
            for (var i = 0; i < 21; i++)
            {
                var (lo, hi) = FsrsParameters.Bounds(i, 2.0, enableShortTerm: true);
                w[i] = lo + ((hi - lo) * rng.NextDouble());
            }

            return FsrsParameters.Create(w);
        });

    private static Gen<double> Stability() => Gen.Choose(1, 1_000_000).Select(x => x / 100.0);

    private static Gen<double> Difficulty() => Gen.Choose(100, 1000).Select(x => x / 100.0);

    private static Gen<Rating> Grade() => Gen.Elements(Rating.Again, Rating.Hard, Rating.Good, Rating.Easy);

    [Fact]
    public void Retrievability_FallsWithTime()
    {
        var cases = from p in Parameters() from s in Stability() from t in Gen.Choose(0, 5000) from extra in Gen.Choose(1, 5000) select (p, s, t, extra);
        Prop.ForAll(cases.ToArbitrary(), c =>
            {
                var (p, s, t, extra) = c;
                var model = new MemoryModel(p);
                var r1 = model.Retrievability(t, s);
                var r2 = model.Retrievability(t + extra, s);
                return r2 < r1 && r1 <= 1.0 && r2 > 0;
            }).Check(Runs);
    }

    [Fact]
    public void Stability_DoesNotFallAfterASuccess()
    {
        var cases = from p in Parameters() from s in Stability() from d in Difficulty() from t in Gen.Choose(0, 3000)
                    from g in Gen.Elements(Rating.Hard, Rating.Good, Rating.Easy) select (p, s, d, t, g);
        Prop.ForAll(cases.ToArbitrary(), c =>
            {
                var (p, s, d, t, g) = c;
                var next = new MemoryModel(p).Next(new MemoryState(s, d), t, g);
                return next.Stability >= s * (1 - 1e-12) || s >= MemoryModel.StabilityMax;
            }).Check(Runs);
    }

    [Fact]
    public void Difficulty_StaysBetweenOneAndTen()
    {
        var reviews = Gen.ListOf(Gen.Zip(Gen.Choose(0, 400), Grade())).Select(l => l.ToArray());
        Prop.ForAll(Parameters().ToArbitrary(), Grade().ToArbitrary(), reviews.ToArbitrary(), (p, first, rest) =>
        {
            var model = new MemoryModel(p);
            var state = model.Next(null, 0, first);
            var ok = state.Difficulty is >= 1 and <= 10;
            foreach (var (t, g) in rest)
            {
                state = model.Next(state, t, g);
                ok &= state.Difficulty is >= 1 and <= 10 && state.Stability is >= MemoryModel.StabilityMin and <= MemoryModel.StabilityMax;
            }

            return ok;
        }).Check(Runs);
    }

    [Fact]
    public void Intervals_GrowAsDesiredRetentionFalls()
    {
        var cases = from p in Parameters() from s in Stability() from r in Gen.Choose(70, 96) from step in Gen.Choose(1, 20) select (p, s, r, step);
        Prop.ForAll(cases.ToArbitrary(), c =>
            {
                var (p, s, r, step) = c;
                var high = Math.Min(0.99, (r + step) / 100.0);
                var low = r / 100.0;
                var model = new MemoryModel(p);
                var lowScheduler = new Scheduler(new SchedulerOptions { Parameters = p, DesiredRetention = low });
                var highScheduler = new Scheduler(new SchedulerOptions { Parameters = p, DesiredRetention = high });
                return model.IntervalDays(s, low) > model.IntervalDays(s, high)
                    && lowScheduler.NextInterval(s, 0) >= highScheduler.NextInterval(s, 0);
            }).Check(Runs);
    }

    [Fact]
    public void Replay_EqualsApplyingReviewsOneByOne()
    {
        var events = Gen.ListOf(Gen.Zip(Gen.Choose(1, 60 * 24 * 40), Grade()))
            .Select(l => l.ToArray())
            .Where(a => a.Length > 0);
        Prop.ForAll(Parameters().ToArbitrary(), events.ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (p, steps, shortTerm) =>
        {
            var options = new SchedulerOptions { Parameters = p, EnableShortTerm = shortTerm, EnableFuzz = true, FuzzSeed = 7 };
            var scheduler = new Scheduler(options);
            var at = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
            var history = new List<ReviewEvent>();
            foreach (var (minutes, g) in steps)
            {
                at = at.AddMinutes(minutes);
                history.Add(new ReviewEvent(at, g));
            }

            var replayed = scheduler.Reschedule(history);
            var card = Card.CreateNew(history[0].ReviewedAt);
            for (var i = 0; i < history.Count; i++)
            {
                var outcome = scheduler.Review(card, history[i].ReviewedAt, history[i].Rating);
                if (outcome != replayed[i])
                {
                    return false;
                }

                card = outcome.Card;
            }

            return replayed.Count == history.Count;
        }).Check(Runs);
    }
}
