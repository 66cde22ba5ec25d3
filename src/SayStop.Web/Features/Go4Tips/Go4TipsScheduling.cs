using System.Collections.Concurrent;
using SayStop.Fsrs;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// The scheduler settings of Go4Tips, in one place so that the app and any replay of its review log
/// (tests, a later re-fit of parameters) use exactly the same rules.
/// </summary>
public static class Go4TipsScheduling
{
    /// <summary>
    /// Learners are mostly in Belgium and we store no time zone: Brussels with Anki's 4 o'clock rollover keeps
    /// a late-evening session and the next morning's on different learning days, as the learner sees them.
    /// </summary>
    public static DayBoundary Days { get; } = new(BrusselsZone(), rolloverHour: 4);

    private static readonly ConcurrentDictionary<double, Scheduler> Schedulers = new();

    /// <summary>The scheduler for a learner's desired retention (clamped to the range the settings page allows).</summary>
    public static Scheduler For(double desiredRetention)
    {
        var r = Math.Round(Math.Clamp(desiredRetention, Learner.MinRetention, Learner.MaxRetention), 2);
        return Schedulers.GetOrAdd(r, static retention => new Scheduler(Options(retention)));
    }

    public static SchedulerOptions Options(double desiredRetention) => new()
    {
        DesiredRetention = desiredRetention,
        // A year at most: the content of a training should come back at least once a year.
        MaximumInterval = 365,
        LearningSteps = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)],
        RelearningSteps = [TimeSpan.FromMinutes(10)],
        DayBoundary = Days,
    };

    // --- Parameters fitted per deck from everyone's reviews (DeckParameterFitJob, DeckSchedulers) ---

    private static readonly ConcurrentDictionary<(double Retention, FsrsParameters Parameters), Scheduler> FittedSchedulers = new();

    /// <summary>The scheduler for a learner's desired retention with a deck's fitted parameters (null: the defaults).</summary>
    public static Scheduler For(double desiredRetention, FsrsParameters? parameters)
    {
        if (parameters is null)
        {
            return For(desiredRetention);
        }

        var r = Math.Round(Math.Clamp(desiredRetention, Learner.MinRetention, Learner.MaxRetention), 2);
        if (FittedSchedulers.Count > 1000)
        {
            // A new fit every night per deck: old ones are dropped now and then rather than kept for ever.
            FittedSchedulers.Clear();
        }

        return FittedSchedulers.GetOrAdd((r, parameters), static key => new Scheduler(Options(key.Retention, key.Parameters)));
    }

    public static SchedulerOptions Options(double desiredRetention, FsrsParameters parameters) =>
        Options(desiredRetention) with { Parameters = parameters };

    private static TimeZoneInfo BrusselsZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
