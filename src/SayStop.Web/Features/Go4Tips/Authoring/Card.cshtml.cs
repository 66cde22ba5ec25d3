using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Go4Tips.Authoring;

/// <summary>
/// Creates (?deck=id) or edits one card of any kind, in the three languages, and retires or restores it. Every
/// field is shown whatever the kind, so the form works without JavaScript; the kind decides which ones are used.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class CardModel(AppDbContext db, AuditLog audit, TimeProvider clock, Texts texts) : PageModel
{
    public sealed class TextForm
    {
        public string? Prompt { get; set; }

        public string? Answer { get; set; }

        public string? Explanation { get; set; }
    }

    public sealed class ChoiceForm
    {
        public bool Correct { get; set; }

        /// <summary>One per language, in <see cref="Cultures.All"/> order.</summary>
        public List<string?> Text { get; set; } = [];

        public List<string?> Feedback { get; set; } = [];
    }

    public sealed class CardForm
    {
        public string? Key { get; set; }

        public string? Kind { get; set; }

        /// <summary>"true" or "false", for a true/false card.</summary>
        public string? IsTrue { get; set; }

        public List<TextForm> Texts { get; set; } = [];

        public List<ChoiceForm> Choices { get; set; } = [];
    }

    // The language a suggested key is made from: English first, as the keys of the NGO's decks are.
    private static readonly string[] KeyCultures = ["en", "fr", "nl"];

    [BindProperty]
    public CardForm Form { get; set; } = new();

    public Guid? CardId { get; private set; }

    public Guid DeckId { get; private set; }

    public string DeckKey { get; private set; } = string.Empty;

    public bool Retired { get; private set; }

    public IReadOnlyList<string> Missing { get; private set; } = [];

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, [FromQuery] Guid? deck, [FromQuery] string? saved, CancellationToken ct)
    {
        if (id is { } cardId)
        {
            var card = await LoadCardAsync(cardId, tracked: false, ct);
            if (card is null || !await SetDeckAsync(card.DeckId, ct))
            {
                return NotFound();
            }

            var draft = CardAuthoring.FromCard(card);
            Form = ToForm(draft);
            Missing = CardAuthoring.MissingCultures(draft);
            Retired = card.RetiredAt is not null;
            CardId = card.Id;
            Saved = saved == "1";
        }
        else
        {
            if (deck is not { } deckId || !await SetDeckAsync(deckId, ct))
            {
                return NotFound();
            }

            Form = ToForm(new CardAuthoring.CardDraft { Kind = CardKind.QuestionAnswer });
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, [FromQuery] Guid? deck, CancellationToken ct)
    {
        Card? card = null;
        if (id is { } cardId)
        {
            card = await LoadCardAsync(cardId, tracked: true, ct);
            if (card is null || !await SetDeckAsync(card.DeckId, ct))
            {
                return NotFound();
            }

            CardId = card.Id;
            Retired = card.RetiredAt is not null;
        }
        else if (deck is not { } deckId || !await SetDeckAsync(deckId, ct))
        {
            return NotFound();
        }

        var draft = FromForm(Form);
        draft.Retired = Retired;
        if (card is not null)
        {
            // The key is what CSV files and learners' histories recognise a card by: it never changes.
            draft.Key = card.Key;
        }
        else if (string.IsNullOrWhiteSpace(draft.Key))
        {
            draft.Key = await SuggestKeyAsync(draft, ct);
        }

        CardAuthoring.Clean(draft);
        var kindKnown = CardAuthoring.KindOf(Form.Kind) is not null;
        if (!kindKnown)
        {
            ModelState.AddModelError("Form.Kind", texts["Go4Tips.Author.KindRequired"]);
        }

        foreach (var p in CardAuthoring.Validate(draft))
        {
            ModelState.AddModelError("Form." + p.Field, Describe(p));
        }

        if (card is null && CardAuthoring.IsKey(draft.Key) && await db.Set<Card>().AnyAsync(c => c.DeckId == DeckId && c.Key == draft.Key, ct))
        {
            ModelState.AddModelError("Form.Key", texts["Go4Tips.Author.KeyTaken"]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Form = ToForm(draft, Form.Kind);
            Missing = CardAuthoring.MissingCultures(draft);
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var created = card is null;
        if (card is null)
        {
            var position = await db.Set<Card>().Where(c => c.DeckId == DeckId).MaxAsync(c => (int?)c.Position, ct) ?? 0;
            card = new Card { Id = Guid.CreateVersion7(), DeckId = DeckId, Position = position + 1 };
            db.Add(card);
        }

        CardAuthoring.Apply(card, draft, texts, now);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(User.Identity?.Name ?? "unknown", created ? "go4tips.card-created" : "go4tips.card-edited", card.Id.ToString(), string.Empty, ct);
        return Redirect($"/{Cultures.Current}/go4tips/manage/cards/{card.Id}?saved=1");
    }

    /// <summary>Retired cards are no longer shown to learners; their reviews and learners' states are kept.</summary>
    public Task<IActionResult> OnPostRetireAsync(Guid? id, CancellationToken ct) => SetRetiredAsync(id, true, ct);

    public Task<IActionResult> OnPostRestoreAsync(Guid? id, CancellationToken ct) => SetRetiredAsync(id, false, ct);

    private async Task<IActionResult> SetRetiredAsync(Guid? id, bool retired, CancellationToken ct)
    {
        var card = id is { } cardId ? await LoadCardAsync(cardId, tracked: true, ct) : null;
        if (card is null)
        {
            return NotFound();
        }

        var draft = CardAuthoring.FromCard(card);
        draft.Retired = retired;
        if (CardAuthoring.Apply(card, draft, texts, clock.GetUtcNow().UtcDateTime))
        {
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(User.Identity?.Name ?? "unknown", retired ? "go4tips.card-retired" : "go4tips.card-restored", card.Id.ToString(), string.Empty, ct);
        }

        return Redirect($"/{Cultures.Current}/go4tips/manage/cards/{card.Id}?saved=1");
    }

    private string Describe(CardAuthoring.Problem p)
    {
        var message = texts[p.TextKey, p.Args].Value;
        var parts = p.Field.Split('.');
        return parts.Length == 2 && Cultures.All.Contains(parts[1]) ? $"{Cultures.NativeName(parts[1])}: {message}" : message;
    }

    private async Task<Card?> LoadCardAsync(Guid id, bool tracked, CancellationToken ct)
    {
        var query = db.Set<Card>().Include(c => c.Translations).Include(c => c.Choices).ThenInclude(ch => ch.Translations).AsSplitQuery();
        return await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
    }

    private async Task<bool> SetDeckAsync(Guid deckId, CancellationToken ct)
    {
        var key = await db.Set<Deck>().Where(d => d.Id == deckId).Select(d => d.Key).FirstOrDefaultAsync(ct);
        DeckId = deckId;
        DeckKey = key ?? string.Empty;
        return key is not null;
    }

    private async Task<string> SuggestKeyAsync(CardAuthoring.CardDraft draft, CancellationToken ct)
    {
        var prompt = KeyCultures.Select(c => draft.Texts[c].Prompt).FirstOrDefault(p => !string.IsNullOrWhiteSpace(p)) ?? "card";
        var stem = Infrastructure.Content.Slugs.FromTitle(prompt);
        stem = (stem.Length > 30 ? stem[..30] : stem).Trim('-');
        if (stem.Length == 0)
        {
            stem = "card";
        }

        var taken = await db.Set<Card>().Where(c => c.DeckId == DeckId && c.Key.StartsWith(stem)).Select(c => c.Key).ToListAsync(ct);
        var key = stem;
        for (var n = 2; taken.Contains(key); n++)
        {
            key = $"{stem}-{n}";
        }

        return key;
    }

    internal static CardForm ToForm(CardAuthoring.CardDraft d, string? kindAsPosted = null) => new()
    {
        Key = d.Key,
        Kind = kindAsPosted ?? CardAuthoring.KindNames[d.Kind],
        IsTrue = d.IsTrue switch { true => "true", false => "false", null => null },
        Texts = Cultures.All.Select(c => new TextForm { Prompt = d.Texts[c].Prompt, Answer = d.Texts[c].Answer, Explanation = d.Texts[c].Explanation }).ToList(),
        Choices = Enumerable.Range(0, CardAuthoring.MaxChoices).Select(i => i < d.Choices.Count
            ? new ChoiceForm
            {
                Correct = d.Choices[i].IsCorrect,
                Text = Cultures.All.Select(c => (string?)d.Choices[i].Texts[c].Text).ToList(),
                Feedback = Cultures.All.Select(c => (string?)d.Choices[i].Texts[c].Feedback).ToList(),
            }
            : new ChoiceForm { Text = Cultures.All.Select(_ => (string?)null).ToList(), Feedback = Cultures.All.Select(_ => (string?)null).ToList() }).ToList(),
    };

    /// <summary>The posted form as a draft, whatever shape was posted (missing entries are empty, extra ones ignored).</summary>
    internal static CardAuthoring.CardDraft FromForm(CardForm? form)
    {
        form ??= new CardForm();
        var draft = new CardAuthoring.CardDraft
        {
            Key = form.Key ?? string.Empty,
            Kind = CardAuthoring.KindOf(form.Kind) ?? CardKind.QuestionAnswer,
            IsTrue = form.IsTrue switch { "true" => true, "false" => false, _ => null },
        };
        for (var i = 0; i < Cultures.All.Count; i++)
        {
            var t = form.Texts is not null && i < form.Texts.Count ? form.Texts[i] : null;
            draft.Texts[Cultures.All[i]] = new CardAuthoring.TextDraft { Prompt = t?.Prompt ?? string.Empty, Answer = t?.Answer ?? string.Empty, Explanation = t?.Explanation ?? string.Empty };
        }

        // Read whatever the kind, so nothing typed is lost when the form comes back with a message.
        for (var i = 0; i < CardAuthoring.MaxChoices && form.Choices is not null && i < form.Choices.Count; i++)
        {
            var posted = form.Choices[i] ?? new ChoiceForm();
            var choice = new CardAuthoring.ChoiceDraft { IsCorrect = posted.Correct };
            for (var k = 0; k < Cultures.All.Count; k++)
            {
                choice.Texts[Cultures.All[k]] = (At(posted.Text, k), At(posted.Feedback, k));
            }

            draft.Choices.Add(choice);
        }

        if (draft.Kind == CardKind.TrueFalse)
        {
            // True and False are the choices of such a card, in every language: the rows are not used.
            draft.Choices.Clear();
        }

        return draft;
    }

    private static string At(List<string?>? values, int i) => values is not null && i < values.Count ? values[i] ?? string.Empty : string.Empty;
}
