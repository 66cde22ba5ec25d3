using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Fsrs;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// One card at a time, with plain forms: a question card shows its answer on a GET (?reveal=card), every answer is a
/// POST that redirects to the feedback (?review=id), so a reload never answers twice and the back button is harmless.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class StudyModel(StudySession session, ReviewRecorder recorder, AnswerTokens tokens, LearnerProfile profiles,
    AppDbContext db, TimeProvider clock, Texts texts, DeckSchedulers schedulers) : PageModel
{
    public enum Mode
    {
        Question,
        Revealed,
        Feedback,
        Done,
    }

    public sealed record Grade(int Value, string Label, string Interval);

    public StudySession.DeckSummary Deck { get; private set; } = null!;

    public Mode Showing { get; private set; }

    public StudySession.ShownCard? Card { get; private set; }

    public string Token { get; private set; } = string.Empty;

    public IReadOnlyList<Grade> Grades { get; private set; } = [];

    public StudySession.UpNext? Queue { get; private set; }

    /// <summary>In feedback mode: what was answered and when the card comes back.</summary>
    public Review? Answered { get; private set; }

    public string? NextInterval { get; private set; }

    /// <summary>A refusal or a missing answer, in the visitor's language.</summary>
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string deck, [FromQuery] string? review, [FromQuery] string? reveal, CancellationToken ct)
    {
        if (await session.DeckAsync(deck, Cultures.Current, ct) is not { } d)
        {
            return NotFound();
        }

        Deck = d;
        var learner = profiles.ReadOrIssue(HttpContext);
        if (Guid.TryParse(review, out var reviewId))
        {
            var r = await db.Set<Review>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == reviewId && x.LearnerId == learner && x.DeckId == d.Id, ct);
            if (r is not null && await session.CardAsync(r.CardId, Cultures.Current, ct) is { } answeredCard)
            {
                Showing = Mode.Feedback;
                Answered = r;
                Card = answeredCard;
                NextInterval = Interval(r.DueAfter - r.ReviewedAt);
                return Page();
            }
        }

        await ShowNextAsync(learner, Guid.TryParse(reveal, out var r2) ? r2 : null, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string deck, [FromForm] string? token, [FromForm] string? grade, [FromForm] string? choice, CancellationToken ct)
    {
        if (await session.DeckAsync(deck, Cultures.Current, ct) is not { } d)
        {
            return NotFound();
        }

        Deck = d;
        var learner = profiles.Read(HttpContext);
        var result = await recorder.AnswerAsync(learner, d.Id, token, grade, choice, ct);
        if (!result.Refused)
        {
            return result.ReviewId is { } id
                ? Redirect($"/{Cultures.Current}/go4tips/{d.Key}/study?review={id}")
                : Redirect($"/{Cultures.Current}/go4tips/{d.Key}/study");
        }

        // Refused: say why, and show the card to answer now, so nothing the learner was doing is lost.
        Problem = texts["Go4Tips.Study.Refused." + result.Outcome switch
        {
            ReviewRecorder.Outcome.NoLearner => "NoLearner",
            ReviewRecorder.Outcome.InvalidAnswer => "InvalidAnswer",
            ReviewRecorder.Outcome.UnknownCard => "UnknownCard",
            _ => "InvalidToken",
        }];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        var reveal = result.Outcome == ReviewRecorder.Outcome.InvalidAnswer ? tokens.Read(token)?.CardId : null;
        await ShowNextAsync(learner ?? profiles.ReadOrIssue(HttpContext), reveal, ct);
        return Page();
    }

    private async Task ShowNextAsync(Guid learner, Guid? reveal, CancellationToken ct)
    {
        var settings = await profiles.SettingsAsync(learner, ct);
        Queue = await session.NextAsync(learner, Deck.Id, settings, ct);
        if (Queue.CardId is not { } cardId || await session.CardAsync(cardId, Cultures.Current, ct) is not { } card)
        {
            Showing = Mode.Done;
            return;
        }

        Card = card;
        var (state, version) = await session.StateAsync(learner, cardId, ct);
        Token = tokens.Issue(new AnswerTokens.AnswerSlot(learner, cardId, version));
        Showing = card.Kind == CardKind.QuestionAnswer && reveal == cardId ? Mode.Revealed : Mode.Question;
        if (Showing == Mode.Revealed)
        {
            var now = clock.GetUtcNow();
            // The same scheduler the answer will be recorded with (the deck's fitted parameters for a short history).
            var scheduler = (await schedulers.ForAsync(learner, Deck.Id, settings.DesiredRetention, ct)).Scheduler;
            var preview = scheduler.Preview(state, now);
            Grades = new[] { Rating.Again, Rating.Hard, Rating.Good, Rating.Easy }
                .Select(r => new Grade((int)r, texts["Go4Tips.Grade." + r], Interval(preview[r].Card.Due - now)))
                .ToList();
        }
    }

    public string Interval(TimeSpan span)
    {
        if (span < TimeSpan.FromHours(1))
        {
            return texts["Go4Tips.Interval.Minutes", Math.Max(1, (int)Math.Round(span.TotalMinutes))];
        }

        if (span < TimeSpan.FromDays(1))
        {
            return texts["Go4Tips.Interval.Hours", (int)Math.Round(span.TotalHours)];
        }

        return texts["Go4Tips.Interval.Days", (int)Math.Round(span.TotalDays)];
    }
}
