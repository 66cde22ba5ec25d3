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
