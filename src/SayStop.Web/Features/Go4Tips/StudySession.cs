using Microsoft.EntityFrameworkCore;
using SayStop.Fsrs;
using SayStop.Web.Data;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// What a learner sees next in a deck: cards that are due first (forgetting is what we fight), then cards never
/// seen, but only so many new ones a day, so that a first enthusiastic session does not bury the learner under
/// reviews a week later.
/// </summary>
public sealed class StudySession(AppDbContext db, TimeProvider clock, PublishedContent content)
{
    public sealed record DeckSummary(Guid Id, string Key, string Title, string Description, int CardCount, int Due, int Seen);

    public sealed record ShownChoice(int Position, string Text, string Feedback, bool IsCorrect);

    public sealed record ShownCard(Guid Id, Guid DeckId, CardKind Kind, string Prompt, string Answer, string Explanation, IReadOnlyList<ShownChoice> Choices);

    public sealed record UpNext(Guid? CardId, bool IsNew, int DueCount, int NewLeftToday, DateTime? NextDue);

    public async Task<IReadOnlyList<DeckSummary>> DecksAsync(Guid? learnerId, string culture, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var decks = await db.Set<Deck>().AsNoTracking().Where(d => d.Cards.Any(c => !c.IsHidden)).OrderBy(d => d.Position)
            .Select(d => new
            {
                d.Id,
                d.Key,
                Text = d.Translations.Where(t => t.Culture == culture).Select(t => new { t.Title, t.Description }).FirstOrDefault(),
                Cards = d.Cards.Count(c => !c.IsHidden),
            })
            .ToListAsync(ct);
        var stats = learnerId is { } id
            ? await db.Set<LearnerCard>().AsNoTracking().Where(c => c.LearnerId == id && !db.Set<Card>().Any(k => k.Id == c.CardId && k.IsHidden))
                .GroupBy(c => c.DeckId)
                .Select(g => new { DeckId = g.Key, Seen = g.Count(), Due = g.Count(c => c.Due <= now) })
                .ToDictionaryAsync(g => g.DeckId, ct)
            : [];
        return decks.Select(d => new DeckSummary(d.Id, d.Key, d.Text?.Title ?? d.Key, d.Text?.Description ?? string.Empty, d.Cards,
            stats.TryGetValue(d.Id, out var s) ? s.Due : 0, stats.TryGetValue(d.Id, out var s2) ? s2.Seen : 0)).ToList();
    }

    public async Task<DeckSummary?> DeckAsync(string? key, string culture, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key) || key.Length > Deck.MaxKey)
        {
            return null;
        }

        return await content.GetOrLoadAsync("deck", key, culture, () => db.Set<Deck>().AsNoTracking().Where(d => d.Key == key)
            .Select(d => new DeckSummary(d.Id, d.Key,
                d.Translations.Where(t => t.Culture == culture).Select(t => t.Title).FirstOrDefault() ?? d.Key,
                d.Translations.Where(t => t.Culture == culture).Select(t => t.Description).FirstOrDefault() ?? string.Empty,
                d.Cards.Count(c => !c.IsHidden), 0, 0))
            .FirstOrDefaultAsync(ct));
    }

    /// <summary>The next card to study in a deck, or none with the time the next one falls due.</summary>
    public async Task<UpNext> NextAsync(Guid? learnerId, Guid deckId, Learner settings, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var newLeft = settings.NewCardsPerDay - await NewCardsTodayAsync(learnerId, ct);
        if (learnerId is not { } id)
        {
            var first = await db.Set<Card>().AsNoTracking().Where(c => c.DeckId == deckId && !c.IsHidden).OrderBy(c => c.Position).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
            return new UpNext(first, true, 0, newLeft, null);
        }

        // Retired cards (and drafts) stay in the learner's states but are not brought back.
        var mine = db.Set<LearnerCard>().AsNoTracking().Where(c => c.LearnerId == id && c.DeckId == deckId && !db.Set<Card>().Any(k => k.Id == c.CardId && k.IsHidden));
        var dueCount = await mine.CountAsync(c => c.Due <= now, ct);
        var due = await mine.Where(c => c.Due <= now).OrderBy(c => c.Due).Select(c => (Guid?)c.CardId).FirstOrDefaultAsync(ct);
        if (due is not null)
        {
            return new UpNext(due, false, dueCount, Math.Max(0, newLeft), null);
        }

        if (newLeft > 0)
        {
            var fresh = await db.Set<Card>().AsNoTracking()
                .Where(c => c.DeckId == deckId && !c.IsHidden && !db.Set<LearnerCard>().Any(lc => lc.LearnerId == id && lc.CardId == c.Id))
                .OrderBy(c => c.Position).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
            if (fresh is not null)
            {
                return new UpNext(fresh, true, 0, newLeft, null);
            }
        }

        var nextDue = await mine.OrderBy(c => c.Due).Select(c => (DateTime?)c.Due).FirstOrDefaultAsync(ct);
        return new UpNext(null, false, 0, Math.Max(0, newLeft), nextDue);
    }

    /// <summary>New cards first answered on the current learning day (all decks: the limit protects the learner, not a deck).</summary>
    public async Task<int> NewCardsTodayAsync(Guid? learnerId, CancellationToken ct)
    {
        if (learnerId is not { } id)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var since = now.UtcDateTime.AddHours(-30);
        var firsts = await db.Set<Review>().AsNoTracking()
            .Where(r => r.LearnerId == id && r.StateBefore == CardState.New && r.ReviewedAt >= since)
            .Select(r => r.ReviewedAt).ToListAsync(ct);
        var today = Go4TipsScheduling.Days.DayNumber(now);
        return firsts.Count(t => Go4TipsScheduling.Days.DayNumber(new DateTimeOffset(t, TimeSpan.Zero)) == today);
    }

    /// <summary>A card's text in <paramref name="culture"/> (from <see cref="PublishedContent"/> when it was read lately).</summary>
    public Task<ShownCard?> CardAsync(Guid cardId, string culture, CancellationToken ct) =>
        content.GetOrLoadAsync("card", cardId, culture, () => LoadCardAsync(cardId, culture, ct));

    private async Task<ShownCard?> LoadCardAsync(Guid cardId, string culture, CancellationToken ct)
    {
        var card = await db.Set<Card>().AsNoTracking().Where(c => c.Id == cardId)
            .Select(c => new
            {
                c.Id,
                c.DeckId,
                c.Kind,
                Text = c.Translations.Where(t => t.Culture == culture).Select(t => new { t.Prompt, t.Answer, t.Explanation }).FirstOrDefault(),
                Choices = c.Choices.OrderBy(ch => ch.Position).Select(ch => new
                {
                    ch.Position,
                    ch.IsCorrect,
                    Text = ch.Translations.Where(t => t.Culture == culture).Select(t => new { t.Text, t.Feedback }).FirstOrDefault(),
                }).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        return card is null
            ? null
            : new ShownCard(card.Id, card.DeckId, card.Kind, card.Text?.Prompt ?? string.Empty, card.Text?.Answer ?? string.Empty, card.Text?.Explanation ?? string.Empty,
                card.Choices.Select(ch => new ShownChoice(ch.Position, ch.Text?.Text ?? string.Empty, ch.Text?.Feedback ?? string.Empty, ch.IsCorrect)).ToList());
    }

    /// <summary>The learner's current scheduling state for a card (a new card when never answered).</summary>
    public async Task<(SayStop.Fsrs.Card Card, int Version)> StateAsync(Guid? learnerId, Guid cardId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var row = learnerId is { } id
            ? await db.Set<LearnerCard>().AsNoTracking().FirstOrDefaultAsync(c => c.LearnerId == id && c.CardId == cardId, ct)
            : null;
        return row is null ? (SayStop.Fsrs.Card.CreateNew(now), 0) : (row.ToFsrs(), row.Version);
    }
}
