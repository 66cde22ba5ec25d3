using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SayStop.Web.Data;
using SayStop.Web.Features.News;

namespace SayStop.Web.Tests.Browser;

/// <summary>A visitor in a real browser: language at /, the switcher, a post, the feed; axe; no third-party request.</summary>
public sealed class PublicSiteBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private async Task<(string Nl, string Fr)> PublishPostAsync()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var id = Guid.CreateVersion7();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        db.Add(new Post
        {
            Id = id, CreatedAt = now, UpdatedAt = now, PublishAt = now.AddMinutes(-1), AuthorEmail = "test",
            Tags = [new PostTag { PostId = id, Tag = "campaign" }],
            Translations =
            [
                new PostTranslation { Id = Guid.CreateVersion7(), PostId = id, Culture = "nl", Slug = $"blauw-hart-{marker}", Title = $"Blauw hart {marker}", Summary = "Samenvatting.", BodyMarkdown = "## Waarom\n\nOmdat het **belangrijk** is." },
                new PostTranslation { Id = Guid.CreateVersion7(), PostId = id, Culture = "fr", Slug = $"coeur-bleu-{marker}", Title = $"Cœur bleu {marker}", Summary = "Résumé.", BodyMarkdown = "Parce que c'est *important*." },
            ],
        });
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>().EvictByTagAsync(NewsModule.CacheTag, default);
        return ($"Blauw hart {marker}", $"Cœur bleu {marker}");
    }

    [Fact]
    public async Task Visitor_LandsInTheirLanguage_SwitchesLanguage_ReadsAPost_AndFollowsTheFeed()
    {
        app.Require();
        var (nlTitle, frTitle) = await PublishPostAsync();
        var (context, page, foreign) = await app.NewPageAsync(locale: "fr-BE");
        await using var _ = context;

        await page.GotoAsync(app.BaseUrl + "/");
        Assert.EndsWith("/fr", page.Url, StringComparison.Ordinal);
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        await BrowserApp.AssertAccessibleAsync(page);

        await page.ClickAsync(".lang-nav a[lang=nl]");
        Assert.EndsWith("/nl", page.Url, StringComparison.Ordinal);
        await page.ClickAsync(".main-nav >> text=Nieuws");
        Assert.EndsWith("/nl/news", page.Url, StringComparison.Ordinal);
        await BrowserApp.AssertAccessibleAsync(page);

        await page.ClickAsync($"text={nlTitle}");
        Assert.Equal(nlTitle, await page.InnerTextAsync("h1"));
        await BrowserApp.AssertAccessibleAsync(page);

        // The switcher leads to the linked French translation of this very post.
        await page.ClickAsync(".lang-nav a[lang=fr]");
        Assert.Equal(frTitle, await page.InnerTextAsync("h1"));

        var rssHref = await page.GetAttributeAsync("footer a[href$='feed.rss']", "href");
        var feed = await page.GotoAsync(app.BaseUrl + rssHref);
        Assert.Equal(200, feed!.Status);
        Assert.StartsWith("application/rss+xml", feed.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains(frTitle, await feed.TextAsync(), StringComparison.Ordinal);
        Assert.Empty(foreign);
    }

    [Fact]
    public async Task OnAPhone_WithoutJavaScript_TheReportEntryIsReachable_AndPagesAreAccessible()
    {
        app.Require();
        var phone = new ViewportSize { Width = 375, Height = 740 };
        var (context, page, foreign) = await app.NewPageAsync(locale: "nl-BE", javaScript: false, viewport: phone);
        await using var _ = context;
        await page.GotoAsync(app.BaseUrl + "/nl");
        var report = page.Locator("header .report-button");
        Assert.True(await report.IsVisibleAsync());
        var box = await report.BoundingBoxAsync();
        Assert.True(box!.X >= 0 && box.X + box.Width <= phone.Width, "the report button does not fit the phone's width");
        await report.ClickAsync();
        Assert.EndsWith("/nl/report", page.Url, StringComparison.Ordinal);
        await page.ClickAsync(".lang-nav a[lang=fr]");
        Assert.EndsWith("/fr/report", page.Url, StringComparison.Ordinal);
        Assert.Empty(foreign);

        // axe itself is a script, so it checks the same pages in a phone-sized context with JavaScript on.
        var (axeContext, axePage, axeForeign) = await app.NewPageAsync(locale: "nl-BE", viewport: phone);
        await using var __ = axeContext;
        foreach (var path in new[] { "/nl", "/nl/report", "/nl/report/signs", "/nl/report/after", "/nl/privacy", "/nl/news" })
        {
            await axePage.GotoAsync(app.BaseUrl + path);
            Assert.True(await axePage.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), path + " scrolls sideways on a phone");
            await BrowserApp.AssertAccessibleAsync(axePage);
        }

        Assert.Empty(axeForeign);
    }
}
