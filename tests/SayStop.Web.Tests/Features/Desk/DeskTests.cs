using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Sealing;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Desk;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Infrastructure.Email;
using SayStop.Web.Infrastructure.Jobs;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Desk;

/// <summary>The site with cheap Argon2id costs (the production cost is covered by the Sealing tests).</summary>
public class DeskApp(TestDb db) : SayStopApp(db)
{
    protected override void ConfigureSettings(IWebHostBuilder builder) => Cheap(builder);

    internal static void Cheap(IWebHostBuilder builder)
    {
        builder.UseSetting("Reports:ReceiptCost:MemoryKiB", "8");
        builder.UseSetting("Reports:KeyCost:MemoryKiB", "8");
        builder.UseSetting("Reports:FollowUpPermitsPerMinute", "1000");
        builder.UseSetting("Site:PublicBaseUrl", "https://saystop.test");
    }

    /// <summary>
    /// A second web node on the same database (same SQLite file or PostgreSQL database), same clock and mail
    /// server, as a load balancer would put behind one address.
    /// </summary>
    public WebApplicationFactory<Program> SecondNode()
    {
        var factory = new ConfiguredFactory(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("Database:Provider", Db.ToString());
            b.UseSetting("ConnectionStrings:Sqlite", Db == TestDb.Sqlite ? ConnectionString : "Data Source=" + SqliteFile);
            b.UseSetting("ConnectionStrings:Postgres", Db == TestDb.Postgres ? ConnectionString : string.Empty);
            b.UseSetting("Site:SeedDemoContent", "false");
            b.UseSetting("Site:PrintFirstAdministratorLink", "false");
            b.UseSetting("Site:DataDirectory", DataDirectory);
            b.UseSetting("Audit:KeyFile", AuditKeyFile);
            b.UseSetting("Email:Smtp:Host", "127.0.0.1");
            b.UseSetting("Email:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Email:Smtp:UseStartTls", "false");
            Cheap(b);
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(Clock);
                s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
            });
        });
        _ = factory.Services;
        return factory;
    }
}

public sealed class DeskSqliteApp() : DeskApp(TestDb.Sqlite);

public sealed class DeskPostgresApp() : DeskApp(TestDb.Postgres);

/// <summary>The case handlers' desk through the real pages: unlocking across nodes, reading, asking, notes, grants.</summary>
public abstract class DeskTests(DeskApp app)
{
    protected DeskApp App { get; } = app;

    private async Task<(Guid ReportId, string Receipt)> FileAsync(string marker, bool urgent = false, string? email = null, string country = "TH")
    {
        await using var scope = App.Scope();
        var intake = scope.ServiceProvider.GetRequiredService<ReportIntake>();
        var result = await intake.FileAsync(
            new ReportAnswers(urgent, "Suspicious", "last night " + marker, country, "Beach bar " + marker, "I saw " + marker),
            email is null ? null : new ReporterContact(email),
            Guid.NewGuid());
        return (result.ReportId!.Value, result.Receipt!.ToDisplayString());
    }

    private async Task<Guid> UserIdAsync(string email)
    {
        await using var scope = App.Scope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(email))!.Id;
    }

    /// <summary>A case handler with a key: created, then signed in once (the password step makes the key).</summary>
    private async Task<(StaffCredentials Who, HttpClient Client)> HandlerAsync()
    {
        var who = await App.CreateStaffAsync(StaffRoles.CaseHandler);
        return (who, await App.SignInAsync(who));
    }

    private static async Task<HttpClient> SignInAsync(HttpClient client, StaffCredentials who)
    {
        var first = await client.SubmitAsync("/en/account/signin", new Dictionary<string, string>
        {
            ["Input.Email"] = who.Email,
            ["Input.Password"] = who.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var second = await client.SubmitAsync(first.Headers.Location!.ToString(), new Dictionary<string, string> { ["Code"] = who.CurrentCode() });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        return client;
    }

    private static async Task<IHtmlDocument> ReportPageAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/en/desk/report/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.DocumentAsync();
    }

    private static async Task<IHtmlDocument> OpenFollowUpAsync(HttpClient client, string receipt)
    {
        var response = await client.SubmitAsync("/en/report/follow-up", new Dictionary<string, string> { ["Receipt"] = receipt, ["go"] = "open" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.DocumentAsync();
    }

    [Fact]
    public async Task AReportStoredBeforeCaseReferences_GetsItsReference_FromTheHousekeepingJob()
    {
        App.Require();
        var (id, _) = await FileAsync("before-references");
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Set<Report>().Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Reference, string.Empty));
        var job = scope.ServiceProvider.GetServices<IScheduledJob>().Single(j => j.Name == "desk.housekeeping");
        await job.RunAsync(scope.ServiceProvider, CancellationToken.None);
        Assert.Equal(CaseReference.For(id), await db.Set<Report>().Where(r => r.Id == id).Select(r => r.Reference).SingleAsync());
        Assert.False(await db.Set<Report>().AnyAsync(r => r.Reference == string.Empty));
    }

    [Fact]
    public async Task AHandlerSignedInWithTotp_ReadsEveryAnswerOfAFiledReport_AndNothingReachesTheLogs()
    {
        App.Require();
        var (_, client) = await HandlerAsync();
        var marker = "DESK" + Guid.NewGuid().ToString("N");
        var (id, _) = await FileAsync(marker, email: marker + "@reporter.example");

        var raw = await client.GetAsync($"/en/desk/report/{id}");
        Assert.True(raw.Headers.CacheControl?.NoStore, "a decrypted report must not be cached");
        var page = await ReportPageAsync(client, id);
        var answers = page.QuerySelector("#answers")!.TextContent;
        Assert.Contains("last night " + marker, answers, StringComparison.Ordinal);
        Assert.Contains("Beach bar " + marker, answers, StringComparison.Ordinal);
        Assert.Contains("I saw " + marker, answers, StringComparison.Ordinal);
        Assert.Contains("What happened", answers, StringComparison.Ordinal); // localised label
        Assert.Contains("Thailand", answers, StringComparison.Ordinal);
        Assert.Contains(marker + "@reporter.example", page.QuerySelector("#contact")!.TextContent, StringComparison.Ordinal);

        var note = await client.SubmitAsync(page, $"/en/desk/report/{id}", new Dictionary<string, string> { ["Note"] = "Note " + marker }, "#note-form");
        Assert.Equal(HttpStatusCode.Redirect, note.StatusCode);
        page = await ReportPageAsync(client, id);
        Assert.Contains("Note " + marker, page.QuerySelector("#notes")!.TextContent, StringComparison.Ordinal);

        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains(marker, StringComparison.Ordinal));
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True(await db.Set<SayStop.Web.Infrastructure.Audit.AuditEntry>().AnyAsync(e => e.Action == "desk.report.opened" && e.Target == id.ToString()));
        Assert.False(await db.Set<SayStop.Web.Infrastructure.Audit.AuditEntry>().AnyAsync(e => e.Details.Contains(marker) || e.Target.Contains(marker)));
    }

    [Fact]
    public async Task TheFullFieldSet_ThePhotos_AndTheContact_AreShownToTheHandler_AndThePhotosToNoOneElse()
    {
        App.Require();
        var (_, client) = await HandlerAsync();
        var (photo, _) = (PhotoCleaner.Clean(TestImages.JpegWithMetadata("DESKPHOTO", 90, 60)).Photo!, 0);
        Guid id;
        await using (var scope = App.Scope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<ReportIntake>().FileAsync(
                new ReportAnswers(false, "Suspicious", "last night", "TH", "Soi 6", "I saw it",
                    City: "Pattaya", PlaceKind: "Bar", Suspect: new SuspectDetails("Mike", null, "about 50", null, "plate 1AB 234", null, null),
                    Children: new ChildrenDetails("Two", null, "Girls", null), AlreadyActed: ["Police"], OnDate: new DateOnly(2026, 11, 20)),
                new ReporterContact("r@reporter.example", "Ann", "+32 470 00 00 00", PoliceMayContact: true), Guid.NewGuid(), [photo]);
            id = result.ReportId!.Value;
        }

        var page = await ReportPageAsync(client, id);
        var answers = page.QuerySelector("#answers")!.TextContent;
        foreach (var expected in new[] { "Pattaya", "Bar or nightclub", "Name or nickname", "Mike", "plate 1AB 234", "Two", "Girl(s)", "The police", "2026-11-20" })
        {
            Assert.Contains(expected, answers, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("{", answers, StringComparison.Ordinal);
        var contact = page.QuerySelector("#contact")!.TextContent;
        Assert.Contains("Ann", contact, StringComparison.Ordinal);
        Assert.Contains("+32 470 00 00 00", contact, StringComparison.Ordinal);
        Assert.Contains("the police directly", contact, StringComparison.Ordinal);

        var src = page.QuerySelector("ul.photos img")!.GetAttribute("src")!;
        var image = await client.GetAsync($"/en/desk/report/{id}" + src);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        Assert.True(image.Headers.CacheControl?.NoStore);
        var bytes = await image.Content.ReadAsByteArrayAsync();
        using (var decoded = SkiaSharp.SKBitmap.Decode(bytes))
        {
            Assert.Equal(90, decoded.Width);
        }

        // Another handler, not granted: no photo. Nobody signed in: no photo.
        var (_, other) = await HandlerAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/en/desk/report/{id}" + src)).StatusCode);
        var anonymous = await App.Client().GetAsync($"/en/desk/report/{id}" + src);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/en/desk/report/{id}?handler=Photo&photo={Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task AQuestion_ReachesTheReporter_TheirAnswerReachesTheDesk_AndTheNoticeEmailSaysNothing()
    {
        App.Require();
        var (_, client) = await HandlerAsync();
        var marker = "ASK" + Guid.NewGuid().ToString("N");
        var email = marker.ToLowerInvariant() + "@reporter.example";
        var (id, receipt) = await FileAsync(marker, email: email);

        var page = await ReportPageAsync(client, id);
        var asked = await client.SubmitAsync(page, $"/en/desk/report/{id}", new Dictionary<string, string> { ["Question"] = "Which hotel? " + marker }, "#ask-form");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);

        var reporter = App.Client();
        var followUp = await OpenFollowUpAsync(reporter, receipt);
        Assert.Contains("Which hotel? " + marker, followUp.Body!.TextContent, StringComparison.Ordinal);
        var replied = await reporter.SubmitAsync(followUp, "/en/report/follow-up", new Dictionary<string, string> { ["Reply"] = "Hotel Example " + marker, ["go"] = "reply" });
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);

        page = await ReportPageAsync(client, id);
        var messages = page.QuerySelector("#messages")!.TextContent;
        Assert.Contains("Which hotel? " + marker, messages, StringComparison.Ordinal);
        Assert.Contains("Hotel Example " + marker, messages, StringComparison.Ordinal);

        var notice = await App.Smtp.WaitForAsync(email);
        var all = notice.Subject + notice.TextBody + notice.HtmlBody;
        Assert.DoesNotContain(marker, all.Replace(email, string.Empty, StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hotel", all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(id.ToString(), all, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("https://saystop.test/en/report/follow-up", notice.TextBody, StringComparison.Ordinal);

        // Once sent, the notice leaves the outbox: the reporter's address does not stay in the database in clear.
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            for (var i = 0; i < 50 && await db.Set<OutboxEmail>().AnyAsync(e => e.To == email && e.SentAt == null); i++)
            {
                await Task.Delay(100);
            }

            await DeskHousekeepingJobProbe.RunAsync(scope.ServiceProvider);
            Assert.False(await db.Set<OutboxEmail>().AnyAsync(e => e.To == email));
        }

        // Asking acknowledged the report; the status is what the reporter sees.
        var status = await client.SubmitAsync(page, $"/en/desk/report/{id}", new Dictionary<string, string> { ["NewStatus"] = "BeingAnalysed" }, "#status-form");
        Assert.Equal(HttpStatusCode.Redirect, status.StatusCode);
        followUp = await OpenFollowUpAsync(App.Client(), receipt);
        Assert.Contains("analys", followUp.QuerySelector("#report-status")!.TextContent, StringComparison.OrdinalIgnoreCase);

        // The timeline and the audit log say who did what, with ids only.
        page = await ReportPageAsync(client, id);
        var timeline = page.QuerySelector("#timeline")!.TextContent;
        Assert.Contains("question sent to the reporter", timeline, StringComparison.Ordinal);
        Assert.Contains("status changed: Being analysed", timeline, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, timeline, StringComparison.Ordinal);
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var actions = await db.Set<SayStop.Web.Infrastructure.Audit.AuditEntry>().Where(e => e.Target == id.ToString()).Select(e => e.Action).ToListAsync();
            Assert.Contains("desk.report.opened", actions);
            Assert.Contains("desk.report.asked", actions);
            Assert.Contains("desk.report.status", actions);
            Assert.False(await db.Set<SayStop.Web.Infrastructure.Audit.AuditEntry>().AnyAsync(e => e.Details.Contains(marker) || e.Target.Contains(marker)));
        }
    }

    [Fact]
    public async Task TwoNodes_SignedInOnOne_ReadAndAnswerThroughTheOther()
    {
        App.Require();
        await using var nodeB = App.SecondNode();
        var who = await App.CreateStaffAsync(StaffRoles.CaseHandler);
        var cookies = new CookieContainer();
        var onA = App.Factory.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
        var onB = nodeB.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
        await SignInAsync(onA, who);
        var marker = "NODES" + Guid.NewGuid().ToString("N");
        var (id, receipt) = await FileAsync(marker);

        var page = await ReportPageAsync(onB, id);
        Assert.Contains("I saw " + marker, page.QuerySelector("#answers")!.TextContent, StringComparison.Ordinal);
        var asked = await onB.SubmitAsync(page, $"/en/desk/report/{id}", new Dictionary<string, string> { ["Question"] = "From node B " + marker }, "#ask-form");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);

        var followUp = await OpenFollowUpAsync(App.Client(), receipt);
        Assert.Contains("From node B " + marker, followUp.Body!.TextContent, StringComparison.Ordinal);
        page = await ReportPageAsync(onA, id);
        Assert.Contains("From node B " + marker, page.QuerySelector("#messages")!.TextContent, StringComparison.Ordinal);

        // Signing out on B locks the key on A too: the row is gone for every node.
        var signOut = await onB.SubmitAsync("/en/desk", new Dictionary<string, string>(), "form[action='/en/account/signout']");
        Assert.True(signOut.IsSuccessStatusCode || signOut.StatusCode == HttpStatusCode.Redirect);
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var userId = await UserIdAsync(who.Email);
        Assert.False(await db.Set<DeskSession>().AnyAsync(s => s.UserId == userId));
    }

    [Fact]
    public async Task AnActiveDeskSession_SlidesItsExpiry_SoAHandlerAtWorkIsNotLockedOut()
    {
        App.Require();
        var (who, client) = await HandlerAsync();
        var (id, _) = await FileAsync("SLIDE" + Guid.NewGuid().ToString("N"));
        Assert.NotNull((await ReportPageAsync(client, id)).QuerySelector("#answers"));

        // 20 minutes, a page, 20 more: 40 minutes since the unlock but only 20 since the last activity (idle timeout 30).
        App.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.NotNull((await ReportPageAsync(client, id)).QuerySelector("#answers"));
        App.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.NotNull((await ReportPageAsync(client, id)).QuerySelector("#answers"));

        // Requests a few seconds apart write the last activity at most once a minute.
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var userId = await UserIdAsync(who.Email);
        var userSessions = db.Set<DeskSession>().AsNoTracking().Where(s => s.UserId == userId);
        var before = await userSessions.OrderByDescending(s => s.LastSeenAt).Select(s => s.LastSeenAt).FirstAsync();
        App.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.NotNull((await ReportPageAsync(client, id)).QuerySelector("#answers"));
        Assert.Equal(before, await userSessions.OrderByDescending(s => s.LastSeenAt).Select(s => s.LastSeenAt).FirstAsync());
    }

    /// <summary>
    /// The inbox asks only whether the key is unlocked (no key pair made), with the same sliding expiry as a page that
    /// uses the key: looking at the inbox keeps a handler's desk open, and past the idle timeout it says "locked".
    /// </summary>
    [Fact]
    public async Task TheInbox_KeepsTheDeskSessionAlive_AndSaysWhenTheKeyIsLocked()
    {
        App.Require();
        var (_, client) = await HandlerAsync();
        var (id, _) = await FileAsync("INBOXSLIDE" + Guid.NewGuid().ToString("N"));
        static bool SaysLocked(IHtmlDocument inbox) => inbox.QuerySelector("a[href^='/en/desk/unlock']") is not null;

        Assert.False(SaysLocked(await client.GetDocumentAsync("/en/desk")));
        App.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.False(SaysLocked(await client.GetDocumentAsync("/en/desk")));
        App.Clock.Advance(TimeSpan.FromMinutes(20));
        // 40 minutes since the unlock, 20 since the inbox was looked at: the key still opens the report.
        Assert.NotNull((await ReportPageAsync(client, id)).QuerySelector("#answers"));

        App.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.True(SaysLocked(await client.GetDocumentAsync("/en/desk")));
        Assert.Null((await ReportPageAsync(client, id)).QuerySelector("#answers"));
    }

    [Fact]
    public async Task TheDesk_LocksAfterSignOut_AndAfterInactivity_AndThePasswordUnlocksIt_KeepingTheDraft()
    {
        App.Require();
        var (who, client) = await HandlerAsync();
        var marker = "LOCK" + Guid.NewGuid().ToString("N");
        var (id, _) = await FileAsync(marker);
        var page = await ReportPageAsync(client, id);
        Assert.NotNull(page.QuerySelector("#answers"));

        // Inactivity: past the idle timeout the key is locked, the page asks for the password.
        App.Clock.Advance(TimeSpan.FromMinutes(31));
        var locked = await ReportPageAsync(client, id);
        Assert.Null(locked.QuerySelector("#answers"));
        Assert.NotNull(locked.QuerySelector("#unlock-form"));
        Assert.DoesNotContain(marker, locked.Body!.TextContent, StringComparison.Ordinal);

        // A question typed on a page opened before the lock is not lost: it rides through the unlock form.
        var draft = await client.SubmitAsync(page, $"/en/desk/report/{id}", new Dictionary<string, string> { ["Question"] = "Draft " + marker }, "#ask-form");
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        var unlockPage = await draft.DocumentAsync();
        Assert.Equal("Draft " + marker, unlockPage.QuerySelector("#unlock-form input[name=Question]")!.GetAttribute("value"));
        var wrong = await client.SubmitAsync(unlockPage, $"/en/desk/report/{id}", new Dictionary<string, string> { ["Password"] = "not my password at all" }, "#unlock-form");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var unlocked = await client.SubmitAsync(unlockPage, $"/en/desk/report/{id}", new Dictionary<string, string> { ["Password"] = who.Password }, "#unlock-form");
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        var back = await unlocked.DocumentAsync();
        Assert.Equal("Draft " + marker, back.QuerySelector("#ask-form textarea")!.TextContent.Trim());
        Assert.Contains("I saw " + marker, back.QuerySelector("#answers")!.TextContent, StringComparison.Ordinal);

        // Sign-out: the desk rows go with the staff cookie, so no node can use the key any more.
        var userId = await UserIdAsync(who.Email);
        await client.SubmitAsync("/en/desk", new Dictionary<string, string>(), "form[action='/en/account/signout']");
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.False(await db.Set<DeskSession>().AnyAsync(s => s.UserId == userId));
        }

        // The expired rows are deleted by the housekeeping job.
        var client2 = await App.SignInAsync(who);
        App.Clock.Advance(TimeSpan.FromMinutes(31));
        await using (var scope = App.Scope())
        {
            await DeskHousekeepingJobProbe.RunAsync(scope.ServiceProvider);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.False(await db.Set<DeskSession>().AnyAsync(s => s.UserId == userId));
        }

        Assert.NotNull((await ReportPageAsync(client2, id)).QuerySelector("#unlock-form"));
    }

    [Fact]
    public async Task TheDatabaseAlone_CannotOpenADeskSession_OnlyWithTheBrowsersSecret()
    {
        App.Require();
        var who = await App.CreateStaffAsync(StaffRoles.CaseHandler);
        var cookies = new CookieContainer();
        await SignInAsync(App.Factory.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies)), who);
        var userId = await UserIdAsync(who.Email);
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.Set<DeskSession>().AsNoTracking().SingleAsync(s => s.UserId == userId);
        using var pair = await scope.ServiceProvider.GetRequiredService<RecipientKeys>().UnlockAsync(userId, who.Password);
        var privateKey = pair!.ExportPrivateKey();

        Assert.True(row.SealedPrivateKey.AsSpan().IndexOf(privateKey) < 0, "the private key is stored in clear");
        Assert.Null(DeskSessions.Open(new byte[DeskSessions.SecretSize], row));
        Assert.Null(DeskSessions.Open(System.Security.Cryptography.RandomNumberGenerator.GetBytes(DeskSessions.SecretSize), row));

        // The secret exists only in the browser's cookie; with it, and only with it, the row opens.
        var deskCookies = cookies.GetCookies(new Uri("http://localhost/en/desk/report/x"));
        Assert.DoesNotContain(cookies.GetCookies(new Uri("http://localhost/en/report")), c => c.Name == DeskSessions.CookieName);
        var desk = deskCookies[DeskSessions.CookieName]!;
        Assert.True(desk.HttpOnly);
        Assert.Equal("/en/desk", desk.Path);
        var cookie = desk.Value;
        var sessions = scope.ServiceProvider.GetRequiredService<DeskSessions>();
        Assert.True(sessions.TryReadCookie(cookie, out var sessionId, out var secret));
        Assert.Equal(row.Id, sessionId);
        Assert.True(row.SealedPrivateKey.AsSpan().IndexOf(secret) < 0);
        Assert.Equal(privateKey, DeskSessions.Open(secret, row));

        // A blob moved to another row (another person) does not open, even with the right secret.
        Assert.Null(DeskSessions.Open(secret, new DeskSession { Id = row.Id, UserId = Guid.NewGuid(), RecipientKeyId = row.RecipientKeyId, SealedPrivateKey = row.SealedPrivateKey }));
        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains(Convert.ToHexString(privateKey), StringComparison.OrdinalIgnoreCase)
                                                 || l.Contains(Convert.ToBase64String(privateKey), StringComparison.Ordinal));

        // Forged or foreign desk cookies lock the desk, never fail: garbage, a tampered value, another person's cookie.
        var (id, _) = await FileAsync("cookies");
        var other = await App.CreateStaffAsync(StaffRoles.CaseHandler);
        var otherCookies = new CookieContainer();
        var otherClient = await SignInAsync(App.Factory.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(otherCookies)), other);
        var deskUri = new Uri("http://localhost/en/desk");
        foreach (var forged in new[] { "garbage", cookie[..^4] + (cookie[^4] == 'A' ? "BBBB" : "AAAA"), cookie, new string('A', 3000) })
        {
            otherCookies.Add(deskUri, new Cookie(DeskSessions.CookieName, forged, "/en/desk"));
            var response = await otherClient.GetAsync($"/en/desk/report/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull((await response.DocumentAsync()).QuerySelector("#unlock-form"));
        }
    }

    [Fact]
    public async Task ANewHandler_CannotReadOldReports_UntilGranted_AndARemovedHandlersSealedKeysAreGone()
    {
        App.Require();
        var (_, first) = await HandlerAsync();
        var marker = "GRANT" + Guid.NewGuid().ToString("N");
        var (id, _) = await FileAsync(marker);

        var (newcomer, second) = await HandlerAsync();
        var refused = await second.GetAsync($"/en/desk/report/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var refusedText = await refused.Content.ReadAsStringAsync();
        Assert.Contains("grant you access", refusedText, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, refusedText, StringComparison.Ordinal);

        var accessPage = await first.GetDocumentAsync("/en/desk/access");
        var newcomerId = await UserIdAsync(newcomer.Email);
        Guid newcomerKey;
        await using (var scope = App.Scope())
        {
            newcomerKey = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<RecipientKey>()
                .Where(k => k.UserId == newcomerId && k.RevokedAt == null).Select(k => k.Id).SingleAsync();
        }

        var form = accessPage.QuerySelectorAll("#gaps form").First(f => f.GetAttribute("action")!.Contains(newcomerKey.ToString(), StringComparison.Ordinal));
        var granted = await first.SubmitAsync(accessPage, "/en/desk/access", new Dictionary<string, string>(), $"form[action='{form.GetAttribute("action")}']");
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Contains("Access given to", (await granted.DocumentAsync()).QuerySelector("#access-message")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("I saw " + marker, (await ReportPageAsync(second, id)).QuerySelector("#answers")!.TextContent, StringComparison.Ordinal);

        // Removed from the role: the key is revoked and every sealed key of it deleted (the job's safety net too).
        await using (var scope = App.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var user = (await users.FindByIdAsync(newcomerId.ToString()))!;
            await users.RemoveFromRoleAsync(user, StaffRoles.CaseHandler);
            await DeskHousekeepingJobProbe.RunAsync(scope.ServiceProvider);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.False(await db.Set<ReportSealedKey>().AnyAsync(k => k.RecipientKeyId == newcomerKey));
            Assert.False(await db.Set<ReportCaseKey>().AnyAsync(k => k.RecipientKeyId == newcomerKey));
            Assert.NotNull((await db.Set<RecipientKey>().SingleAsync(k => k.Id == newcomerKey)).RevokedAt);
            Assert.False(await db.Set<DeskSession>().AnyAsync(s => s.UserId == newcomerId));
            Assert.True(await db.Set<SayStop.Web.Infrastructure.Audit.AuditEntry>().AnyAsync(e => e.Action == "desk.access.revoked" && e.Target == newcomerId.ToString()));
        }
    }

    [Fact]
    public async Task NotesAreSealedUnderTheCaseKey_WhichTheReceiptDoesNotOpen()
    {
        App.Require();
        var (_, client) = await HandlerAsync();
        var marker = "NOTE" + Guid.NewGuid().ToString("N");
        var (id, receipt) = await FileAsync(marker);
        var page = await ReportPageAsync(client, id);
        await client.SubmitAsync(page, $"/en/desk/report/{id}", new Dictionary<string, string> { ["Note"] = "Internal " + marker }, "#note-form");

        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var report = await db.Set<Report>().AsNoTracking().SingleAsync(r => r.Id == id);
        var note = await db.Set<ReportNote>().AsNoTracking().SingleAsync(n => n.ReportId == id);
        Assert.True(Receipt.TryParse(receipt, out var parsed));
        Assert.True(ReceiptVerifier.TryOpen(report.ReceiptVerifier, parsed, id, out var contentKey));
        using (contentKey)
        {
            Assert.Throws<SealingException>(() => ReportEnvelope.OpenText(contentKey!, id, SealingPurpose.Note(note.Id), note.Sealed));
        }

        var followUp = await OpenFollowUpAsync(App.Client(), receipt);
        Assert.DoesNotContain(marker, followUp.Body!.TextContent.Replace("I saw " + marker, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdministratorWithTheRecoveryKey_RestoresAccess_ForAHandlerWhoLostTheirKey()
    {
        App.Require();
        string recoveryText;
        await using (var scope = App.Scope())
        {
            recoveryText = await scope.ServiceProvider.GetRequiredService<RecipientKeys>().CreateRecoveryKeyAsync();
        }

        var (handler, _) = await HandlerAsync();
        var marker = "RECOVER" + Guid.NewGuid().ToString("N");
        var (id, _) = await FileAsync(marker);

        // The handler's key is lost (forgotten password): it is revoked, and a new one is made at the next sign-in.
        var handlerId = await UserIdAsync(handler.Email);
        await using (var scope = App.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<HandlerAccess>().RevokeAsync(handlerId, "test");
        }

        var client = await App.SignInAsync(handler);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/en/desk/report/{id}")).StatusCode);

        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Administrator));
        var page = await admin.GetDocumentAsync("/en/admin/recovery");
        var wrong = await admin.SubmitAsync(page, "/en/admin/recovery", new Dictionary<string, string>
        {
            ["HandlerId"] = handlerId.ToString(),
            ["RecoveryText"] = recoveryText[..^1] + (recoveryText[^1] == '0' ? '1' : '0'),
        }, "#recovery-form");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var restored = await admin.SubmitAsync(page, "/en/admin/recovery", new Dictionary<string, string>
        {
            ["HandlerId"] = handlerId.ToString(),
            ["RecoveryText"] = recoveryText.ToLowerInvariant(),
        }, "#recovery-form");
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        var restoredHtml = await restored.Content.ReadAsStringAsync();
        Assert.DoesNotContain(recoveryText, restoredHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Access given to", restoredHtml, StringComparison.Ordinal);

        Assert.Contains("I saw " + marker, (await ReportPageAsync(client, id)).QuerySelector("#answers")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains(recoveryText, StringComparison.OrdinalIgnoreCase)
                                                 || l.Contains(recoveryText.Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SomeoneMadeACaseHandlerWhileSignedIn_GetsAKeyAtTheUnlockPage()
    {
        App.Require();
        var who = await App.CreateStaffAsync(StaffRoles.Editor);
        var client = await App.SignInAsync(who);
        await using (var scope = App.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            await users.AddToRoleAsync((await users.FindByEmailAsync(who.Email))!, StaffRoles.CaseHandler);
        }

        var unlock = await client.SubmitAsync("/en/desk/unlock", new Dictionary<string, string> { ["Password"] = who.Password });
        Assert.Equal(HttpStatusCode.Redirect, unlock.StatusCode);
        var marker = "LATE" + Guid.NewGuid().ToString("N");
        var (id, _) = await FileAsync(marker);
        Assert.Contains("I saw " + marker, (await ReportPageAsync(client, id)).QuerySelector("#answers")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheInbox_PutsUrgentFirst_Filters_HighlightsOverdue_AndTheReminderIsACount()
    {
        App.Require();
        var (who, client) = await HandlerAsync();
        var country = "KH";
        var (old, _) = await FileAsync("old", country: country);
        var (urgent, _) = await FileAsync("urgent", urgent: true, country: country);
        await using (var scope = App.Scope())
        {
            // Received ten days ago: past the seven days to acknowledge.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var tenDaysAgo = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime).AddDays(-10);
            await db.Set<Report>().Where(r => r.Id == old).ExecuteUpdateAsync(s => s.SetProperty(r => r.ReceivedOn, tenDaysAgo));
        }

        var inbox = await client.GetDocumentAsync("/en/desk?urgent=true");
        var rows = inbox.QuerySelectorAll("#inbox tbody tr").Select(r => r.GetAttribute("data-report")).ToList();
        Assert.Contains(urgent.ToString(), rows);
        Assert.DoesNotContain(old.ToString(), rows);

        inbox = await client.GetDocumentAsync($"/en/desk?country={country}&page=1");
        var all = inbox.QuerySelectorAll("#inbox tbody tr").ToList();
        var urgentIndex = all.FindIndex(r => r.GetAttribute("data-report") == urgent.ToString());
        var oldIndex = all.FindIndex(r => r.GetAttribute("data-report") == old.ToString());
        Assert.True(urgentIndex >= 0 && oldIndex >= 0 && urgentIndex < oldIndex, $"urgent at {urgentIndex}, old at {oldIndex}");
        Assert.All(all.Take(urgentIndex + 1), r => Assert.NotNull(r.QuerySelector(".urgent")));
        Assert.Contains("overdue", all[oldIndex].ClassName ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("Acknowledgement late", all[oldIndex].TextContent, StringComparison.Ordinal);

        // Take it: assigned to me.
        Assert.NotNull(inbox.QuerySelector($"#take-form tr[data-report='{old}'] button[name=id][value='{old}']"));
        var take = await client.SubmitAsync(inbox, "/en/desk", new Dictionary<string, string> { ["id"] = old.ToString() }, "#take-form");
        Assert.True(take.StatusCode == HttpStatusCode.OK, $"{(int)take.StatusCode} {take.Headers.Location}");
        var mine = await client.GetDocumentAsync("/en/desk?mine=true");
        Assert.Contains(mine.QuerySelectorAll("#inbox tbody tr"), r => r.GetAttribute("data-report") == old.ToString());

        // Take it acknowledged it; make another one late for the reminder.
        var (late, _) = await FileAsync("late", country: country);
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var longAgo = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime).AddDays(-30);
            await db.Set<Report>().Where(r => r.Id == late).ExecuteUpdateAsync(s => s.SetProperty(r => r.ReceivedOn, longAgo));
            var job = scope.ServiceProvider.GetServices<IScheduledJob>().Single(j => j.Name == "desk.deadline-reminders");
            await job.RunAsync(scope.ServiceProvider, CancellationToken.None);
        }

        var reminder = await App.Smtp.WaitForAsync(who.Email);
        var body = reminder.TextBody ?? string.Empty;
        Assert.Matches(@"\d+ report\(s\) are past", body);
        Assert.Contains("https://saystop.test/en/desk?overdue=true", body, StringComparison.Ordinal);
        Assert.DoesNotContain(late.ToString(), body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(old.ToString(), body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheOverdueView_ListsOnlyLateOpenReports_UrgentFirst_WithOtherFiltersKept()
    {
        App.Require();
        const string country = "MN"; // no other test files reports there
        var (onTime, _) = await FileAsync("on time", country: country);
        var (lateAck, _) = await FileAsync("late ack", country: country);
        var (lateUrgent, _) = await FileAsync("late urgent", urgent: true, country: country);
        var (noFeedback, _) = await FileAsync("no feedback", country: country);
        var (closed, _) = await FileAsync("closed", country: country);
        var (elsewhere, _) = await FileAsync("elsewhere", country: "LA");
        var today = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime);
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            async Task SetAsync(Guid id, int daysAgo, DateOnly? acknowledged, ReportStatus status = ReportStatus.BeingAnalysed) =>
                await db.Set<Report>().Where(r => r.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.ReceivedOn, today.AddDays(-daysAgo)).SetProperty(r => r.AcknowledgedOn, acknowledged)
                    .SetProperty(r => r.Status, status));
            await SetAsync(onTime, 3, null, ReportStatus.Received);
            await SetAsync(lateAck, 10, null, ReportStatus.Received);
            await SetAsync(lateUrgent, 20, null, ReportStatus.Received);
            await SetAsync(noFeedback, 120, today.AddDays(-118)); // acknowledged, but no feedback after three months
            await SetAsync(closed, 200, null, ReportStatus.Closed); // closed reports owe nothing
            await SetAsync(elsewhere, 10, null, ReportStatus.Received);
        }

        await using (var scope = App.Scope())
        {
            var inbox = scope.ServiceProvider.GetRequiredService<DeskInbox>();
            var page = await inbox.ListAsync(new InboxFilter(null, country, UrgentOnly: false, AssigneeId: null, OverdueOnly: true, Page: 1));
            Assert.Equal([lateUrgent, noFeedback, lateAck], page.Rows.Select(r => r.Id));
            Assert.Equal(3, page.Total);
            Assert.True(page.Rows.All(r => r.AcknowledgeOverdue || r.FeedbackOverdue));

            var urgentOnly = await inbox.ListAsync(new InboxFilter(null, country, UrgentOnly: true, AssigneeId: null, OverdueOnly: true, Page: 1));
            Assert.Equal([lateUrgent], urgentOnly.Rows.Select(r => r.Id));

            var all = await inbox.ListAsync(new InboxFilter(null, null, UrgentOnly: false, AssigneeId: null, OverdueOnly: true, Page: 1));
            Assert.Contains(all.Rows, r => r.Id == elsewhere);
            Assert.DoesNotContain(all.Rows, r => r.Id == onTime || r.Id == closed);
        }
    }

    [Fact]
    public async Task TheInbox_CountsUpToItsCap_ThenSaysMoreThan_AndPagingGoesOnToTheLastReport()
    {
        App.Require();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await FileAsync("count-cap-" + i)).ReportId);
        }

        await using var scope = App.Scope();
        var services = scope.ServiceProvider;
        DeskInbox Inbox(int cap) => new(services.GetRequiredService<AppDbContext>(),
            new DeskOptions { PageSize = 2, CountCap = cap }, services.GetRequiredService<TimeProvider>());
        InboxFilter Page(int n) => new(null, null, UrgentOnly: false, AssigneeId: null, OverdueOnly: false, Page: n, OnlyIds: ids);

        // Five reports, counted up to three: "more than 3", no page count, and the pages still reach the fifth.
        var first = await Inbox(3).ListAsync(Page(1));
        Assert.Equal((3, true, 0, 2, true), (first.Total, first.TotalIsCapped, first.Pages, first.Rows.Count, first.HasNext));
        var seen = new List<Guid>(first.Rows.Select(r => r.Id));
        var second = await Inbox(3).ListAsync(Page(2));
        Assert.True(second.HasNext);
        seen.AddRange(second.Rows.Select(r => r.Id));
        var third = await Inbox(3).ListAsync(Page(3));
        Assert.Equal((1, false), (third.Rows.Count, third.HasNext));
        seen.AddRange(third.Rows.Select(r => r.Id));
        Assert.Equal(ids.Order(), seen.Order());

        // Under the cap the count is exact and a page past the end shows the last one.
        var exact = await Inbox(10).ListAsync(Page(99));
        Assert.Equal((5, false, 3, 3, 1, false), (exact.Total, exact.TotalIsCapped, exact.Pages, exact.Page, exact.Rows.Count, exact.HasNext));
    }

    /// <summary>
    /// The page query also says whether reports wait for the desk index, so an inbox view with nothing to index costs
    /// no extra round trip; a view whose page is empty cannot carry the answer and says "unknown" (the page then
    /// looks for itself).
    /// </summary>
    [Fact]
    public async Task TheInboxPageQuery_SaysWhetherReportsWaitForTheDeskIndex()
    {
        App.Require();
        var id = (await FileAsync("pending-flag")).ReportId;
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var inbox = scope.ServiceProvider.GetRequiredService<DeskInbox>();
        var index = scope.ServiceProvider.GetRequiredService<DeskIndex>();
        var mine = new InboxFilter(null, null, UrgentOnly: false, AssigneeId: null, OverdueOnly: false, Page: 1, OnlyIds: [id]);
        var none = mine with { OnlyIds = [Guid.NewGuid()] };

        Assert.Null((await inbox.ListAsync(mine)).IndexingPending);
        Assert.True((await inbox.ListAsync(mine, db.Set<Report>().Where(r => r.Id == id))).IndexingPending);
        Assert.False((await inbox.ListAsync(mine, index.PendingFor(Guid.NewGuid()))).IndexingPending);
        Assert.Null((await inbox.ListAsync(none, db.Set<Report>())).IndexingPending);
    }

    /// <summary>Points a form of one report's page at another report, as a forged post would.</summary>
    private static IHtmlDocument Retarget(IHtmlDocument page, string selector, Guid from, Guid to)
    {
        var form = page.QuerySelector(selector)!;
        form.SetAttribute("action", form.GetAttribute("action")!.Replace(from.ToString(), to.ToString(), StringComparison.Ordinal));
        return page;
    }

    [Fact]
    public async Task ForgedIds_AndAnotherHandlersReport_AreRefusedClearly_NeverA500()
    {
        App.Require();
        var (_, client) = await HandlerAsync();
        var (id, _) = await FileAsync("forged");
        var page = await ReportPageAsync(client, id);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/en/desk/report/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/en/desk/report/not-a-guid")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/en/desk/report/' OR 1=1 --")).StatusCode);
        var forged = await client.SubmitAsync(Retarget(page, "#ask-form", id, Guid.NewGuid()), "/en/desk", new Dictionary<string, string> { ["Question"] = "hello" }, "#ask-form");
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);

        // A report filed before this handler existed: refused with a page that says why, for every action.
        var (_, other) = await HandlerAsync();
        var (own, _) = await FileAsync("own");
        page = await ReportPageAsync(other, own);
        foreach (var (selector, field, value) in new[] { ("#ask-form", "Question", "hello"), ("#note-form", "Note", "hi"), ("#status-form", "NewStatus", "Closed"), ("#assign-form", "AssigneeId", string.Empty) })
        {
            var response = await other.SubmitAsync(Retarget(page, selector, own, id), "/en/desk", new Dictionary<string, string> { [field] = value }, selector);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/en/desk/report/{id}")).StatusCode);
        foreach (var url in new[] { "/en/desk?page=-5", "/en/desk?page=99999999999", "/en/desk?status=%3Cscript%3E", "/en/desk?status=1", "/en/desk?country=XX&urgent=maybe", "/fr/desk", "/nl/desk" })
        {
            var response = await client.GetAsync(url);
            Assert.True((int)response.StatusCode < 500, $"{url}: {(int)response.StatusCode}");
        }

        var take = await client.PostAsync("/en/desk?handler=Take&id=nope", new FormUrlEncodedContent([]));
        Assert.True((int)take.StatusCode < 500);

        // Grants to a forged key, and a forged password on the unlock page: clear refusals.
        var access = await client.GetDocumentAsync("/en/desk/access");
        foreach (var keyId in new[] { Guid.NewGuid().ToString(), "not-a-guid", "<script>" })
        {
            // The first handler's report was filed before the other handler existed: a gap to grant is listed.
            var form = access.QuerySelector("#gaps form");
            Assert.NotNull(form);
            form.SetAttribute("action", $"/en/desk/access?handler=Grant&keyId={Uri.EscapeDataString(keyId)}");
            var grant = await client.SubmitAsync(access, "/en/desk/access", new Dictionary<string, string>(), "#gaps form");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, grant.StatusCode);
        }

        foreach (var password in new[] { new string('p', 10_000), "\u0000", string.Empty })
        {
            var unlock = await client.SubmitAsync("/en/desk/unlock", new Dictionary<string, string> { ["Password"] = password });
            // A control character is refused by the site's input guard (400 page) before the page runs.
            Assert.True(unlock.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest, $"{password.Length}: {(int)unlock.StatusCode}");
            Assert.Contains(unlock.StatusCode == HttpStatusCode.BadRequest ? "</h1>" : "does not unlock", await unlock.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}

/// <summary>Runs the housekeeping job in a test's scope (the same code the scheduler runs).</summary>
internal static class DeskHousekeepingJobProbe
{
    public static Task RunAsync(IServiceProvider services) =>
        services.GetServices<IScheduledJob>().Single(j => j.Name == "desk.housekeeping").RunAsync(services, CancellationToken.None);
}

public sealed class DeskSqliteTests(DeskSqliteApp app) : DeskTests(app), IClassFixture<DeskSqliteApp>;

public sealed class DeskPostgresTests(DeskPostgresApp app) : DeskTests(app), IClassFixture<DeskPostgresApp>;
