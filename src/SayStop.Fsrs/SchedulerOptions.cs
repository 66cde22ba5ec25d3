namespace SayStop.Fsrs;

/// <summary>Settings for <see cref="Scheduler"/>. The defaults are those of ts-fsrs 5.4.2 (fuzz off).</summary>
public sealed record SchedulerOptions
{
    /// <summary>The model weights. Clamped by the scheduler before use.</summary>
    public FsrsParameters Parameters { get; init; } = FsrsParameters.Default;

    /// <summary>Target probability of recall when a card falls due (0.7 to 0.97 is sensible). Default 0.9.</summary>
    public double DesiredRetention { get; init; } = 0.9;

    /// <summary>Longest interval in days. Default 36500.</summary>
    public int MaximumInterval { get; init; } = 36500;

    /// <summary>Learning steps for new cards. Default 1 min, 10 min. Empty: a new card goes straight to Review.</summary>
    public IReadOnlyList<TimeSpan> LearningSteps { get; init; } = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)];

    /// <summary>Relearning steps after a lapse. Default 10 min. Empty: a lapsed card stays in Review.</summary>
    public IReadOnlyList<TimeSpan> RelearningSteps { get; init; } = [TimeSpan.FromMinutes(10)];

    /// <summary>
    /// When true (default) cards go through learning steps and same-day reviews use the short-term formula.
    /// When false every answer gives a whole-day interval (ts-fsrs long-term scheduler), for cards seen at most daily.
    /// </summary>
    public bool EnableShortTerm { get; init; } = true;

    /// <summary>Whether to fuzz intervals of 2.5 days or more (Anki's fuzz). Default false, as in ts-fsrs.</summary>
    public bool EnableFuzz { get; init; }

    /// <summary>Seed for the fuzz; the same seed, card and review instant always give the same interval.</summary>
    public ulong FuzzSeed { get; init; }

    /// <summary>How elapsed days are counted. Default <see cref="DayBoundary.Utc"/>; see its remarks.</summary>
    public DayBoundary DayBoundary { get; init; } = DayBoundary.Utc;
}
