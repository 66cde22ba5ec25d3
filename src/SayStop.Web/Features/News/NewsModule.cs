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
        services.AddScoped<ISitemapSource, NewsSitemap>();
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
        app.MapGet("/{culture:culture}/news/feed.rss", (string culture, NewsQueries q, OrganisationProfiles org, Texts texts, HttpContext ctx, CancellationToken ct) =>
                FeedAsync(culture, rss: true, q, org, texts, ctx, ct))
            .CacheOutput(CachePolicy);
        app.MapGet("/{culture:culture}/news/feed.atom", (string culture, NewsQueries q, OrganisationProfiles org, Texts texts, HttpContext ctx, CancellationToken ct) =>
                FeedAsync(culture, rss: false, q, org, texts, ctx, ct))
            .CacheOutput(CachePolicy);
        return app;
    }

    private static async Task<IResult> FeedAsync(string culture, bool rss, NewsQueries q, OrganisationProfiles org,
        Texts texts, HttpContext ctx, CancellationToken ct)
    {
        var baseUrl = SiteUrls.Base(ctx);
        var profile = await org.GetAsync(ct);
        var posts = await q.LatestAsync(culture, 0, 20, tag: null, ct);
        var feed = new SyndicationFeed(
            $"{profile.ShortName} – {texts.In(culture, "News.FeedTitle")}",
            string.Format(System.Globalization.CultureInfo.InvariantCulture, texts.In(culture, "News.FeedDescription"), profile.Name),
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
}

/// <summary>The news list and every published post, each with its translations as alternates.</summary>
internal sealed class NewsSitemap(AppDbContext db, TimeProvider clock) : ISitemapSource
{
    public async Task<IReadOnlyList<SitemapPage>> PagesAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var translations = await db.Set<PostTranslation>().AsNoTracking()
            .Join(db.Set<Post>().Where(p => p.PublishAt != null && p.PublishAt <= now), t => t.PostId, p => p.Id,
                (t, p) => new { t.PostId, t.Culture, t.Slug, p.UpdatedAt })
            .ToListAsync(ct);
        var pages = new List<SitemapPage> { SitemapPage.InEveryLanguage("/news") };
        pages.AddRange(translations.GroupBy(t => t.PostId).Select(post => new SitemapPage(
            post.ToDictionary(t => t.Culture, t => $"/{t.Culture}/news/{t.Slug}", StringComparer.Ordinal),
            post.First().UpdatedAt)));
        return pages;
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
