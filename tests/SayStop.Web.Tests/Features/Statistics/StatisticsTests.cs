using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Statistics;
using SayStop.Web.Tests.Features.Desk;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Statistics;

/// <summary>The public statistics page: per-country and monthly counts, small counts hidden, three languages.</summary>
public abstract partial class StatisticsTests(DeskApp app)
{
    protected DeskApp App { get; } = app;

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex AnyGuid();

    [Fact]
    public async Task ThePublicPage_ShowsCountsPerCountry_HidesSmallCounts_AndMonthlyCounts_InThreeLanguages()
    {
        App.Require();
        var today = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);
        var thisMonth = ReportStatistic.MonthOf(today);
        var halfAYearAgo = ReportStatistic.MonthOf(today.AddMonths(-6));
        await using (var scope = App.Scope())
        {
            var intake = scope.ServiceProvider.GetRequiredService<ReportIntake>();
            for (var i = 0; i < 5; i++)
            {
                await intake.FileAsync(new ReportAnswers(false, "Suspicious", "yesterday", "VN", "Hotel", "I saw STATS" + i), null, Guid.NewGuid());
            }

            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            ReportStatistic Row(string country, string month, ReportOutcome outcome) =>
                new() { Id = Guid.NewGuid(), Country = country, Kind = "Suspicious", Month = month, Outcome = outcome };
            db.AddRange(Enumerable.Range(0, 7).Select(_ => Row("VN", thisMonth, ReportOutcome.ForwardedToPolice)));
            db.AddRange(Enumerable.Range(0, 6).Select(_ => Row("GT", thisMonth, ReportOutcome.ClosedUnusable)));
            db.Add(Row("PE", thisMonth, ReportOutcome.DeletedByHandler));
            db.Add(Row("PE", halfAYearAgo, ReportOutcome.ForwardedToPolice));
            await db.SaveChangesAsync();
        }

        var client = App.Client();
        var response = await client.GetAsync("/en/statistics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"), "a public page sets no cookie");
        var page = await response.DocumentAsync();

        var table = page.QuerySelector("table#by-country")!;
        Assert.NotNull(table.QuerySelector("caption"));
        Assert.Equal(3, table.QuerySelectorAll("thead th[scope=col]").Length);
        var vietnam = table.QuerySelector("tr[data-country=VN]")!;
        Assert.StartsWith("Vi", vietnam.QuerySelector("th[scope=row]")!.TextContent.Trim(), StringComparison.Ordinal);
        var cells = vietnam.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["5", "7"], cells);

        // Guatemala: enough in total to be named, but nothing being handled: "fewer than 5", never "0".
        cells = table.QuerySelector("tr[data-country=GT]")!.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["fewer than 5", "6"], cells);

        // Peru: two reports in all, so it is not even named; it sits among the grouped countries.
        Assert.Null(table.QuerySelector("tr[data-country=PE]"));
        Assert.Contains("Other countries", table.QuerySelector("tr[data-country=other] th")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Peru", page.Body!.TextContent, StringComparison.Ordinal);

        // From the first month with data (six months ago here, or earlier if another test of this class filed one).
        var months = page.QuerySelectorAll("table#by-month tbody tr");
        Assert.InRange(months.Length, 7, PublicStatistics.MonthsShown);

        // The map shades the named countries only, and names nothing the table does not.
        var map = page.QuerySelector("figure.world-map svg[role=img]")!;
        Assert.Equal("map-caption", map.GetAttribute("aria-labelledby"));
        Assert.StartsWith("shade-", map.QuerySelector("path[data-country=VN]")!.GetAttribute("class"), StringComparison.Ordinal);
        Assert.NotNull(map.QuerySelector("path[data-country=GT]"));
        Assert.Null(map.QuerySelector("path[data-country=PE]"));
        Assert.True(map.QuerySelectorAll("path").Length > 200, "every country is outlined");
        Assert.All(page.QuerySelectorAll("table#by-month tbody th"), th => Assert.Equal("row", th.GetAttribute("scope")));
        var current = page.QuerySelector($"table#by-month tr[data-month='{thisMonth}']")!.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.True(int.Parse(current[0], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.GetCultureInfo("en")) >= 5 + 7 + 6 + 1, current[0]);
        Assert.True(int.Parse(current[1], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.GetCultureInfo("en")) >= 7 + 6 + 1, current[1]);
        var older = page.QuerySelector($"table#by-month tr[data-month='{halfAYearAgo}']")!.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["fewer than 5", "fewer than 5"], older);

        // No per-report data: no id, no locator, nothing a reporter wrote.
        Assert.DoesNotMatch(AnyGuid(), page.DocumentElement.OuterHtml);
        Assert.DoesNotContain("STATS", page.Body!.TextContent, StringComparison.Ordinal);

        foreach (var (culture, fewer, title) in new[] { ("fr", "moins de 5", "Statistiques"), ("nl", "minder dan 5", "Statistieken") })
        {
            var localized = await client.GetDocumentAsync($"/{culture}/statistics");
            Assert.Contains(title, localized.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
            Assert.Contains(fewer, localized.QuerySelector("table#by-country tr[data-country=GT]")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(months.Length, localized.QuerySelectorAll("table#by-month tbody tr").Length);
        }

        // Linked from every page's footer, listed in the sitemap.
        var home = await client.GetDocumentAsync("/en/report");
        Assert.NotNull(home.QuerySelector("footer a[href='/en/statistics']"));
        Assert.Contains("/en/statistics", await client.GetStringAsync("/sitemap.xml"), StringComparison.Ordinal);
    }
}

/// <summary>A site with no report yet: no month rows before it existed, no empty map (quality issue, point 16).</summary>
public sealed class YoungSiteStatisticsTests(YoungSiteStatisticsTests.YoungSiteApp app) : IClassFixture<YoungSiteStatisticsTests.YoungSiteApp>
{
    public sealed class YoungSiteApp() : SayStopApp(TestDb.Sqlite);

    [Fact]
    public async Task AYoungSite_ShowsNoMonthsBeforeItsFirstReport_ThenOnlyThatMonth()
    {
        app.Require();
        var empty = await app.Client().GetDocumentAsync("/en/statistics");
        Assert.Empty(empty.QuerySelectorAll("table#by-month tbody tr"));
        Assert.NotNull(empty.QuerySelector("#no-monthly-statistics"));
        Assert.Null(empty.QuerySelector("figure.world-map"));

        await using (var scope = app.Scope())
        {
            var intake = scope.ServiceProvider.GetRequiredService<ReportIntake>();
            await intake.FileAsync(new ReportAnswers(false, "Suspicious", "yesterday", "VN", "Hotel", "I saw YOUNG"), null, Guid.NewGuid());
        }

        // The page is cached for five minutes: a client asking with another query string gets a fresh one.
        var page = await app.Client().GetDocumentAsync("/en/statistics?fresh=1");
        var rows = page.QuerySelectorAll("table#by-month tbody tr");
        Assert.Single(rows);
        Assert.Equal(ReportStatistic.MonthOf(DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime)), rows[0].GetAttribute("data-month"));
    }
}

public sealed class StatisticsSqliteTests(DeskSqliteApp app) : StatisticsTests(app), IClassFixture<DeskSqliteApp>;

public sealed class StatisticsPostgresTests(DeskPostgresApp app) : StatisticsTests(app), IClassFixture<DeskPostgresApp>;
