using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// The printable deck (/{culture}/go4tips/{deck}/cards.pdf): public, no cookie read or set. Its ETag is a hash of
/// the deck's texts in that language and of the layout version, so a client or proxy revalidates and gets a 304 as
/// long as editors have not changed a card.
/// </summary>
public sealed class CardsPdfModel(AppDbContext db, Texts texts) : PageModel
{
    /// <summary>Bump when the layout changes, so that caches do not keep the old one.</summary>
    private const string LayoutVersion = "1";

    public async Task<IActionResult> OnGetAsync(string? deck, CancellationToken ct)
    {
        var culture = Cultures.Current;
        var content = await LoadAsync(db, texts, deck, culture, ct);
        if (content is null)
        {
            return NotFound();
        }

        var (title, cards, labels) = content.Value;
        var etag = ETagOf(culture, title, cards, labels);
        Response.Headers.CacheControl = "public, no-cache";
        Response.Headers.ETag = etag.ToString();
        var ifNoneMatch = Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(t => t.Compare(etag, useStrongComparison: false) || t.Tag == "*"))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        var pdf = DeckPdf.Render(title, cards, labels);
        return File(pdf, "application/pdf", $"go4tips-{deck}-{culture}.pdf");
    }

    /// <summary>A deck's cards in one language, in deck order, as the PDF prints them; null for an unknown deck.</summary>
    public static async Task<(string Title, IReadOnlyList<DeckPdf.PrintCard> Cards, DeckPdf.Labels Labels)?> LoadAsync(
        AppDbContext db, Texts texts, string? key, string culture, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key) || key.Length > Deck.MaxKey)
        {
            return null;
        }

        var deck = await db.Set<Deck>().AsNoTracking().Where(d => d.Key == key)
            .Select(d => new { d.Id, d.Key, Title = d.Translations.Where(t => t.Culture == culture).Select(t => t.Title).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (deck is null)
        {
            return null;
        }

        var rows = await db.Set<Card>().AsNoTracking().Where(c => c.DeckId == deck.Id && !c.IsHidden).OrderBy(c => c.Position).ThenBy(c => c.Key)
            .Select(c => new
            {
                c.Kind,
                Text = c.Translations.Where(t => t.Culture == culture).Select(t => new { t.Prompt, t.Answer, t.Explanation }).FirstOrDefault(),
                Choices = c.Choices.OrderBy(ch => ch.Position).Select(ch => new
                {
                    ch.IsCorrect,
                    Text = ch.Translations.Where(t => t.Culture == culture).Select(t => t.Text).FirstOrDefault(),
                }).ToList(),
            })
            .ToListAsync(ct);
        var cards = rows.Select(r => new DeckPdf.PrintCard(r.Kind, r.Text?.Prompt ?? string.Empty, r.Text?.Answer ?? string.Empty,
            r.Text?.Explanation ?? string.Empty, r.Choices.Select(ch => new DeckPdf.PrintChoice(ch.Text ?? string.Empty, ch.IsCorrect)).ToList())).ToList();
        var labels = new DeckPdf.Labels(
            texts.In(culture, "Go4Tips.Pdf.Answer"),
            texts.In(culture, "Go4Tips.Pdf.Why"),
            new Dictionary<CardKind, string>
            {
                [CardKind.QuestionAnswer] = texts.In(culture, "Go4Tips.Pdf.Kind.QuestionAnswer"),
                [CardKind.MultipleChoice] = texts.In(culture, "Go4Tips.Pdf.Kind.MultipleChoice"),
                [CardKind.TrueFalse] = texts.In(culture, "Go4Tips.Pdf.Kind.TrueFalse"),
                [CardKind.Scenario] = texts.In(culture, "Go4Tips.Pdf.Kind.Scenario"),
            });
        return (deck.Title ?? deck.Key, cards, labels);
    }

    private static EntityTagHeaderValue ETagOf(string culture, string title, IReadOnlyList<DeckPdf.PrintCard> cards, DeckPdf.Labels labels)
    {
        var json = JsonSerializer.Serialize(new { LayoutVersion, culture, title, cards, labels.Answer, labels.Explanation, Kinds = labels.Kinds.OrderBy(k => k.Key).Select(k => k.Value) });
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(json));
        return new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(hash.AsSpan(0, 16)) + "\"");
    }
}
