namespace SayStop.Fsrs.Optimization;

/// <summary>One review in a card's training history: the rating and the whole learning days since the previous review.</summary>
/// <param name="Rating">The answer (Again..Easy).</param>
/// <param name="DeltaDays">Whole learning days since the card's previous review; 0 for the first review and for same-day reviews.</param>
public readonly record struct TrainingReview(Rating Rating, int DeltaDays);

/// <summary>
/// The review history of one card in chronological order, as the optimizer and the evaluator see it.
/// Every review after the first with <see cref="TrainingReview.DeltaDays"/> &gt; 0 is one training item (fsrs-rs
/// <c>FSRSItem</c>): the model predicts its recall from the reviews before it. Same-day reviews stay in the history
/// but are not predicted.
/// </summary>
public sealed class CardHistory
{
    /// <summary>Creates a history.</summary>
    /// <param name="cardId">The card's id.</param>
    /// <param name="reviews">Reviews in time order; the first must have <see cref="TrainingReview.DeltaDays"/> = 0.</param>
    /// <param name="reviewTimes">When each review happened (any monotonic unit, e.g. Unix ms); orders items for recency weighting.</param>
    public CardHistory(long cardId, IReadOnlyList<TrainingReview> reviews, IReadOnlyList<long> reviewTimes)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        ArgumentNullException.ThrowIfNull(reviewTimes);
        if (reviews.Count != reviewTimes.Count)
        {
            throw new ArgumentException("One time per review is required.", nameof(reviewTimes));
        }

        if (reviews.Any(r => r.Rating is < Rating.Again or > Rating.Easy || r.DeltaDays < 0))
        {
            throw new ArgumentException("Ratings must be Again..Easy and delta days non-negative.", nameof(reviews));
        }

        CardId = cardId;
        Reviews = reviews;
        ReviewTimes = reviewTimes;
    }

    /// <summary>The card's id.</summary>
    public long CardId { get; }

    /// <summary>Reviews in time order.</summary>
    public IReadOnlyList<TrainingReview> Reviews { get; }

    /// <summary>Time of each review.</summary>
    public IReadOnlyList<long> ReviewTimes { get; }

    /// <summary>Number of training items (reviews after the first with DeltaDays &gt; 0).</summary>
    public int ItemCount
    {
        get
        {
            var n = 0;
            for (var i = 1; i < Reviews.Count; i++)
            {
                if (Reviews[i].DeltaDays > 0)
                {
                    n++;
                }
            }

            return n;
        }
    }
}

/// <summary>One row of a review log (Anki revlog columns).</summary>
/// <param name="CardId">The card.</param>
/// <param name="ReviewedAt">When the review happened.</param>
/// <param name="Rating">The answer; <see cref="Rating.Manual"/> rows are reschedules and are skipped.</param>
/// <param name="State">Anki review kind if known: 0 learning, 1 review, 2 relearning, 3 filtered, 4 manual.</param>
public readonly record struct RevlogEntry(long CardId, DateTimeOffset ReviewedAt, Rating Rating, int? State = null);

/// <summary>Turns review-log rows into per-card training histories.</summary>
public static class RevlogConverter
{
    /// <summary>
    /// Groups rows by card, orders them by time, and counts whole learning days between reviews with
    /// <paramref name="dayBoundary"/> (Anki and the fsrs-rs converter use the local day starting at 4 h).
    /// Manual rows (rating 0 or state 4) are skipped. When states are given, a card whose first kept review is not a
    /// learning review is dropped, because its history is incomplete (it was imported or reset), as fsrs-rs does.
    /// </summary>
    public static List<CardHistory> ToHistories(IEnumerable<RevlogEntry> entries, DayBoundary dayBoundary)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(dayBoundary);
        var result = new List<CardHistory>();
        foreach (var group in entries
                     .Where(e => e.Rating != Rating.Manual && e.State != 4)
                     .GroupBy(e => e.CardId)
                     .OrderBy(g => g.Key))
        {
            var rows = group.OrderBy(e => e.ReviewedAt).ToList();
            if (rows[0].State is { } s && s != 0)
            {
                continue;
            }

            var reviews = new TrainingReview[rows.Count];
            var times = new long[rows.Count];
            var previousDay = dayBoundary.DayNumber(rows[0].ReviewedAt);
            for (var i = 0; i < rows.Count; i++)
            {
                var day = dayBoundary.DayNumber(rows[i].ReviewedAt);
                reviews[i] = new TrainingReview(rows[i].Rating, i == 0 ? 0 : Math.Max(0, day - previousDay));
                times[i] = rows[i].ReviewedAt.ToUnixTimeMilliseconds();
                previousDay = day;
            }

            result.Add(new CardHistory(group.Key, reviews, times));
        }

        return result;
    }
}
