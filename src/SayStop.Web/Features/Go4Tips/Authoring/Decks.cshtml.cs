using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Security;

namespace SayStop.Web.Features.Go4Tips.Authoring;

/// <summary>Every deck with its card counts, and the form that creates a deck (key, then title and description per language).</summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class DecksModel(AppDbContext db, AuditLog audit, TimeProvider clock, Texts texts) : PageModel
{
    public sealed record DeckRow(Guid Id, string Key, string Title, int Cards, int Hidden, int Retired);

    public sealed class DeckText
    {
        public string? Title { get; set; }

        public string? Description { get; set; }
    }

    public IReadOnlyList<DeckRow> Decks { get; private set; } = [];

    [BindProperty]
    public string? Key { get; set; }

    /// <summary>One per language, in <see cref="Cultures.All"/> order.</summary>
    [BindProperty]
    public List<DeckText> Texts { get; set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Texts = Cultures.All.Select(_ => new DeckText()).ToList();
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Key = TextInput.Clean(Key)?.ToLowerInvariant();
        Texts = Normalise(Texts);
        if (!CardAuthoring.IsKey(Key))
        {
            ModelState.AddModelError(nameof(Key), texts["Go4Tips.Author.KeyInvalid", Deck.MaxKey]);
        }
        else if (await db.Set<Deck>().AnyAsync(d => d.Key == Key, ct))
        {
            ModelState.AddModelError(nameof(Key), texts["Go4Tips.Author.KeyTaken"]);
        }

        ValidateTexts(ModelState, Texts, texts);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }

        var deck = new Deck
        {
            Id = Guid.CreateVersion7(),
            Key = Key!,
            Position = (await db.Set<Deck>().MaxAsync(d => (int?)d.Position, ct) ?? 0) + 1,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        ApplyTexts(deck, Texts);
        db.Add(deck);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(User.Identity?.Name ?? "unknown", "go4tips.deck-created", deck.Id.ToString(), string.Empty, ct);
        return Redirect($"/{Cultures.Current}/go4tips/manage/decks/{deck.Id}");
    }

    /// <summary>Exactly one cleaned entry per language, whatever was posted.</summary>
    internal static List<DeckText> Normalise(List<DeckText>? posted) =>
        Cultures.All.Select((_, i) => posted is not null && i < posted.Count ? posted[i] ?? new DeckText() : new DeckText())
            .Select(t => new DeckText { Title = TextInput.Clean(t.Title) ?? string.Empty, Description = TextInput.CleanMultiline(t.Description) ?? string.Empty })
            .ToList();

    /// <summary>A title in one language at least; lengths and no markup in every language.</summary>
    internal static void ValidateTexts(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state, List<DeckText> values, Texts texts)
    {
        if (values.All(t => string.IsNullOrEmpty(t.Title)))
        {
            state.AddModelError("Texts[0].Title", texts["Go4Tips.Author.DeckTitleRequired"]);
        }

        for (var i = 0; i < values.Count; i++)
        {
            var culture = Cultures.All[i];
            if (values[i].Title!.Length > DeckTranslation.MaxTitle || values[i].Description!.Length > DeckTranslation.MaxDescription)
            {
                state.AddModelError($"Texts[{i}].Title", $"{Cultures.NativeName(culture)}: {texts["Go4Tips.Author.TooLong", DeckTranslation.MaxTitle]}");
            }
            else if (CardAuthoring.HasMarkup(values[i].Title) || CardAuthoring.HasMarkup(values[i].Description))
            {
                state.AddModelError($"Texts[{i}].Title", $"{Cultures.NativeName(culture)}: {texts["Go4Tips.Author.NoMarkup"]}");
            }
        }
    }

    /// <summary>Writes the titles: a language without a title has no row (learners then see the deck key).</summary>
    internal static void ApplyTexts(Deck deck, List<DeckText> values)
    {
        for (var i = 0; i < Cultures.All.Count; i++)
        {
            var culture = Cultures.All[i];
            var row = deck.Translations.FirstOrDefault(t => t.Culture == culture);
            if (string.IsNullOrEmpty(values[i].Title))
            {
                if (row is not null)
                {
                    deck.Translations.Remove(row);
                }

                continue;
            }

            if (row is null)
            {
                row = new DeckTranslation { DeckId = deck.Id, Culture = culture };
                deck.Translations.Add(row);
            }

            row.Title = values[i].Title!;
            row.Description = values[i].Description!;
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var culture = Cultures.Current;
        Decks = await db.Set<Deck>().AsNoTracking().OrderBy(d => d.Position)
            .Select(d => new DeckRow(d.Id, d.Key,
                d.Translations.Where(t => t.Culture == culture).Select(t => t.Title).FirstOrDefault() ?? d.Key,
                d.Cards.Count, d.Cards.Count(c => c.IsHidden && c.RetiredAt == null), d.Cards.Count(c => c.RetiredAt != null)))
            .ToListAsync(ct);
    }
}
