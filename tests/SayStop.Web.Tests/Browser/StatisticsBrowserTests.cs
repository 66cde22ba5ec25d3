using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SayStop.Web.Data;
using SayStop.Web.Features.Statistics;

namespace SayStop.Web.Tests.Browser;

/// <summary>The public statistics page in Chromium: reached from the footer, no axe violation, fits a phone, no third party.</summary>
public sealed class StatisticsBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task TheStatisticsPage_IsReachedFromTheFooter_IsAccessible_AndFitsAPhone()
    {
        app.Require();
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var month = ReportStatistic.MonthOf(DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime));
            db.AddRange(Enumerable.Range(0, 6).Select(_ => new ReportStatistic
            {
                Id = Guid.NewGuid(), Country = "TH", Kind = "Suspicious", Month = month, Outcome = ReportOutcome.ForwardedToPolice,
            }));
            await db.SaveChangesAsync();
        }

        var (context, page, foreign) = await app.NewPageAsync(locale: "fr-BE", viewport: new ViewportSize { Width = 375, Height = 740 });
        await using var _ = context;
        await page.GotoAsync(app.BaseUrl + "/fr/report");
        await page.ClickAsync("footer a[href='/fr/statistics']");
        Assert.EndsWith("/fr/statistics", page.Url, StringComparison.Ordinal);
        Assert.Contains("Thaïlande", await page.InnerTextAsync("table#by-country"), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the statistics page scrolls sideways on a phone");
        await BrowserApp.AssertAccessibleAsync(page);
        foreach (var path in new[] { "/en/statistics", "/nl/statistics" })
        {
            await page.GotoAsync(app.BaseUrl + path);
            await BrowserApp.AssertAccessibleAsync(page);
        }

        Assert.Empty(foreign);
    }
}
