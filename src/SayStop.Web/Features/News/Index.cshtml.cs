using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.News;

[OutputCache(PolicyName = NewsModule.CachePolicy)]
public sealed class IndexModel(NewsQueries news) : PageModel
{
    public IReadOnlyList<NewsQueries.PostSummary> Posts { get; private set; } = [];

    public int PageNumber { get; private set; } = 1;

    public int PageCount { get; private set; } = 1;

    public string? Tag { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] string? page, [FromQuery] string? tag, CancellationToken ct)
    {
        // Query values are read as text so "?page=abc" or "?page=-3" is a 404, not an error.
        var number = 1;
        if (page is not null && (!int.TryParse(page, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number) || number < 1 || number > 10_000))
        {
            return NotFound();
        }

        if (tag is { Length: > 40 })
        {
            return NotFound();
        }

        Tag = string.IsNullOrWhiteSpace(tag) ? null : tag;
        var culture = Cultures.Current;
        var total = await news.CountAsync(culture, Tag, ct);
        PageCount = Math.Max(1, (total + NewsModule.PageSize - 1) / NewsModule.PageSize);
        if (number > PageCount)
        {
            return NotFound();
        }

        PageNumber = number;
        Posts = await news.LatestAsync(culture, (number - 1) * NewsModule.PageSize, NewsModule.PageSize, Tag, ct);
        return Page();
    }

    public string PageLink(int n)
    {
        var query = new List<string>();
        if (n > 1)
        {
            query.Add("page=" + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Tag is not null)
        {
            query.Add("tag=" + Uri.EscapeDataString(Tag));
        }

        return $"/{Cultures.Current}/news" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty);
    }
}
