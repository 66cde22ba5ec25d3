namespace SayStop.Fsrs;

/// <summary>The scheduling state of one card. Immutable: the scheduler returns new instances.</summary>
public sealed record Card
{
    /// <summary>When the card is next due.</summary>
    public DateTimeOffset Due { get; init; }

    /// <summary>Memory stability in days (0 for a new card).</summary>
    public double Stability { get; init; }

    /// <summary>Memory difficulty in [1, 10] (0 for a new card).</summary>
    public double Difficulty { get; init; }

    /// <summary>Scheduler state.</summary>
    public CardState State { get; init; }

    /// <summary>Index of the current (re)learning step.</summary>
    public int Step { get; init; }

    /// <summary>When the card was last reviewed, or null if never.</summary>
    public DateTimeOffset? LastReview { get; init; }

    /// <summary>Number of reviews so far.</summary>
    public int Reps { get; init; }

    /// <summary>Number of lapses (Again while in Review).</summary>
    public int Lapses { get; init; }

    /// <summary>Whole days from the last review to <see cref="Due"/> (0 while in intraday steps).</summary>
    public int ScheduledDays { get; init; }

    /// <summary>Whole days between the last two reviews.</summary>
    public int ElapsedDays { get; init; }

    /// <summary>The memory state, or null for a card never reviewed.</summary>
    public MemoryState? Memory => Stability == 0 && Difficulty == 0 ? null : new MemoryState(Stability, Difficulty);

    /// <summary>A new card, due at <paramref name="now"/>.</summary>
    public static Card CreateNew(DateTimeOffset now) => new() { Due = now };
}

/// <summary>What happened at one review, as stored in a review log.</summary>
/// <param name="Rating">The answer.</param>
/// <param name="ReviewedAt">When the review happened.</param>
/// <param name="StateBefore">The card's state before the review.</param>
/// <param name="ElapsedDays">Whole learning days since the previous review.</param>
/// <param name="ScheduledDays">Whole days until the card is due again.</param>
/// <param name="Stability">Stability after the review.</param>
/// <param name="Difficulty">Difficulty after the review.</param>
public sealed record ReviewLogEntry(
    Rating Rating,
    DateTimeOffset ReviewedAt,
    CardState StateBefore,
    int ElapsedDays,
    int ScheduledDays,
    double Stability,
    double Difficulty);

/// <summary>The card after a review, with its log entry.</summary>
/// <param name="Card">The card after the review.</param>
/// <param name="Log">What to append to the review log.</param>
public sealed record SchedulingOutcome(Card Card, ReviewLogEntry Log);

/// <summary>The four possible outcomes of reviewing a card now.</summary>
/// <param name="Again">Outcome if the learner answers Again.</param>
/// <param name="Hard">Outcome if the learner answers Hard.</param>
/// <param name="Good">Outcome if the learner answers Good.</param>
/// <param name="Easy">Outcome if the learner answers Easy.</param>
public sealed record SchedulingPreview(SchedulingOutcome Again, SchedulingOutcome Hard, SchedulingOutcome Good, SchedulingOutcome Easy)
{
    /// <summary>The outcome for a rating.</summary>
    public SchedulingOutcome this[Rating rating] => rating switch
    {
        Rating.Again => Again,
        Rating.Hard => Hard,
        Rating.Good => Good,
        Rating.Easy => Easy,
        _ => throw new ArgumentOutOfRangeException(nameof(rating), rating, "Expected Again, Hard, Good or Easy."),
    };
}

/// <summary>One past review, used to replay a card's history.</summary>
/// <param name="ReviewedAt">When the review happened.</param>
/// <param name="Rating">The answer (<see cref="Rating.Manual"/> entries are skipped).</param>
public readonly record struct ReviewEvent(DateTimeOffset ReviewedAt, Rating Rating);
