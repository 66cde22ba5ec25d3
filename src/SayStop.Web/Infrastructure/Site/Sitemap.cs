using System.Globalization;
using System.Security;
using System.Text;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Infrastructure.Site;

/// <summary>
/// One page of the sitemap in every language it exists in: <see cref="PathByCulture"/> maps "fr" to "/fr/news/mon-recit"
/// and so on. Search engines are told the translations of each other (hreflang alternates), so a Dutch reader is
/// sent to the Dutch page.
/// </summary>
public sealed record SitemapPage(IReadOnlyDictionary<string, string> PathByCulture, DateTime? LastModified = null)
{
    /// <summary>A page that exists under the same path in every language ("/report" → "/fr/report", …).</summary>
    public static SitemapPage InEveryLanguage(string path) =>
        new(Cultures.All.ToDictionary(c => c, c => $"/{c}{path}", StringComparer.Ordinal));
}

/// <summary>What a feature adds to <c>/sitemap.xml</c>; each module registers its own (AddSitemapPages or a class).</summary>
public interface ISitemapSource
{
    Task<IReadOnlyList<SitemapPage>> PagesAsync(CancellationToken ct);
}

public static class Sitemap
{
    /// <summary>Public pages whose path is the same in every language.</summary>
    public static IServiceCollection AddSitemapPages(this IServiceCollection services, params string[] paths)
    {
        IReadOnlyList<SitemapPage> pages = [.. paths.Select(SitemapPage.InEveryLanguage)];
        return services.AddSingleton<ISitemapSource>(new FixedPages(pages));
    }

    public static async Task<IResult> WriteAsync(IEnumerable<ISitemapSource> sources, HttpContext ctx, CancellationToken ct)
    {
        var baseUrl = SiteUrls.Base(ctx);
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
            .Append("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">");
        foreach (var source in sources)
        {
            foreach (var page in await source.PagesAsync(ct))
            {
                foreach (var (_, path) in page.PathByCulture)
                {
                    sb.Append("<url><loc>").Append(SecurityElement.Escape(baseUrl + path)).Append("</loc>");
                    if (page.LastModified is { } lm)
                    {
                        sb.Append("<lastmod>").Append(lm.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("</lastmod>");
                    }

                    // Google's rule: every URL lists all its alternates, itself included.
                    if (page.PathByCulture.Count > 1)
                    {
                        foreach (var (culture, alternate) in page.PathByCulture)
                        {
                            sb.Append("<xhtml:link rel=\"alternate\" hreflang=\"").Append(culture)
                                .Append("\" href=\"").Append(SecurityElement.Escape(baseUrl + alternate)).Append("\"/>");
                        }
                    }

                    sb.Append("</url>");
                }
            }
        }

        return Results.Text(sb.Append("</urlset>").ToString(), "application/xml; charset=utf-8");
    }

    private sealed class FixedPages(IReadOnlyList<SitemapPage> pages) : ISitemapSource
    {
        public Task<IReadOnlyList<SitemapPage>> PagesAsync(CancellationToken ct) => Task.FromResult(pages);
    }
}
