using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Statistics;
using SayStop.Web.Infrastructure.Jobs;

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

    [Fact]
    public async Task AHandler_DeletesOneReportAtOnce_AndTheJobDeletesAForwardedOne_LeavingStatisticsRows()
    {
        app.Require();
        var handler = await app.CreateStaffAsync(StaffRoles.CaseHandler);
        var (context, page, foreign) = await app.NewPageAsync();
        await using var _ = context;
        await page.GotoAsync($"{app.BaseUrl}/en/account/signin?returnUrl=%2Fen%2Fdesk");
        await page.FillAsync("input[name='Input.Email']", handler.Email);
        await page.FillAsync("input[name='Input.Password']", handler.Password);
        await page.ClickAsync("main button[type=submit]");
        await page.FillAsync("input[name=Code]", handler.CurrentCode());
        await page.ClickAsync("main button[type=submit]");
        Assert.EndsWith("/en/desk", page.Url, StringComparison.Ordinal);

        var ids = new List<Guid>();
        await using (var scope = app.Scope())
        {
            var intake = scope.ServiceProvider.GetRequiredService<ReportIntake>();
            for (var i = 0; i < 2; i++)
            {
                ids.Add((await intake.FileAsync(new ReportAnswers(false, "Offer", "last week", "ZA", "Cape Town", "I saw an offer " + i), null, Guid.NewGuid())).ReportId!.Value);
            }
        }

        // Delete now: a reason and the confirmation box, from the report page.
        await page.GotoAsync($"{app.BaseUrl}/en/desk/report/{ids[0]}");
        await BrowserApp.AssertAccessibleAsync(page);
        await page.SelectOptionAsync("#DeleteReason", "Duplicate");
        await page.CheckAsync("#DeleteConfirmed");
        await page.ClickAsync("#delete-form button[type=submit]");
        Assert.EndsWith("/en/desk?done=deleted", page.Url, StringComparison.Ordinal);
        Assert.Contains("was deleted", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);

        // Forwarded, then 31 days later the job deletes it.
        await page.GotoAsync($"{app.BaseUrl}/en/desk/report/{ids[1]}");
        await page.SelectOptionAsync("#NewStatus", "ForwardedToPolice");
        await page.ClickAsync("#status-form button[type=submit]");
        app.Clock.Advance(TimeSpan.FromDays(31));
        await using (var scope = app.Scope())
        {
            await scope.ServiceProvider.GetServices<IScheduledJob>().Single(j => j.Name == "desk.report-deletion").RunAsync(scope.ServiceProvider, CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.False(await db.Set<Report>().AnyAsync(r => ids.Contains(r.Id)));
            Assert.Equal(1, await db.Set<ReportStatistic>().CountAsync(s => s.Country == "ZA" && s.Kind == "Offer" && s.Outcome == ReportOutcome.DeletedByHandler));
            Assert.Equal(1, await db.Set<ReportStatistic>().CountAsync(s => s.Country == "ZA" && s.Kind == "Offer" && s.Outcome == ReportOutcome.ForwardedToPolice));
        }

        Assert.Equal(200, (await page.GotoAsync($"{app.BaseUrl}/en/statistics"))!.Status);
        Assert.Empty(foreign);
    }
}
