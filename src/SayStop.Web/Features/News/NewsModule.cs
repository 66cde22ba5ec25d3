using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Infrastructure.Jobs;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Site;
using SayStop.Web.Infrastructure.Content;

namespace SayStop.Web.Features.News;

public static class NewsModule
{
    /// <summary>Output-cache tag of every page that shows posts; evicted when an editor saves.</summary>
    public const string CacheTag = "news";

    public const string CachePolicy = "news";

    public const int PageSize = 10;

    /// <summary>News: public list, post pages and feeds (cached), and the editors' pages under <c>/news/manage</c>.</summary>
    public static IServiceCollection AddNews(this IServiceCollection services)
    {
        services.AddSingleton<MarkdownRenderer>();
        services.AddScoped<NewsQueries>();
        services.AddSingleton<IScheduledJob, PublishScheduledPostsJob>();
        services.AddOutputCache(o =>
        {
            // Cached per language (the path already says it). Scheduled posts appear within a minute:
            // the job below evicts the tag when one falls due, and entries never outlive a minute anyway
            // because in-memory caches are per node.
            o.AddPolicy(CachePolicy, b => b.Expire(TimeSpan.FromSeconds(60)).Tag(CacheTag).SetVaryByQuery("page", "tag"));
        });
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
            o.Conventions.AuthorizeFolder("/News/Manage", StaffPolicies.Editor));
        return services;
    }

    public static IEndpointRouteBuilder MapNewsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{culture:culture}/news/feed.rss", (string culture, NewsQueries q, OrganisationProfiles org, HttpContext ctx, CancellationToken ct) =>
                FeedAsync(culture, rss: true, q, org, ctx, ct))
            .CacheOutput(CachePolicy);
        app.MapGet("/{culture:culture}/news/feed.atom", (string culture, NewsQueries q, OrganisationProfiles org, HttpContext ctx, CancellationToken ct) =>
                FeedAsync(culture, rss: false, q, org, ctx, ct))
            .CacheOutput(CachePolicy);
        app.MapGet("/sitemap.xml", SitemapAsync).CacheOutput(CachePolicy);
        return app;
    }

    private static async Task<IResult> FeedAsync(string culture, bool rss, NewsQueries q, OrganisationProfiles org,
        HttpContext ctx, CancellationToken ct)
    {
        var baseUrl = SiteUrls.Base(ctx);
        var profile = await org.GetAsync(ct);
        var posts = await q.LatestAsync(culture, 0, 20, tag: null, ct);
        var feed = new SyndicationFeed(
            $"{profile.ShortName} – {Cultures.NativeName(culture)}",
            profile.Name,
            new Uri($"{baseUrl}/{culture}/news"))
        {
            Language = culture,
            Id = $"{baseUrl}/{culture}/news",
            LastUpdatedTime = posts.Count > 0 ? new DateTimeOffset(posts[0].PublishedAt, TimeSpan.Zero) : DateTimeOffset.UnixEpoch,
        };
        feed.Items = posts.Select(p =>
        {
            var url = new Uri($"{baseUrl}/{culture}/news/{p.Slug}");
            var item = new SyndicationItem(p.Title, p.Summary, url, url.ToString(), new DateTimeOffset(p.PublishedAt, TimeSpan.Zero))
            {
                PublishDate = new DateTimeOffset(p.PublishedAt, TimeSpan.Zero),
            };
            foreach (var tag in p.Tags)
            {
                item.Categories.Add(new SyndicationCategory(tag));
            }

            return item;
        }).ToList();

        // Written straight as UTF-8 bytes, so the XML declaration and the HTTP charset agree.
        using var buffer = new MemoryStream();
        await using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = false }))
        {
            if (rss)
            {
                new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false).WriteTo(writer);
            }
            else
            {
                new Atom10FeedFormatter(feed).WriteTo(writer);
            }
        }

        return Results.Bytes(buffer.ToArray(), rss ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8");
    }

    private static async Task<IResult> SitemapAsync(AppDbContext db, HttpContext ctx, TimeProvider clock, CancellationToken ct)
    {
        var baseUrl = SiteUrls.Base(ctx);
        var now = clock.GetUtcNow().UtcDateTime;
        var translations = await db.Set<PostTranslation>().AsNoTracking()
            .Join(db.Set<Post>().Where(p => p.PublishAt != null && p.PublishAt <= now), t => t.PostId, p => p.Id,
                (t, p) => new { t.Culture, t.Slug, p.UpdatedAt })
            .ToListAsync(ct);
        XNamespaceWriter w = new();
        foreach (var page in new[] { "", "/news", "/report", "/report/signs", "/report/after", "/privacy", "/statistics" })
        {
            foreach (var c in Cultures.All)
            {
                w.Url($"{baseUrl}/{c}{page}", null);
            }
        }

        foreach (var t in translations)
        {
            w.Url($"{baseUrl}/{t.Culture}/news/{t.Slug}", t.UpdatedAt);
        }

        return Results.Text(w.Finish(), "application/xml; charset=utf-8");
    }

    private sealed class XNamespaceWriter
    {
        private readonly StringBuilder _sb = new("<?xml version=\"1.0\" encoding=\"utf-8\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");

        public void Url(string loc, DateTime? lastModified)
        {
            _sb.Append("<url><loc>").Append(System.Security.SecurityElement.Escape(loc)).Append("</loc>");
            if (lastModified is { } lm)
            {
                _sb.Append("<lastmod>").Append(lm.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append("</lastmod>");
            }

            _sb.Append("</url>");
        }

        public string Finish() => _sb.Append("</urlset>").ToString();
    }
}

/// <summary>Evicts cached news pages when a scheduled post has fallen due since the last run.</summary>
internal sealed class PublishScheduledPostsJob(TimeProvider clock) : IScheduledJob
{
    private DateTime _lastRun = DateTime.MinValue;

    public string Name => "news.publish-scheduled";

    public TimeSpan Interval => TimeSpan.FromSeconds(30);

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = _lastRun == DateTime.MinValue ? now.AddMinutes(-5) : _lastRun;
        var db = services.GetRequiredService<AppDbContext>();
        if (await db.Set<Post>().AnyAsync(p => p.PublishAt > since && p.PublishAt <= now, ct))
        {
            await services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(NewsModule.CacheTag, ct);
        }

        _lastRun = now;
    }
}
