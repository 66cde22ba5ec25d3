using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Go4Tips.Authoring;

/// <summary>
/// A deck's texts in the three languages side by side, one row per text, with every missing translation flagged
/// (a card missing one is a draft, kept from learners until it is complete).
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class TranslationsModel(AppDbContext db) : PageModel
{
    /// <summary>One text of a card (its question, its answer, choice 2…) in each language; null where it is missing.</summary>
    public sealed record Line(string Label, object[] LabelArgs, IReadOnlyDictionary<string, string?> ByCulture);

    public sealed record CardBlock(Guid Id, string Key, CardKind Kind, bool Retired, IReadOnlyList<string> Missing, IReadOnlyList<Line> Lines);

    public Guid DeckId { get; private set; }

    public string DeckKey { get; private set; } = string.Empty;

    public Line DeckTitle { get; private set; } = null!;

    public IReadOnlyList<CardBlock> Cards { get; private set; } = [];

    public int MissingCount => Cards.Sum(c => c.Lines.Sum(l => l.ByCulture.Values.Count(v => v is null)))
        + DeckTitle.ByCulture.Values.Count(v => v is null);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var deck = await db.Set<Deck>().AsNoTracking().Include(d => d.Translations).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (deck is null)
        {
            return NotFound();
        }

        DeckId = deck.Id;
        DeckKey = deck.Key;
        DeckTitle = new Line("Go4Tips.Author.DeckTitle", [], Cultures.All.ToDictionary(c => c,
            c => deck.Translations.FirstOrDefault(t => t.Culture == c)?.Title is { Length: > 0 } title ? title : null));
        var cards = await db.Set<Card>().AsNoTracking().Where(c => c.DeckId == id)
            .Include(c => c.Translations).Include(c => c.Choices).ThenInclude(ch => ch.Translations)
            .OrderBy(c => c.Position).ThenBy(c => c.Key).AsSplitQuery().ToListAsync(ct);
        Cards = cards.Select(card =>
        {
            var draft = CardAuthoring.FromCard(card);
            static string? Value(string s) => string.IsNullOrEmpty(s) ? null : s;
            var lines = new List<Line>
            {
                new("Go4Tips.Author.Prompt", [], Cultures.All.ToDictionary(c => c, c => Value(draft.Texts[c].Prompt))),
            };
            if (card.Kind == CardKind.QuestionAnswer)
            {
                lines.Add(new("Go4Tips.Author.Answer", [], Cultures.All.ToDictionary(c => c, c => Value(draft.Texts[c].Answer))));
            }

            for (var i = 0; i < draft.Choices.Count; i++)
            {
                var choice = draft.Choices[i];
                lines.Add(new("Go4Tips.Author.Choice", [i + 1], Cultures.All.ToDictionary(c => c, c => Value(choice.Texts[c].Text))));
            }

            lines.Add(new("Go4Tips.Author.Explanation", [], Cultures.All.ToDictionary(c => c, c => Value(draft.Texts[c].Explanation))));
            return new CardBlock(card.Id, card.Key, card.Kind, card.RetiredAt is not null, CardAuthoring.MissingCultures(draft), lines);
        }).ToList();
        return Page();
    }
}
