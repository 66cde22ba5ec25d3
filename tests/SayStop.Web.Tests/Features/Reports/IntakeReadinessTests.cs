using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Sealing;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Reports;

/// <summary>A site as a new NGO first starts it: no administrator set up, so no recovery key.</summary>
public class NotSetUpApp(TestDb db) : SayStopApp(db)
{
    protected override bool WithRecoveryKey => false;

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Reports:ReceiptCost:MemoryKiB", "8");
        builder.UseSetting("Reports:KeyCost:MemoryKiB", "8");
    }
}

public sealed class NotSetUpSqliteApp() : NotSetUpApp(TestDb.Sqlite);

public sealed class NotSetUpPostgresApp() : NotSetUpApp(TestDb.Postgres);

/// <summary>
/// Quality defect 1: a report accepted before the recovery key exists could never be opened by anyone. Until the
/// first administrator's setup makes that key, the form says it is not open (emergency number still shown) and
/// the intake files nothing; right after the setup, the form opens and its reports open with the recovery key.
/// </summary>
public abstract class IntakeReadinessTests(NotSetUpApp app)
{
    private const string FormUrl = "/en/report/form";

    protected NotSetUpApp App { get; } = app;

    [Fact]
    public async Task BeforeTheRecoveryKeyExists_NothingIsAccepted_AndTheFirstSetupOpensTheForm()
    {
        App.Require();
        var visitor = App.Client();
        foreach (var (culture, text) in new[]
                 {
                     ("fr", "n'est pas encore ouvert"),
                     ("nl", "is nog niet open"),
                     ("en", "is not open yet"),
                 })
        {
            var closed = await visitor.GetAsync($"/{culture}/report/form?urgent=yes");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, closed.StatusCode);
            var page = await closed.DocumentAsync();
            Assert.Contains(text, page.QuerySelector("#not-open")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("112", page.QuerySelector(".callout.urgent .big-number")?.TextContent.Trim());
            Assert.Null(page.QuerySelector("input[name=Draft]"));
        }

        // A post (a form opened before, a robot) is refused the same way: no receipt, nothing stored.
        var posted = await visitor.PostAsync(FormUrl, new FormUrlEncodedContent([new("go", "send"), new("step", "Review"), new("Draft", "x")]));
        Assert.True(posted.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadRequest, $"{(int)posted.StatusCode}");
        Assert.Null((await posted.DocumentAsync()).QuerySelector("#receipt"));

        // The intake itself refuses too, whatever page calls it (defence in depth at the send step).
        await using (var scope = App.Scope())
        {
            var intake = scope.ServiceProvider.GetRequiredService<ReportIntake>();
            var refused = await intake.FileAsync(new ReportAnswers(false, "Suspicious", "today", "TH", "Beach", "I saw it"), null, Guid.NewGuid());
            Assert.Equal(IntakeOutcome.NotOpen, refused.Outcome);
            Assert.Null(refused.Receipt);
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Report>().CountAsync());
        }

        // The first administrator's setup makes the recovery key: the form opens at once.
        var recoveryText = await SetUpFirstAdministratorAsync();
        var doc = await visitor.GetDocumentAsync(FormUrl + "?urgent=no");
        Assert.Null(doc.QuerySelector("#not-open"));
        var receipt = await FileAsync(visitor, doc);

        // ... and what it files opens with the recovery key printed at setup.
        Assert.True(Receipt.TryParse(receipt, out var parsed));
        Assert.True(RecoveryKey.TryImport(recoveryText, out var recovery));
        using (recovery)
        {
            await using var scope = App.Scope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var report = await db.Set<Report>().AsNoTracking().SingleAsync(r => r.Locator == parsed.Locator);
            var keyId = await db.Set<RecipientKey>().Where(k => k.Kind == RecipientKind.Recovery && k.RevokedAt == null).Select(k => k.Id).SingleAsync();
            var sealedKey = await db.Set<ReportSealedKey>().Where(k => k.ReportId == report.Id && k.RecipientKeyId == keyId).Select(k => k.SealedKey).SingleAsync();
            using var key = SealedKey.Open(sealedKey, recovery!, report.Id);
            var answers = JsonSerializer.Deserialize<ReportAnswers>(ReportEnvelope.Open(key, report.Id, SealingPurpose.Answers, report.SealedAnswers), ReportIntake.Json)!;
            Assert.Equal("I saw it once the site was set up", answers.WhatHappened);
        }
    }

    private async Task<string> SetUpFirstAdministratorAsync()
    {
        string token;
        await using (var scope = App.Scope())
        {
            token = await scope.ServiceProvider.GetRequiredService<StaffInvitations>().IssueFirstAdministratorTokenAsync();
        }

        var client = App.Client();
        var url = $"/en/account/setup?token={token}";
        var doc = await client.GetDocumentAsync(url);
        var key = doc.QuerySelector("#authenticator-key")!.TextContent.Replace(" ", string.Empty, StringComparison.Ordinal);
        const string password = "purple elephant dances twice";
        var done = await client.SubmitAsync(doc, url, new Dictionary<string, string>
        {
            ["Input.Email"] = $"admin-{Guid.NewGuid():N}@test.example",
            ["Input.DisplayName"] = "First Admin",
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
            ["Input.Code"] = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(key)).ComputeTotp(),
        });
        var text = (await done.DocumentAsync()).QuerySelector("#recovery-key")?.TextContent.Trim();
        Assert.NotNull(text);
        return text;
    }

    private static async Task<string> FileAsync(HttpClient client, AngleSharp.Html.Dom.IHtmlDocument doc)
    {
        foreach (var step in new Dictionary<string, string>[]
                 {
                     new() { ["Input.Country"] = "TH" },
                     new() { ["Input.Kind"] = "Suspicious" },
                     new() { ["Input.When"] = "today" },
                     new() { ["Input.Place"] = "Beach" },
                     new(),
                     new(),
                     new() { ["Input.WhatHappened"] = "I saw it once the site was set up" },
                     new() { ["Input.Contact"] = "anonymous" },
                 })
        {
            step["go"] = "next";
            var response = await client.SubmitAsync(doc, FormUrl, step);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            doc = await response.DocumentAsync();
        }

        var sent = await client.SubmitAsync(doc, FormUrl, new Dictionary<string, string> { ["go"] = "send" });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var receipt = (await sent.DocumentAsync()).QuerySelector("#receipt")?.TextContent.Trim();
        Assert.NotNull(receipt);
        return receipt;
    }
}

public sealed class IntakeReadinessSqliteTests(NotSetUpSqliteApp app) : IntakeReadinessTests(app), IClassFixture<NotSetUpSqliteApp>;

public sealed class IntakeReadinessPostgresTests(NotSetUpPostgresApp app) : IntakeReadinessTests(app), IClassFixture<NotSetUpPostgresApp>;
