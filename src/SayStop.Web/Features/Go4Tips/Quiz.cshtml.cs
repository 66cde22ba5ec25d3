using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>Ten questions, one per page, each answer followed by its feedback, then the score. Does not touch the schedule.</summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class QuizModel(StudySession session, QuizStates states, AppDbContext db, Texts texts) : PageModel
{
    public StudySession.DeckSummary Deck { get; private set; } = null!;

    public Quiz? Round { get; private set; }

    public string State { get; private set; } = string.Empty;

    public StudySession.ShownCard? Card { get; private set; }

    /// <summary>After an answer: the choice picked and whether it was right.</summary>
    public StudySession.ShownChoice? Picked { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string deck, CancellationToken ct)
    {
        if (await session.DeckAsync(deck, Cultures.Current, ct) is not { } d)
        {
            return NotFound();
        }

        Deck = d;
        var cards = await db.Set<Card>().AsNoTracking().Where(c => c.DeckId == d.Id && !c.IsHidden && c.Kind != CardKind.QuestionAnswer).Select(c => c.Id).ToListAsync(ct);
        if (cards.Count == 0)
        {
            return NotFound();
        }

        await ShowAsync(Quiz.Start(cards), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string deck, [FromForm] string? state, [FromForm] string? card, [FromForm] string? choice,
        [FromForm] string? go, CancellationToken ct)
    {
        if (await session.DeckAsync(deck, Cultures.Current, ct) is not { } d)
        {
            return NotFound();
        }

        Deck = d;
        if (states.Read(state, d.Id) is not { } quiz)
        {
            Problem = texts["Go4Tips.Quiz.Expired"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (go != "answer" || quiz.Finished)
        {
            await ShowAsync(quiz, ct);
            return Page();
        }

        var shown = await session.CardAsync(quiz.Current, Cultures.Current, ct);
        if (shown is null || !Guid.TryParse(card, out var cardId) || cardId != quiz.Current)
        {
            // A form from an earlier question (back button) or an edited one: show the question due now.
            Problem = texts["Go4Tips.Quiz.WrongQuestion"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await ShowAsync(quiz, ct);
            return Page();
        }

        if (!int.TryParse(choice, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            || shown.Choices.FirstOrDefault(c => c.Position == position) is not { } picked)
        {
            Problem = texts["Go4Tips.Quiz.PickOne"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await ShowAsync(quiz, ct);
            return Page();
        }

        Card = shown;
        Picked = picked;
        Round = quiz.Answered(picked.IsCorrect);
        State = states.Protect(Round, d.Id);
        return Page();
    }

    private async Task ShowAsync(Quiz quiz, CancellationToken ct)
    {
        Round = quiz;
        State = states.Protect(quiz, Deck.Id);
        Card = quiz.Finished ? null : await session.CardAsync(quiz.Current, Cultures.Current, ct);
    }
}
