using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;

namespace SayStop.Web.Features.News.Manage;

public sealed class IndexModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public sealed record Row(Guid Id, string Title, IReadOnlyList<string> Cultures, string Status, DateTime? PublishAt);

    public IReadOnlyList<Row> Posts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var culture = Infrastructure.Localization.Cultures.Current;
        var languageOrder = Infrastructure.Localization.Cultures.All.ToList();
        var posts = await db.Set<Post>().AsNoTracking()
            .OrderByDescending(p => p.UpdatedAt)
            .Select(p => new { p.Id, p.PublishAt, Translations = p.Translations.Select(t => new { t.Culture, t.Title }).ToList() })
            .Take(500)
            .ToListAsync(ct);
        Posts = posts.Select(p => new Row(
            p.Id,
            (p.Translations.FirstOrDefault(t => t.Culture == culture) ?? p.Translations.FirstOrDefault())?.Title ?? "–",
            p.Translations.Select(t => t.Culture).OrderBy(languageOrder.IndexOf).ToList(),
            p.PublishAt is null ? "Draft" : p.PublishAt > now ? "Scheduled" : "Published",
            p.PublishAt)).ToList();
    }
}
