using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Fsrs;
using SayStop.Web.Data;
using SayStop.Web.Features.Go4Tips;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Go4Tips;

/// <summary>
/// The answer-to-rating mapping, pinned for each card kind and answer (the schedule tests replay the stored ratings, so
/// they cannot see a wrong mapping): a self-graded card's four buttons are Again, Hard, Good, Easy; an automatically
/// graded card is Good when right and Again when wrong. The stored memory state is the one FSRS gives for that rating.
/// </summary>
public abstract class Go4TipsRatingTests(SayStopApp app)
{
    private const string Deck = "travellers";

    private static string StudyUrl => $"/en/go4tips/{Deck}/study";

    /// <summary>(kind, answer) → the rating it must give; the answer is a grade 1–4 or "right"/"wrong".</summary>
    private static readonly Dictionary<(CardKind Kind, string Answer), Rating> Expected = new()
    {
        [(CardKind.QuestionAnswer, "1")] = Rating.Again,
        [(CardKind.QuestionAnswer, "2")] = Rating.Hard,
        [(CardKind.QuestionAnswer, "3")] = Rating.Good,
        [(CardKind.QuestionAnswer, "4")] = Rating.Easy,
        [(CardKind.MultipleChoice, "right")] = Rating.Good,
        [(CardKind.MultipleChoice, "wrong")] = Rating.Again,
        [(CardKind.TrueFalse, "right")] = Rating.Good,
        [(CardKind.TrueFalse, "wrong")] = Rating.Again,
        [(CardKind.Scenario, "right")] = Rating.Good,
        [(CardKind.Scenario, "wrong")] = Rating.Again,
    };

    [Fact]
    public async Task EveryKindAndAnswer_GivesItsPinnedRating_AndTheMemoryStateOfThatRating()
    {
        app.Require();
        var pending = Expected.Keys.ToList();
        var scheduler = new Scheduler(Go4TipsScheduling.Options(0.85));
        for (var learners = 0; pending.Count > 0 && learners < 12; learners++)
        {
            var client = app.Client();
            for (var cards = 0; pending.Count > 0 && cards < 16; cards++)
            {
                var doc = await client.GetDocumentAsync(StudyUrl);
                if (doc.QuerySelector("#card") is not { } article)
                {
                    break; // this learner's new cards for the day are done: the next learner starts afresh
                }

                var cardId = Guid.Parse(article.GetAttribute("data-card")!);
                var kind = Enum.Parse<CardKind>(article.GetAttribute("data-card-kind")!);
                var wanted = pending.FirstOrDefault(p => p.Kind == kind);
                var answer = wanted == default ? (kind == CardKind.QuestionAnswer ? "3" : "right") : wanted.Answer;
                HttpResponseMessage response;
                if (kind == CardKind.QuestionAnswer)
                {
                    var revealed = await client.GetDocumentAsync($"{StudyUrl}?reveal={cardId}");
                    response = await client.SubmitAsync(revealed, StudyUrl, new Dictionary<string, string> { ["grade"] = answer }, "form.grade-form");
                }
                else
                {
                    var position = await ChoiceAsync(cardId, answer == "right");
                    response = await client.SubmitAsync(doc, StudyUrl, new Dictionary<string, string> { ["choice"] = position.ToString(CultureInfo.InvariantCulture) }, "form.choice-form");
                }

                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                if (wanted == default)
                {
                    continue;
                }

                var review = await LastReviewAsync(cardId);
                Assert.True(review.Rating == Expected[wanted], $"{kind} answered {answer}: stored {review.Rating}, expected {Expected[wanted]}");
                // A first review: FSRS's state for the pinned rating, not for whatever the site stored.
                Assert.Equal(CardState.New, review.StateBefore);
                var first = scheduler.Reschedule([new ReviewEvent(new DateTimeOffset(review.ReviewedAt, TimeSpan.Zero), Expected[wanted])]).Single();
                Assert.Equal(first.Card.Stability, review.Stability, 1e-9);
                Assert.Equal(first.Card.Difficulty, review.Difficulty, 1e-9);
                Assert.Equal(first.Card.State, review.StateAfter);
                pending.Remove(wanted);
            }
        }

        Assert.True(pending.Count == 0, "never shown: " + string.Join(", ", pending));
    }

    private async Task<int> ChoiceAsync(Guid cardId, bool right)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<CardChoice>()
            .Where(c => c.CardId == cardId && c.IsCorrect == right).OrderBy(c => c.Position).Select(c => c.Position).FirstAsync();
    }

    private async Task<Review> LastReviewAsync(Guid cardId)
    {
        await using var scope = app.Scope();
        var reviews = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Review>().AsNoTracking()
            .Where(r => r.CardId == cardId).ToListAsync();
        return reviews.OrderBy(r => r.ReviewedAt).ThenBy(r => r.Id).Last();
    }
}

public sealed class Go4TipsRatingSqliteTests(SqliteApp app) : Go4TipsRatingTests(app), IClassFixture<SqliteApp>;

public sealed class Go4TipsRatingPostgresTests(PostgresApp app) : Go4TipsRatingTests(app), IClassFixture<PostgresApp>;
