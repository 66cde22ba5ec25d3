using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Desk;

/// <summary>
/// Opening a case file with several photos: the browser fetches them at once and each fetch is audited. Those
/// appends used to race for the same sequence number and print "UNIQUE constraint failed: AuditLog.Sequence" with
/// stack traces (EF Core logs the failed INSERT itself, whatever the caller catches).
/// </summary>
public abstract class AuditedPhotosTests(DeskApp app)
{
    protected DeskApp App { get; } = app;

    [Fact]
    public async Task PhotosFetchedInParallel_AreEachAudited_WithoutAFailureInTheLogs()
    {
        App.Require();
        // The handler first, so the report is sealed to their key.
        var client = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.CaseHandler));
        Guid id;
        await using (var scope = App.Scope())
        {
            var photos = new[]
            {
                PhotoCleaner.Clean(TestImages.JpegWithMetadata("PAR1", 40, 30)).Photo!,
                PhotoCleaner.Clean(TestImages.JpegWithMetadata("PAR2", 30, 40)).Photo!,
            };
            var result = await scope.ServiceProvider.GetRequiredService<ReportIntake>().FileAsync(
                new ReportAnswers(false, "Suspicious", "last night", "TH", "Beach bar", "I saw it"), null, Guid.NewGuid(), photos);
            id = result.ReportId!.Value;
        }

        var page = await client.GetAsync($"/en/desk/report/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var sources = (await page.DocumentAsync()).QuerySelectorAll("ul.photos img").Select(i => i.GetAttribute("src")!).ToList();
        Assert.Equal(2, sources.Count);

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).SelectMany(_ => sources)
            .Select(src => Task.Run(() => client.GetAsync($"/en/desk/report/{id}" + src))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(10, await db.Set<AuditEntry>().CountAsync(e => e.Action == "desk.report.photo" && e.Target == id.ToString()));
            var verification = await App.Services.GetRequiredService<AuditLog>().VerifyAsync(db);
            Assert.True(verification.Intact, $"broken at {verification.BrokenAt} ({verification.Reason})");
        }

        // Only the audit's lines: a fresh PostgreSQL database also logs EF Core's first look for its migrations table.
        var failures = App.Logs.Lines.Where(l => (l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal))
                                                 && l.Contains("AuditLog", StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == 0, "audit appends logged failures: " + string.Join('\n', failures.Take(2)));
    }
}

public sealed class AuditedPhotosSqliteTests(DeskSqliteApp app) : AuditedPhotosTests(app), IClassFixture<DeskSqliteApp>;

public sealed class AuditedPhotosPostgresTests(DeskPostgresApp app) : AuditedPhotosTests(app), IClassFixture<DeskPostgresApp>;
