using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Statistics;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Jobs;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Desk;

/// <summary>Deletion after the retention delay (the job) and at once (a handler with a reason): one statistics row remains.</summary>
public abstract class DeletionTests(DeskApp app)
{
    protected DeskApp App { get; } = app;

    private async Task<Guid> FileAsync(string marker, string country, bool urgent = false, bool withPhoto = false)
    {
        await using var scope = App.Scope();
        var photos = withPhoto ? new[] { PhotoCleaner.Clean(TestImages.JpegWithMetadata("DEL", 40, 30)).Photo! } : null;
        var result = await scope.ServiceProvider.GetRequiredService<ReportIntake>().FileAsync(
            new ReportAnswers(urgent, "Suspicious", "last night " + marker, country, "Beach bar " + marker, "I saw " + marker),
            new ReporterContact(marker.ToLowerInvariant() + "@reporter.example"), Guid.NewGuid(), photos ?? []);
        return result.ReportId!.Value;
    }

    private async Task<HttpClient> HandlerAsync() => await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseHandler));

    private static async Task<IHtmlDocument> ReportPageAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/en/desk/report/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.DocumentAsync();
    }

    private async Task RunJobAsync()
    {
        await using var scope = App.Scope();
        await scope.ServiceProvider.GetServices<IScheduledJob>().Single(j => j.Name == "desk.report-deletion").RunAsync(scope.ServiceProvider, CancellationToken.None);
    }

    private async Task<bool> ExistsAsync(Guid id)
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Report>().AnyAsync(r => r.Id == id);
    }

    private async Task<int> StatisticsAsync(string country, string month, ReportOutcome outcome, bool urgent)
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ReportStatistic>()
            .CountAsync(s => s.Country == country && s.Month == month && s.Outcome == outcome && s.Kind == "Suspicious" && s.Urgent == urgent);
    }

    /// <summary>Every table of the model with a ReportId column, counted for one id: nothing may survive the report.</summary>
    private async Task AssertNothingLeftAsync(Guid id)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(await db.Set<Report>().AnyAsync(r => r.Id == id));
        var tables = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.FindProperty("ReportId") is not null))
        {
            var count = (Task<int>)typeof(DeletionTests).GetMethod(nameof(CountAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(entity.ClrType).Invoke(null, [db, id])!;
            Assert.True(await count == 0, $"{entity.GetTableName()} still references the deleted report");
            tables.Add(entity.GetTableName()!);
        }

        foreach (var expected in new[] { "ReportSealedKeys", "ReportCaseKeys", "ReportMessages", "ReportNotes", "ReportAttachments", "CaseEvents" })
        {
            Assert.Contains(expected, tables);
        }
    }

    private static Task<int> CountAsync<T>(AppDbContext db, Guid id)
        where T : class => db.Set<T>().CountAsync(e => EF.Property<Guid>(e, "ReportId") == id);

    private async Task<(Guid Id, string Month)> ReportWithEverythingAsync(HttpClient handler, string marker, string country, string status)
    {
        var id = await FileAsync(marker, country, urgent: true, withPhoto: true);
        var page = await ReportPageAsync(handler, id);
        Assert.Equal(HttpStatusCode.Redirect, (await handler.SubmitAsync(page, $"/en/desk/report/{id}", new Dictionary<string, string> { ["Question"] = "Which hotel?" }, "#ask-form")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await handler.SubmitAsync(page, $"/en/desk/report/{id}", new Dictionary<string, string> { ["Note"] = "Note " + marker }, "#note-form")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await handler.SubmitAsync(page, $"/en/desk/report/{id}", new Dictionary<string, string> { ["NewStatus"] = status }, "#status-form")).StatusCode);
        await using var scope = App.Scope();
        var received = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Report>().Where(r => r.Id == id).Select(r => r.ReceivedOn).SingleAsync();
        return (id, ReportStatistic.MonthOf(received));
    }

    [Fact]
    public async Task TheJob_DeletesForwardedAndClosedReports_AfterTheDelay_NotBefore_LeavingOneStatisticsRowEach_EvenWhenStartedTwice()
    {
        App.Require();
        var handler = await HandlerAsync();
        var marker = "DELJOB" + Guid.NewGuid().ToString("N");
        var (forwarded, month) = await ReportWithEverythingAsync(handler, marker, "LA", "ForwardedToPolice");
        var (closed, closedMonth) = await ReportWithEverythingAsync(handler, marker, "MM", "Closed");
        var (open, _) = await ReportWithEverythingAsync(handler, marker, "MM", "BeingAnalysed");
        var before = await StatisticsAsync("LA", month, ReportOutcome.ForwardedToPolice, urgent: true);
        var closedBefore = await StatisticsAsync("MM", closedMonth, ReportOutcome.ClosedUnusable, urgent: true);

        await RunJobAsync();
        App.Clock.Advance(TimeSpan.FromDays(29));
        await RunJobAsync();
        Assert.True(await ExistsAsync(forwarded), "deleted before the delay");
        Assert.True(await ExistsAsync(closed), "deleted before the delay");

        // Past 30 days: two runs at once (as two nodes without the lease would), plus the scheduler in the background.
        App.Clock.Advance(TimeSpan.FromDays(2));
        await Task.WhenAll(Task.Run(RunJobAsync), Task.Run(RunJobAsync));

        await AssertNothingLeftAsync(forwarded);
        await AssertNothingLeftAsync(closed);
        Assert.True(await ExistsAsync(open), "a report still being analysed is kept");
        Assert.Equal(before + 1, await StatisticsAsync("LA", month, ReportOutcome.ForwardedToPolice, urgent: true));
        Assert.Equal(closedBefore + 1, await StatisticsAsync("MM", closedMonth, ReportOutcome.ClosedUnusable, urgent: true));

        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(1, await db.Set<AuditEntry>().CountAsync(e => e.Action == "desk.report.deleted" && e.Target == forwarded.ToString()));
        Assert.Equal(1, await db.Set<AuditEntry>().CountAsync(e => e.Action == "desk.report.deleted" && e.Target == closed.ToString()));
        Assert.False(await db.Set<AuditEntry>().AnyAsync(e => e.Details.Contains(marker) || e.Target.Contains(marker)));
        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains(marker, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await (await HandlerAsync()).GetAsync($"/en/desk/report/{forwarded}")).StatusCode);
    }

    [Fact]
    public async Task AHandler_DeletesAtOnceWithAReason_AnotherWithoutAGrantCannot_NorAnonymous()
    {
        App.Require();
        var handler = await HandlerAsync();
        var marker = "DELNOW" + Guid.NewGuid().ToString("N");
        var (id, month) = await ReportWithEverythingAsync(handler, marker, "KH", "BeingAnalysed");
        var before = await StatisticsAsync("KH", month, ReportOutcome.DeletedByHandler, urgent: true);

        // Nobody signed in: sent to sign-in, nothing deleted.
        var anonymous = await App.Client().PostAsync($"/en/desk/report/{id}?handler=Delete",
            new FormUrlEncodedContent([new("DeleteReason", "Duplicate"), new("DeleteConfirmed", "true")]));
        Assert.True(anonymous.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"{(int)anonymous.StatusCode}");
        Assert.True(await ExistsAsync(id));

        // A handler who arrived after the report (no grant): refused (403), nothing deleted.
        var other = await HandlerAsync();
        var own = await FileAsync(marker + "own", "KH");
        var otherPage = await ReportPageAsync(other, own);
        var form = otherPage.QuerySelector("#delete-form")!;
        form.SetAttribute("action", form.GetAttribute("action")!.Replace(own.ToString(), id.ToString(), StringComparison.Ordinal));
        var refused = await other.SubmitAsync(otherPage, "/en/desk", new Dictionary<string, string> { ["DeleteReason"] = "Duplicate", ["DeleteConfirmed"] = "true" }, "#delete-form");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.True(await ExistsAsync(id));

        // Without the confirmation box: asked again, nothing deleted.
        var page = await ReportPageAsync(handler, id);
        var unconfirmed = await handler.SubmitAsync(page, $"/en/desk/report/{id}", new Dictionary<string, string> { ["DeleteReason"] = "Duplicate" }, "#delete-form");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
        Assert.Contains("Tick the box", (await unconfirmed.DocumentAsync()).QuerySelector("#delete-form")!.TextContent, StringComparison.Ordinal);
        Assert.True(await ExistsAsync(id));

        var deleted = await handler.SubmitAsync(page, $"/en/desk/report/{id}", new Dictionary<string, string> { ["DeleteReason"] = "Duplicate", ["DeleteConfirmed"] = "true" }, "#delete-form");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("/en/desk?done=deleted", deleted.Headers.Location!.ToString());
        Assert.Contains("was deleted", (await handler.GetDocumentAsync("/en/desk?done=deleted")).QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        await AssertNothingLeftAsync(id);
        Assert.Equal(before + 1, await StatisticsAsync("KH", month, ReportOutcome.DeletedByHandler, urgent: true));
        Assert.Equal(HttpStatusCode.NotFound, (await handler.GetAsync($"/en/desk/report/{id}")).StatusCode);

        // Deleting again (a replayed post) is a clear 404, and counts nothing twice.
        var again = await handler.SubmitAsync(page, $"/en/desk/report/{id}", new Dictionary<string, string> { ["DeleteReason"] = "Duplicate", ["DeleteConfirmed"] = "true" }, "#delete-form");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(before + 1, await StatisticsAsync("KH", month, ReportOutcome.DeletedByHandler, urgent: true));

        await using var scope = App.Scope();
        var audit = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<AuditEntry>()
            .Where(e => e.Action == "desk.report.deleted" && e.Target == id.ToString()).ToListAsync();
        var entry = Assert.Single(audit);
        Assert.Equal("outcome=DeletedByHandler reason=Duplicate", entry.Details);
        Assert.DoesNotContain(marker, entry.Actor, StringComparison.Ordinal);
        Assert.True(await ExistsAsync(own));
    }

    public static TheoryData<string, string> HostileReasons => new()
    {
        { "<script>alert(1)</script>", "true" },
        { new string('x', 10_000), "true" },
        { "\u0000\u0007\u202E\u001B", "true" },
        { "Duplicate\u202E", "true" },
        { "duplicate", "true" },
        { string.Empty, "true" },
        { "Duplicate", "<b>yes</b>" },
        { "Duplicate", new string('t', 10_000) },
    };

    [Theory]
    [MemberData(nameof(HostileReasons))]
    public async Task HostileReasons_AndForgedIds_GetAClearRefusal_NeverA500_AndDeleteNothing(string reason, string confirmed)
    {
        App.Require();
        var handler = await HandlerAsync();
        var id = await FileAsync("hostile" + Guid.NewGuid().ToString("N"), "KH");
        var page = await ReportPageAsync(handler, id);
        var response = await handler.SubmitAsync(page, $"/en/desk/report/{id}", new Dictionary<string, string> { ["DeleteReason"] = reason, ["DeleteConfirmed"] = confirmed }, "#delete-form");
        Assert.True(response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}");
        var body = await response.DocumentAsync();
        if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            Assert.NotNull(body.QuerySelector("#delete-form .field-error:not(:empty)"));
            Assert.Null(body.QuerySelector("#delete-form script, #delete-form b"));
        }
        else
        {
            Assert.NotNull(body.QuerySelector("h1"));
        }

        Assert.True(await ExistsAsync(id));

        foreach (var url in new[] { $"/en/desk/report/{Guid.NewGuid()}?handler=Delete", "/en/desk/report/not-a-guid?handler=Delete", "/en/desk/report/%27%20OR%201=1?handler=Delete" })
        {
            var form = page.QuerySelector("#delete-form")!;
            form.SetAttribute("action", url);
            var refused = await handler.SubmitAsync(page, url, new Dictionary<string, string> { ["DeleteReason"] = "Duplicate", ["DeleteConfirmed"] = "true" }, "#delete-form");
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }
    }
}

public sealed class DeletionSqliteTests(DeskSqliteApp app) : DeletionTests(app), IClassFixture<DeskSqliteApp>;

public sealed class DeletionPostgresTests(DeskPostgresApp app) : DeletionTests(app), IClassFixture<DeskPostgresApp>;
