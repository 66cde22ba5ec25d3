using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Go4Tips.Authoring;

/// <summary>One deck: its titles per language, its cards (live, draft, retired), CSV export and import.</summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class DeckModel(AppDbContext db, DeckCsv csv, AuditLog audit, Texts texts) : PageModel
{
    public sealed record CardRow(Guid Id, string Key, CardKind Kind, string Prompt, bool Retired, bool Hidden);

    public Guid DeckId { get; private set; }

    public string DeckKey { get; private set; } = string.Empty;

    public IReadOnlyList<CardRow> Cards { get; private set; } = [];

    [BindProperty]
    public List<DecksModel.DeckText> Texts { get; set; } = [];

    public IReadOnlyList<string> ImportErrors { get; private set; } = [];

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, [FromQuery] string? saved, [FromQuery] int? added, [FromQuery] int? updated, [FromQuery] int? unchanged, CancellationToken ct)
    {
        var deck = await db.Set<Deck>().AsNoTracking().Include(d => d.Translations).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (deck is null)
        {
            return NotFound();
        }

        Texts = Cultures.All.Select(c => deck.Translations.FirstOrDefault(t => t.Culture == c) is { } t
            ? new DecksModel.DeckText { Title = t.Title, Description = t.Description }
            : new DecksModel.DeckText()).ToList();
        if (saved == "1")
        {
            Message = texts["Go4Tips.Author.Saved"];
        }
        else if (added is not null && updated is not null && unchanged is not null)
        {
            Message = texts["Go4Tips.Csv.Imported", added, updated, unchanged];
        }

        await LoadAsync(deck, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var deck = await db.Set<Deck>().Include(d => d.Translations).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (deck is null)
        {
            return NotFound();
        }

        Texts = DecksModel.Normalise(Texts);
        DecksModel.ValidateTexts(ModelState, Texts, texts);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(deck, ct);
            return Page();
        }

        DecksModel.ApplyTexts(deck, Texts);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(User.Identity?.Name ?? "unknown", "go4tips.deck-edited", deck.Id.ToString(), string.Empty, ct);
        return Redirect($"/{Cultures.Current}/go4tips/manage/decks/{deck.Id}?saved=1");
    }

    public async Task<IActionResult> OnGetCsvAsync(Guid id, CancellationToken ct)
    {
        var key = await db.Set<Deck>().Where(d => d.Id == id).Select(d => d.Key).FirstOrDefaultAsync(ct);
        if (key is null)
        {
            return NotFound();
        }

        var bytes = await csv.ExportAsync(id, ct);
        await audit.AppendAsync(User.Identity?.Name ?? "unknown", "go4tips.deck-exported", id.ToString(), string.Empty, ct);
        return File(bytes, "text/csv; charset=utf-8", $"go4tips-{key}.csv");
    }

    public async Task<IActionResult> OnPostImportAsync(Guid id, IFormFile? file, CancellationToken ct)
    {
        var deck = await db.Set<Deck>().AsNoTracking().Include(d => d.Translations).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (deck is null)
        {
            return NotFound();
        }

        DeckCsv.ImportResult result;
        if (file is null || file.Length == 0)
        {
            result = new([texts["Go4Tips.Csv.NoFile"]], 0, 0, 0);
        }
        else
        {
            await using var stream = file.OpenReadStream();
            result = await csv.ImportAsync(id, stream, file.Length, Cultures.Current, ct);
        }

        if (!result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            ImportErrors = result.Errors;
            Texts = Cultures.All.Select(c => deck.Translations.FirstOrDefault(t => t.Culture == c) is { } t
                ? new DecksModel.DeckText { Title = t.Title, Description = t.Description }
                : new DecksModel.DeckText()).ToList();
            await LoadAsync(deck, ct);
            return Page();
        }

        await audit.AppendAsync(User.Identity?.Name ?? "unknown", "go4tips.deck-imported", id.ToString(),
            string.Create(CultureInfo.InvariantCulture, $"added={result.Added};updated={result.Updated};unchanged={result.Unchanged}"), ct);
        return Redirect(string.Create(CultureInfo.InvariantCulture,
            $"/{Cultures.Current}/go4tips/manage/decks/{id}?added={result.Added}&updated={result.Updated}&unchanged={result.Unchanged}"));
    }

    private async Task LoadAsync(Deck deck, CancellationToken ct)
    {
        DeckId = deck.Id;
        DeckKey = deck.Key;
        var culture = Cultures.Current;
        Cards = await db.Set<Card>().AsNoTracking().Where(c => c.DeckId == deck.Id).OrderBy(c => c.Position).ThenBy(c => c.Key)
            .Select(c => new CardRow(c.Id, c.Key, c.Kind,
                c.Translations.Where(t => t.Culture == culture).Select(t => t.Prompt).FirstOrDefault() ?? string.Empty,
                c.RetiredAt != null, c.IsHidden))
            .ToListAsync(ct);
    }
}
