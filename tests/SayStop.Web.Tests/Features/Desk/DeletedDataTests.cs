using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;
using SayStop.Web.Infrastructure.Email;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Desk;

/// <summary>
/// Security Medium 8: deleted personal data must not survive. A reporter leaves an email address, a handler's
/// question sends them a notice, the desk deletes the report; then the bytes of the database (SQLite: the file, its
/// -wal and -shm; PostgreSQL: a pg_dump of the whole database) and every file of the data folder hold neither the
/// address nor anything else the reporter typed.
/// </summary>
public abstract class DeletedDataTests(DeskApp app)
{
    protected DeskApp App { get; } = app;

    [Fact]
    public async Task AfterTheDesksDeletion_TheReportersAddress_IsInNoByteOfTheDatabase_NorInTheDataFolder()
    {
        App.Require();
        var handler = await App.CreateStaffAsync(StaffRoles.CaseHandler);
        var client = await App.SignInAsync(handler);
        var marker = "gone" + Guid.NewGuid().ToString("N");
        var email = marker + "@reporter.example";
        Guid id;
        await using (var scope = App.Scope())
        {
            var filed = await scope.ServiceProvider.GetRequiredService<ReportIntake>().FileAsync(
                new ReportAnswers(false, "Suspicious", "last night " + marker, "TH", "Beach bar " + marker, "I saw " + marker),
                new ReporterContact(email), Guid.NewGuid());
            id = filed.ReportId!.Value;
        }

        // The handler asks a question: a notice goes to the reporter's address through the outbox.
        var page = await client.GetDocumentAsync($"/en/desk/report/{id}");
        var asked = await client.SubmitAsync(page, $"/en/desk/report/{id}", new Dictionary<string, string> { ["Question"] = "Which hotel?" }, "#ask-form");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        await App.Smtp.WaitForAsync(email);
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            for (var i = 0; i < 100 && await db.Set<OutboxEmail>().AnyAsync(e => e.To == email && e.SentAt == null); i++)
            {
                await Task.Delay(100);
            }
        }

        // Before the deletion the address is there (in the outbox), so the search below can see it.
        Assert.NotEmpty(await DatabaseBytes.FindAsync(App, email));

        page = await client.GetDocumentAsync($"/en/desk/report/{id}");
        var deleted = await client.SubmitAsync(page, $"/en/desk/report/{id}",
            new Dictionary<string, string> { ["DeleteReason"] = "Duplicate", ["DeleteConfirmed"] = "true" }, "#delete-form");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        await using (var scope = App.Scope())
        {
            // The scheduled housekeeping (every 5 minutes): sent emails leave the outbox, SQLite's log is emptied.
            await DeskHousekeepingJobProbe.RunAsync(scope.ServiceProvider);
        }

        Assert.Empty(await DatabaseBytes.FindAsync(App, email));
        Assert.Empty(await DatabaseBytes.FindAsync(App, marker));
        Assert.Empty(await DatabaseBytes.FindInDataFolderAsync(App, marker));
    }
}

public sealed class DeletedDataSqliteTests(DeskSqliteApp app) : DeletedDataTests(app), IClassFixture<DeskSqliteApp>;

public sealed class DeletedDataPostgresTests(DeskPostgresApp app) : DeletedDataTests(app), IClassFixture<DeskPostgresApp>;
