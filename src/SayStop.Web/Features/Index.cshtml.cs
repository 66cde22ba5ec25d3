using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using SayStop.Web.Features.News;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Site;

namespace SayStop.Web.Features;

[OutputCache(PolicyName = NewsModule.CachePolicy)]
public sealed class HomeModel(NewsQueries news, OrganisationProfiles organisation) : PageModel
{
    public IReadOnlyList<NewsQueries.PostSummary> Latest { get; private set; } = [];

    public string? ContactEmail { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Latest = await news.LatestAsync(Cultures.Current, 0, 3, tag: null, ct);
        ContactEmail = (await organisation.GetAsync(ct)).Email;
    }
}
