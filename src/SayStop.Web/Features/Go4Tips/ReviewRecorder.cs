using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SayStop.Fsrs;
using SayStop.Web.Data;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// Turns one posted answer into one review: checks the answer token, grades the card (the learner's own grade
/// for a question card; right = Good, wrong = Again for choice cards), asks SayStop.Fsrs for the new schedule
/// and stores the card state and the review log entry in one save. A post whose token is stale was already
/// counted and changes nothing.
/// </summary>
public sealed class ReviewRecorder(AppDbContext db, AnswerTokens tokens, LearnerProfile profiles, TimeProvider clock, DeckSchedulers schedulers)
{
    public enum Outcome
    {
        Recorded,
        AlreadyCounted,
        NoLearner,
        InvalidToken,
        OtherLearner,
        UnknownCard,
        InvalidAnswer,

        /// <summary>An offline answer that kept losing races with other writes; the browser may send it again.</summary>
        Conflict,
    }

    public sealed record Result(Outcome Outcome, Guid? ReviewId = null)
    {
        public bool Refused => Outcome is not (Outcome.Recorded or Outcome.AlreadyCounted);
    }

    public async Task<Result> AnswerAsync(Guid? learnerId, Guid deckId, string? token, string? grade, string? choice, CancellationToken ct)
    {
        if (learnerId is not { } learner)
        {
            return new(Outcome.NoLearner);
        }

        if (tokens.Read(token) is not { } slot)
        {
            return new(Outcome.InvalidToken);
        }

        if (slot.LearnerId != learner)
        {
            return new(Outcome.OtherLearner);
        }

        var card = await db.Set<Card>().AsNoTracking().Include(c => c.Choices).FirstOrDefaultAsync(c => c.Id == slot.CardId, ct);
        if (card is null || card.DeckId != deckId)
        {
            return new(Outcome.UnknownCard);
        }

        if (!TryGrade(card, grade, choice, out var rating, out var choicePosition))
        {
            return new(Outcome.InvalidAnswer);
        }

        var state = await db.Set<LearnerCard>().FirstOrDefaultAsync(c => c.LearnerId == learner && c.CardId == card.Id, ct);
        if ((state?.Version ?? 0) != slot.Version)
        {
            return new(Outcome.AlreadyCounted, await ReviewOfVersionAsync(learner, card.Id, slot.Version, ct));
        }

        var review = await ScheduleAsync(learner, card, state, rating, choicePosition, clock.GetUtcNow(), null, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another post with the same token won the race (a concurrency conflict on Version, or the same
            // first answer inserting the same card row): that one counted, this one does not.
            db.ChangeTracker.Clear();
            return new(Outcome.AlreadyCounted, await ReviewOfVersionAsync(learner, card.Id, slot.Version, ct));
        }

        return new(Outcome.Recorded, review.Id);
    }

    private static bool TryGrade(Card card, string? grade, string? choice, out Rating rating, out int? choicePosition)
    {
        choicePosition = null;
        rating = Rating.Manual;
        if (card.IsAutoGraded)
        {
            if (!int.TryParse(choice, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                || card.Choices.FirstOrDefault(c => c.Position == position) is not { } picked)
            {
                return false;
            }

            choicePosition = position;
            rating = picked.IsCorrect ? Rating.Good : Rating.Again;
            return true;
        }

        if (int.TryParse(grade, NumberStyles.None, CultureInfo.InvariantCulture, out var g) && g is >= 1 and <= 4)
        {
            rating = (Rating)g;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Asks SayStop.Fsrs for the new schedule of one answer at <paramref name="now"/> (the deck's fitted parameters or the
    /// defaults, see <see cref="DeckSchedulers"/>) and adds the card state and the review to the context, unsaved.
    /// </summary>
    private async Task<Review> ScheduleAsync(Guid learner, Card card, LearnerCard? state, Rating rating, int? choicePosition,
        DateTimeOffset now, Guid? clientId, CancellationToken ct)
    {
        var settings = await profiles.EnsureAsync(learner, ct);
        var (scheduler, fitId) = await schedulers.ForAsync(learner, card.DeckId, settings.DesiredRetention, ct);
        var outcome = scheduler.Review(state?.ToFsrs() ?? SayStop.Fsrs.Card.CreateNew(now), now, rating);
        if (state is null)
        {
            state = new LearnerCard { LearnerId = learner, CardId = card.Id, DeckId = card.DeckId };
            db.Add(state);
        }

        state.Apply(outcome.Card);
        state.Version++;
        var review = NewReview(Guid.CreateVersion7(), learner, card, rating, choicePosition, now, outcome, clientId, fitId);
        db.Add(review);
        return review;
    }

    /// <summary>A review-log row: the answer and what SayStop.Fsrs made of it.</summary>
    private static Review NewReview(Guid id, Guid learner, Card card, Rating rating, int? choicePosition, DateTimeOffset at,
        SchedulingOutcome outcome, Guid? clientId, Guid? fitId) => new()
    {
        Id = id,
        LearnerId = learner,
        CardId = card.Id,
        DeckId = card.DeckId,
        Rating = rating,
        ChoicePosition = choicePosition,
        ReviewedAt = at.UtcDateTime,
        ElapsedDays = outcome.Log.ElapsedDays,
        StateBefore = outcome.Log.StateBefore,
        StateAfter = outcome.Card.State,
        ScheduledDays = outcome.Log.ScheduledDays,
        Stability = outcome.Card.Stability,
        Difficulty = outcome.Card.Difficulty,
        DueAfter = outcome.Card.Due.UtcDateTime,
        ClientId = clientId,
        ParametersFitId = fitId,
    };

    // --- Offline answers (OfflineSync): the same grading and scheduling, at the time the answer was made ---

    /// <summary>
    /// Records one answer made in the offline app at <paramref name="at"/>, identified by the browser's
    /// <paramref name="clientId"/>: counted once however often it is sent. The caller checks the time range and sends a
    /// learner's answers in time order.
    /// </summary>
    public async Task<Result> RecordOfflineAsync(Guid learner, Guid clientId, Guid cardId, string? grade, string? choice, DateTimeOffset at, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            db.ChangeTracker.Clear();
            if (await db.Set<Review>().AsNoTracking().Where(r => r.LearnerId == learner && r.ClientId == clientId)
                    .Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct) is { } counted)
            {
                return new(Outcome.AlreadyCounted, counted);
            }

            var card = await db.Set<Card>().AsNoTracking().Include(c => c.Choices).FirstOrDefaultAsync(c => c.Id == cardId, ct);
            if (card is null)
            {
                return new(Outcome.UnknownCard);
            }

            if (!TryGrade(card, grade, choice, out var rating, out var choicePosition))
            {
                return new(Outcome.InvalidAnswer);
            }

            var state = await db.Set<LearnerCard>().FirstOrDefaultAsync(c => c.LearnerId == learner && c.CardId == card.Id, ct);
            var review = state?.LastReview is { } last && new DateTimeOffset(last, TimeSpan.Zero) > at
                ? await InsertLateAsync(learner, card, state, rating, choicePosition, at, clientId, ct)
                : await ScheduleAsync(learner, card, state, rating, choicePosition, at, clientId, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                return new(Outcome.Recorded, review.Id);
            }
            catch (DbUpdateException)
            {
                // The same batch sent twice at once (the unique client id), or an answer on the same card from another
                // tab (the version): look again.
            }
        }

        db.ChangeTracker.Clear();
        return new(Outcome.Conflict);
    }

    /// <summary>
    /// An offline answer older than the card's last review (the learner answered the same card online before the
    /// queue was sent): it is not lost. It joins the log at its own time and the card's state becomes what SayStop.Fsrs
    /// gives by replaying the whole log of that card in time order, as the merge of two devices does.
    /// </summary>
    private async Task<Review> InsertLateAsync(Guid learner, Card card, LearnerCard state, Rating rating, int? choicePosition,
        DateTimeOffset at, Guid? clientId, CancellationToken ct)
    {
        var settings = await profiles.EnsureAsync(learner, ct);
        var (scheduler, fitId) = await schedulers.ForAsync(learner, card.DeckId, settings.DesiredRetention, ct);
        var reviewId = Guid.CreateVersion7();
        var history = await db.Set<Review>().AsNoTracking().Where(r => r.LearnerId == learner && r.CardId == card.Id)
            .Select(r => new { r.Id, r.ReviewedAt, r.Rating }).ToListAsync(ct);
        history.Add(new { Id = reviewId, ReviewedAt = at.UtcDateTime, Rating = rating });
        var ordered = history.Where(r => r.Rating != Rating.Manual).OrderBy(r => r.ReviewedAt).ToList();
        var replay = scheduler.Reschedule(ordered.Select(r => new ReviewEvent(new DateTimeOffset(r.ReviewedAt, TimeSpan.Zero), r.Rating)));
        var mine = replay[ordered.FindIndex(r => r.Id == reviewId)];

        state.Apply(replay[^1].Card);
        state.Version++;
        var review = NewReview(reviewId, learner, card, rating, choicePosition, at, mine, clientId, fitId);
        db.Add(review);
        return review;
    }

    /// <summary>The review that consumed a token's version (the n-th review of the card), to show its feedback again.</summary>
    private async Task<Guid?> ReviewOfVersionAsync(Guid learner, Guid card, int version, CancellationToken ct) =>
        await db.Set<Review>().AsNoTracking().Where(r => r.LearnerId == learner && r.CardId == card)
            .OrderBy(r => r.ReviewedAt).ThenBy(r => r.Id).Skip(version).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
}
