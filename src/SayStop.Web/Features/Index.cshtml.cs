using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using SayStop.Web.Features.News;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features;

[OutputCache(PolicyName = NewsModule.CachePolicy)]
public sealed class HomeModel(NewsQueries news) : PageModel
{
    public IReadOnlyList<NewsQueries.PostSummary> Latest { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Latest = await news.LatestAsync(Cultures.Current, 0, 3, tag: null, ct);
}
