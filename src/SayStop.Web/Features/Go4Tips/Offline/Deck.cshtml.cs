using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// /{culture}/go4tips/{deck}/offline.json: a deck's cards in one language with the learner's current state of each
/// (due time, FSRS state) and how many new cards are left today, for the offline app. Private to the learner (their
/// cookie), never stored by shared caches; the service worker keeps the last copy for offline use.
/// </summary>
public sealed class OfflineDeckModel(StudySession session, LearnerProfile profiles, AppDbContext db, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string deck, CancellationToken ct)
    {
        var culture = Cultures.Current;
        if (await session.DeckAsync(deck, culture, ct) is not { } d)
        {
            return NotFound();
        }

        var learner = profiles.ReadOrIssue(HttpContext);
        var settings = await profiles.SettingsAsync(learner, ct);
        var newLeft = Math.Max(0, settings.NewCardsPerDay - await session.NewCardsTodayAsync(learner, ct));
        var cards = await db.Set<Card>().AsNoTracking().Where(c => c.DeckId == d.Id).OrderBy(c => c.Position)
            .Select(c => new
            {
                c.Id,
                c.Kind,
                Text = c.Translations.Where(t => t.Culture == culture).Select(t => new { t.Prompt, t.Answer, t.Explanation }).FirstOrDefault(),
                Choices = c.Choices.OrderBy(ch => ch.Position).Select(ch => new
                {
                    ch.Position,
                    ch.IsCorrect,
                    Text = ch.Translations.Where(t => t.Culture == culture).Select(t => new { t.Text, t.Feedback }).FirstOrDefault(),
                }).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(ct);
        var states = await db.Set<LearnerCard>().AsNoTracking().Where(s => s.LearnerId == learner && s.DeckId == d.Id)
            .Select(s => new { s.CardId, s.Due, s.State, s.Reps })
            .ToDictionaryAsync(s => s.CardId, ct);
        Response.Headers.CacheControl = "private, no-store";
        var now = clock.GetUtcNow();
        return new JsonResult(new
        {
            deck = new { key = d.Key, title = d.Title },
            culture,
            now = now.ToUnixTimeMilliseconds(),
            day = Go4TipsScheduling.Days.DayNumber(now),
            newLeftToday = newLeft,
            cards = cards.Select(c => new
            {
                id = c.Id,
                kind = c.Kind.ToString(),
                prompt = c.Text?.Prompt ?? string.Empty,
                answer = c.Text?.Answer ?? string.Empty,
                explanation = c.Text?.Explanation ?? string.Empty,
                choices = c.Choices.Select(ch => new { position = ch.Position, text = ch.Text?.Text ?? string.Empty, feedback = ch.Text?.Feedback ?? string.Empty, correct = ch.IsCorrect }),
                due = states.TryGetValue(c.Id, out var s) ? new DateTimeOffset(s.Due, TimeSpan.Zero).ToUnixTimeMilliseconds() : (long?)null,
                state = states.TryGetValue(c.Id, out var s2) ? s2.State.ToString() : null,
            }),
        });
    }
}
