using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.News;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Jobs;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.News;

/// <summary>News end to end through the editor's real form, on each database.</summary>
public abstract class NewsTests(SayStopApp app)
{
    protected SayStopApp App { get; } = app;

    private async Task<HttpClient> EditorAsync()
    {
        App.Require();
        return await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Editor));
    }

    private static Dictionary<string, string> PostFields(string marker, string publication = "Now", string? enTitle = null, string? body = null,
        bool french = false, string? scheduleAt = null)
    {
        var f = new Dictionary<string, string>
        {
            ["Input.Translations[2].Culture"] = "en",
            ["Input.Translations[2].Title"] = enTitle ?? $"Story {marker}",
            ["Input.Translations[2].Slug"] = string.Empty,
            ["Input.Translations[2].Summary"] = $"Summary {marker}",
            ["Input.Translations[2].Body"] = body ?? $"## Heading\n\nBody text {marker}.",
            ["Input.Translations[2].CoverAlt"] = string.Empty,
            ["Input.Tags"] = "campaign, travel",
            ["Input.Publication"] = publication,
            ["Input.ScheduleAt"] = scheduleAt ?? string.Empty,
        };
        if (french)
        {
            f["Input.Translations[0].Culture"] = "fr";
            f["Input.Translations[0].Title"] = $"Récit {marker}";
            f["Input.Translations[0].Summary"] = $"Résumé {marker}";
            f["Input.Translations[0].Body"] = $"Texte {marker}.";
        }

        return f;
    }

    [Fact]
    public async Task Editor_PublishesPost_AppearsInListPostFeedAndSitemap()
    {
        var editor = await EditorAsync();
        var marker = Guid.NewGuid().ToString("N")[..10];
        var response = await editor.SubmitAsync("/en/news/manage/edit", PostFields(marker, french: true));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var visitor = App.Client();
        var list = await visitor.GetStringAsync("/en/news");
        Assert.Contains($"Story {marker}", list, StringComparison.Ordinal);
        var post = await visitor.GetAsync($"/en/news/story-{marker}");
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var doc = await post.DocumentAsync();
        Assert.Equal($"Body text {marker}.", doc.QuerySelector("article.post p:not(.meta):not(.lead)")?.TextContent.Trim());
        Assert.Equal($"Story {marker}", doc.QuerySelector("meta[property='og:title']")?.GetAttribute("content"));
        Assert.EndsWith($"/en/news/story-{marker}", doc.QuerySelector("link[rel=canonical]")?.GetAttribute("href"), StringComparison.Ordinal);
        // Linked translation: the switcher and hreflang point at the French slug, not at the French list.
        Assert.EndsWith($"/fr/news/recit-{marker}", doc.QuerySelector("link[hreflang=fr]")?.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal($"/fr/news/recit-{marker}", doc.QuerySelector(".lang-nav a[lang=fr]")?.GetAttribute("href"));
        Assert.Equal("/nl/news", doc.QuerySelector(".lang-nav a[lang=nl]")?.GetAttribute("href"));

        var rss = XDocument.Parse(await visitor.GetStringAsync("/en/news/feed.rss"));
        Assert.Contains(rss.Descendants("item"), i => i.Element("title")?.Value == $"Story {marker}");
        var atom = XDocument.Parse(await visitor.GetStringAsync("/en/news/feed.atom"));
        XNamespace a = "http://www.w3.org/2005/Atom";
        Assert.Contains(atom.Descendants(a + "entry"), e => e.Element(a + "title")?.Value == $"Story {marker}");
        var frRss = await visitor.GetStringAsync("/fr/news/feed.rss");
        Assert.Contains($"Récit {marker}", frRss, StringComparison.Ordinal);
        // The feed describes itself in the reader's language, not only by the organisation's name.
        var channel = XDocument.Parse(frRss).Root!.Element("channel")!;
        Assert.EndsWith("Actualités", channel.Element("title")!.Value, StringComparison.Ordinal);
        Assert.StartsWith("Les actualités de", channel.Element("description")!.Value, StringComparison.Ordinal);
        Assert.StartsWith("News from", rss.Root!.Element("channel")!.Element("description")!.Value, StringComparison.Ordinal);
        var sitemap = await visitor.GetStringAsync("/sitemap.xml");
        Assert.Contains($"/fr/news/recit-{marker}", sitemap, StringComparison.Ordinal);
        // Each translation names the others (hreflang alternates), and every module adds its pages.
        XNamespace sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
        XNamespace xhtml = "http://www.w3.org/1999/xhtml";
        var urls = XDocument.Parse(sitemap).Descendants(sm + "url").ToList();
        var english = urls.Single(u => u.Element(sm + "loc")!.Value.EndsWith($"/en/news/story-{marker}", StringComparison.Ordinal));
        var alternates = english.Elements(xhtml + "link").ToDictionary(l => l.Attribute("hreflang")!.Value, l => l.Attribute("href")!.Value);
        Assert.EndsWith($"/fr/news/recit-{marker}", alternates["fr"], StringComparison.Ordinal);
        Assert.EndsWith($"/en/news/story-{marker}", alternates["en"], StringComparison.Ordinal);
        Assert.All(urls, u => Assert.StartsWith("http", u.Element(sm + "loc")!.Value, StringComparison.Ordinal));
        foreach (var page in new[] { "/nl/go4tips", "/en/report", "/fr/statistics", "/nl/privacy", "/en/news" })
        {
            Assert.Contains(urls, u => u.Element(sm + "loc")!.Value.EndsWith(page, StringComparison.Ordinal));
        }

        var robots = await visitor.GetStringAsync("/robots.txt");
        Assert.Matches(@"(?m)^Sitemap: https?://[^/\s]+/sitemap\.xml$", robots);

        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True(await db.Set<AuditEntry>().AnyAsync(e => e.Action == "news.published"));
    }

    [Fact]
    public async Task Draft_IsNotPublic_UntilPublished()
    {
        var editor = await EditorAsync();
        var marker = Guid.NewGuid().ToString("N")[..10];
        var response = await editor.SubmitAsync("/en/news/manage/edit", PostFields(marker, publication: "Draft"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var editUrl = response.Headers.Location!.ToString();

        var visitor = App.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/en/news/story-{marker}")).StatusCode);
        Assert.DoesNotContain(marker, await visitor.GetStringAsync("/en/news/feed.rss"), StringComparison.Ordinal);

        var publish = await editor.SubmitAsync(editUrl, new Dictionary<string, string> { ["Input.Publication"] = "Now" }, "main form[enctype]");
        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/en/news/story-{marker}")).StatusCode);
        Assert.Contains(marker, await visitor.GetStringAsync("/en/news"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduledPost_AppearsOnceDue()
    {
        var editor = await EditorAsync();
        var marker = Guid.NewGuid().ToString("N")[..10];
        var at = TimeZoneInfo.ConvertTimeFromUtc(App.Clock.GetUtcNow().UtcDateTime.AddHours(3), SayStop.Web.Features.News.Manage.EditModel.EditorTimeZone);
        var response = await editor.SubmitAsync("/en/news/manage/edit",
            PostFields(marker, publication: "Schedule", scheduleAt: at.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var visitor = App.Client();
        Assert.DoesNotContain(marker, await visitor.GetStringAsync("/en/news"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/en/news/story-{marker}")).StatusCode);

        App.Clock.Advance(TimeSpan.FromHours(4));
        // The scheduled-posts job evicts the cached list once the post is due.
        await App.Services.GetRequiredService<JobRunner>().RunDueJobsAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string list;
        do
        {
            list = await visitor.GetStringAsync("/en/news");
        }
        while (!list.Contains(marker, StringComparison.Ordinal) && DateTime.UtcNow < deadline && await Delay());
        Assert.Contains(marker, list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/en/news/story-{marker}")).StatusCode);

        static async Task<bool> Delay()
        {
            await Task.Delay(200);
            return true;
        }
    }

    [Theory]
    [InlineData("<script>alert('x')</script>Hello", "<script")]
    [InlineData("[click](javascript:alert(1))", "javascript:")]
    [InlineData("<img src=x onerror=alert(1)>", "onerror")]
    [InlineData("[x](JaVaScRiPt:alert(1))", "alert(1)")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "data:text")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "<iframe")]
    public async Task HostileMarkdown_IsStoredAsTextAndNeverRenderedAsMarkup(string body, string forbidden)
    {
        var editor = await EditorAsync();
        var marker = Guid.NewGuid().ToString("N")[..10];
        var response = await editor.SubmitAsync("/en/news/manage/edit", PostFields(marker, body: body + " " + marker));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await App.Client().GetAsync($"/en/news/story-{marker}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var doc = await page.DocumentAsync();
        var article = doc.QuerySelector("article.post")!;
        // The hostile text may be shown, escaped, as text; it must never become an element or an attribute.
        Assert.Empty(article.QuerySelectorAll("script, iframe, img, object, embed, style"));
        foreach (var element in article.QuerySelectorAll("*"))
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"event handler {attribute.Name}");
                Assert.DoesNotContain(forbidden, attribute.Value, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.DoesNotContain(article.QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? string.Empty).Contains("script:", StringComparison.OrdinalIgnoreCase)
                                                               || (a.GetAttribute("href") ?? string.Empty).StartsWith("data:", StringComparison.OrdinalIgnoreCase));

        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.Set<PostTranslation>().SingleAsync(t => t.Slug == $"story-{marker}");
        // What is stored is the editor's Markdown source, never generated HTML.
        Assert.StartsWith(body.Replace("\r", string.Empty, StringComparison.Ordinal), stored.BodyMarkdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileTitle_IsEncodedOnEveryPage()
    {
        var editor = await EditorAsync();
        var marker = Guid.NewGuid().ToString("N")[..10];
        var title = $"<script>alert('{marker}')</script>\u202Eevil";
        var response = await editor.SubmitAsync("/en/news/manage/edit", PostFields(marker, enTitle: title));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var visitor = App.Client();
        foreach (var url in new[] { "/en/news", "/en/news/feed.rss", "/en" })
        {
            var html = await visitor.GetStringAsync(url);
            Assert.DoesNotContain($"<script>alert('{marker}')", html, StringComparison.Ordinal);
            Assert.DoesNotContain("\u202E", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task OversizedTitle_GetsMessage_AndNothingIsStored()
    {
        var editor = await EditorAsync();
        var marker = Guid.NewGuid().ToString("N")[..10];
        var response = await editor.SubmitAsync("/en/news/manage/edit", PostFields(marker, enTitle: marker + new string('x', 500)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.DocumentAsync();
        Assert.Contains("too long", doc.QuerySelector("[data-valmsg-for='Input.Translations[2].Title']")?.TextContent ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        // Nothing the editor typed is lost.
        Assert.Equal($"Summary {marker}", doc.QuerySelector("textarea[name='Input.Translations[2].Summary']")?.TextContent);
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(await db.Set<PostTranslation>().AnyAsync(t => t.Summary == $"Summary {marker}"));
    }

    [Theory]
    [InlineData("not a date")]
    [InlineData("2026-13-45T25:61")]
    [InlineData("9999-01-01T00:00")]
    [InlineData("")]
    public async Task InvalidScheduleDate_GetsMessageInTheEditorsLanguage(string value)
    {
        var editor = await EditorAsync();
        var marker = Guid.NewGuid().ToString("N")[..10];
        var response = await editor.SubmitAsync("/fr/news/manage/edit", PostFields(marker, publication: "Schedule", scheduleAt: value));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.DocumentAsync();
        Assert.Contains("Saisissez une date", doc.QuerySelector("[data-valmsg-for='Input.ScheduleAt']")?.TextContent ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoverImage_IsCheckedByContent_AndServedToEveryone()
    {
        var editor = await EditorAsync();
        var marker = Guid.NewGuid().ToString("N")[..10];
        var fake = await editor.SubmitAsync("/en/news/manage/edit", PostFields(marker), files: new Dictionary<string, (byte[], string, string)>
        {
            ["Cover"] = ("<?php echo 1; ?>"u8.ToArray(), "cover.png", "image/png"),
        });
        Assert.Equal(HttpStatusCode.OK, fake.StatusCode);
        Assert.Contains("not a PNG", (await fake.DocumentAsync()).QuerySelector("[data-valmsg-for=Cover]")?.TextContent ?? string.Empty, StringComparison.Ordinal);

        var ok = await editor.SubmitAsync("/en/news/manage/edit", PostFields(marker), files: new Dictionary<string, (byte[], string, string)>
        {
            ["Cover"] = (TestImages.TinyPng, "cover.bin", "application/octet-stream"),
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var doc = await (await App.Client().GetAsync($"/en/news/story-{marker}")).DocumentAsync();
        var src = doc.QuerySelector("img.cover")?.GetAttribute("src");
        Assert.NotNull(src);
        var image = await App.Client().GetAsync(src);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", image.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/en/news?page=abc")]
    [InlineData("/en/news?page=-1")]
    [InlineData("/en/news?page=99999")]
    [InlineData("/en/news/this-post-does-not-exist")]
    public async Task BadNewsAddresses_Are404_NeverErrors(string url)
    {
        App.Require();
        var response = await App.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class NewsSqliteTests(SqliteApp app) : NewsTests(app), IClassFixture<SqliteApp>;

public sealed class NewsPostgresTests(PostgresApp app) : NewsTests(app), IClassFixture<PostgresApp>;
