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
public sealed class ReviewRecorder(AppDbContext db, AnswerTokens tokens, LearnerProfile profiles, TimeProvider clock)
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

        int? choicePosition = null;
        Rating rating;
        if (card.IsAutoGraded)
        {
            if (!int.TryParse(choice, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                || card.Choices.FirstOrDefault(c => c.Position == position) is not { } picked)
            {
                return new(Outcome.InvalidAnswer);
            }

            choicePosition = position;
            rating = picked.IsCorrect ? Rating.Good : Rating.Again;
        }
        else if (int.TryParse(grade, NumberStyles.None, CultureInfo.InvariantCulture, out var g) && g is >= 1 and <= 4)
        {
            rating = (Rating)g;
        }
        else
        {
            return new(Outcome.InvalidAnswer);
        }

        var state = await db.Set<LearnerCard>().FirstOrDefaultAsync(c => c.LearnerId == learner && c.CardId == card.Id, ct);
        if ((state?.Version ?? 0) != slot.Version)
        {
            return new(Outcome.AlreadyCounted, await ReviewOfVersionAsync(learner, card.Id, slot.Version, ct));
        }

        var settings = await profiles.EnsureAsync(learner, ct);
        var now = clock.GetUtcNow();
        var outcome = Go4TipsScheduling.For(settings.DesiredRetention)
            .Review(state?.ToFsrs() ?? SayStop.Fsrs.Card.CreateNew(now), now, rating);
        if (state is null)
        {
            state = new LearnerCard { LearnerId = learner, CardId = card.Id, DeckId = card.DeckId };
            db.Add(state);
        }

        state.Apply(outcome.Card);
        state.Version = slot.Version + 1;
        var review = new Review
        {
            Id = Guid.CreateVersion7(),
            LearnerId = learner,
            CardId = card.Id,
            DeckId = card.DeckId,
            Rating = rating,
            ChoicePosition = choicePosition,
            ReviewedAt = now.UtcDateTime,
            ElapsedDays = outcome.Log.ElapsedDays,
            StateBefore = outcome.Log.StateBefore,
            StateAfter = outcome.Card.State,
            ScheduledDays = outcome.Log.ScheduledDays,
            Stability = outcome.Card.Stability,
            Difficulty = outcome.Card.Difficulty,
            DueAfter = outcome.Card.Due.UtcDateTime,
        };
        db.Add(review);
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

    /// <summary>The review that consumed a token's version (the n-th review of the card), to show its feedback again.</summary>
    private async Task<Guid?> ReviewOfVersionAsync(Guid learner, Guid card, int version, CancellationToken ct) =>
        await db.Set<Review>().AsNoTracking().Where(r => r.LearnerId == learner && r.CardId == card)
            .OrderBy(r => r.ReviewedAt).ThenBy(r => r.Id).Skip(version).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
}
