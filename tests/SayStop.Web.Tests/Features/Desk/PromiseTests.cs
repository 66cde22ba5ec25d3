using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Desk;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Statistics;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Desk;

/// <summary>
/// Promises of docs/THREAT-MODEL.md that had no test of their own: no blind-index token is made at intake, the
/// statistics row's id is random, no staff name reaches a reporter's page, invitation and setup tokens are stored hashed.
/// </summary>
public abstract class PromiseTests(DeskApp app)
{
    private async Task<(Guid Id, string Receipt)> FileAsync(string marker)
    {
        await using var scope = app.Scope();
        var result = await scope.ServiceProvider.GetRequiredService<ReportIntake>().FileAsync(
            new ReportAnswers(false, "Suspicious", "last night", "TH", "Hotel Lotus " + marker, "I saw " + marker, City: "Pattaya",
                PlaceName: "Hotel Lotus " + marker,
                Suspect: new SuspectDetails("Jean Dupont " + marker, null, null, null, "plate 1AB 234", "flight TG 935", null)),
            null, Guid.NewGuid());
        return (result.ReportId!.Value, result.Receipt!.ToDisplayString());
    }

    [Fact]
    public async Task NoBlindIndexToken_IsComputedAtIntake_OnlyWhereAHandlersKeyIsUnlocked()
    {
        app.Require();
        // A handler exists (so the desk index key exists and the server could compute tokens if it wanted to).
        (await app.SignInAsync(await app.CreateStaffAsync(StaffRoles.CaseHandler))).Dispose();
        var (id, _) = await FileAsync(Guid.NewGuid().ToString("N")[..8]);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(0, await db.Set<ReportIndexToken>().CountAsync(t => t.ReportId == id));
        Assert.Equal(0, await db.Set<Report>().Where(r => r.Id == id).Select(r => r.IndexedVersion).SingleAsync());
    }

    [Fact]
    public async Task TheStatisticsRowOfADeletedReport_HasARandomId_ThatSaysNothingOfTheReport()
    {
        app.Require();
        var (id, _) = await FileAsync("stats");
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var before = await db.Set<ReportStatistic>().Select(s => s.Id).ToListAsync();
        Assert.True(await scope.ServiceProvider.GetRequiredService<ReportDeletion>().DeleteAsync(id, ReportOutcome.DeletedByHandler));
        var row = Assert.Single(await db.Set<ReportStatistic>().AsNoTracking().Where(s => !before.Contains(s.Id)).ToListAsync());
        // Version 4 (random): no timestamp in it, unlike the report's version 7 id; no bytes in common with it either.
        Assert.Equal(4, row.Id.Version);
        Assert.Equal(7, id.Version);
        Assert.NotEqual(id.ToByteArray()[..6], row.Id.ToByteArray()[..6]);
        Assert.Matches("^[0-9]{4}-[0-9]{2}$", row.Month);
    }

    [Fact]
    public async Task NoStaffName_OrEmail_ReachesTheReportersPage()
    {
        app.Require();
        var who = await app.CreateStaffAsync(StaffRoles.CaseHandler);
        var name = "Handlername" + Guid.NewGuid().ToString("N")[..8];
        Guid userId;
        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var user = (await users.FindByEmailAsync(who.Email))!;
            user.DisplayName = name;
            await users.UpdateAsync(user);
            userId = user.Id;
        }

        var handler = await app.SignInAsync(who);
        var (id, receipt) = await FileAsync("names");
        var url = $"/en/desk/report/{id}";
        Assert.Equal(HttpStatusCode.Redirect, (await handler.SubmitAsync(url, new Dictionary<string, string> { ["AssigneeId"] = userId.ToString() }, "#assign-form")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await handler.SubmitAsync(url, new Dictionary<string, string> { ["NewStatus"] = nameof(ReportStatus.BeingAnalysed) }, "#status-form")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await handler.SubmitAsync(url, new Dictionary<string, string> { ["Question"] = "Which evening was it?" }, "#ask-form")).StatusCode);
        Assert.Contains(name, (await handler.GetDocumentAsync(url)).QuerySelector("#case-assignee")!.TextContent, StringComparison.Ordinal);

        foreach (var culture in new[] { "fr", "nl", "en" })
        {
            var response = await app.Client().SubmitAsync($"/{culture}/report/follow-up", new Dictionary<string, string> { ["Receipt"] = receipt, ["go"] = "open" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("Which evening was it?", html, StringComparison.Ordinal);
            Assert.DoesNotContain(name, html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(who.Email, html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(userId.ToString(), html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task InvitationAndSetupTokens_AreStoredOnlyAsTheirSha256()
    {
        app.Require();
        await using var scope = app.Scope();
        var invitations = scope.ServiceProvider.GetRequiredService<StaffInvitations>();
        var token = await invitations.IssueFirstAdministratorTokenAsync();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.Set<StaffInvitation>().AsNoTracking().ToListAsync();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        Assert.Contains(rows, r => r.TokenHash == hash);
        Assert.True(token.Length >= 20);
        foreach (var row in rows)
        {
            Assert.NotEqual(token, row.TokenHash);
            Assert.DoesNotContain(token, System.Text.Json.JsonSerializer.Serialize(row), StringComparison.Ordinal);
        }

        // The setup link still works from the token alone, as the hash of what it carries.
        Assert.NotNull(await invitations.FindValidAsync(token));
        Assert.Contains(Uri.EscapeDataString(token), invitations.SetupLink("en", token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWellFormedRecoveryKey_ThatIsNotTheOrganisations_IsRefused_AtImport_AndGrantsNothing()
    {
        app.Require();
        var who = await app.CreateStaffAsync(StaffRoles.CaseHandler);
        (await app.SignInAsync(who)).Dispose();
        await using var scope = app.Scope();
        var services = scope.ServiceProvider;
        var real = await services.GetRequiredService<SayStop.Web.Features.Reports.Keys.RecipientKeys>().CreateRecoveryKeyAsync();
        await FileAsync("recovery");
        var userId = (await services.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(who.Email))!.Id;
        var db = services.GetRequiredService<AppDbContext>();
        var keyId = await db.Set<SayStop.Web.Features.Reports.Keys.RecipientKey>().Where(k => k.UserId == userId && k.RevokedAt == null).Select(k => k.Id).SingleAsync();
        var sealedBefore = await db.Set<ReportSealedKey>().CountAsync(k => k.RecipientKeyId == keyId);

        // A stranger's key in the same printed format: its checksum is right, so only the public part can refuse it.
        using var stranger = SayStop.Sealing.KeyPair.Create();
        var foreign = SayStop.Sealing.RecoveryKey.Export(stranger);
        Assert.True(SayStop.Sealing.RecoveryKey.TryImport(foreign, out var parsed));
        parsed.Dispose();
        var access = services.GetRequiredService<HandlerAccess>();
        Assert.Null(await access.RestoreWithRecoveryKeyAsync(foreign, userId, Guid.NewGuid(), "test"));
        Assert.Equal(sealedBefore, await db.Set<ReportSealedKey>().CountAsync(k => k.RecipientKeyId == keyId));

        // The organisation's own key is accepted by the same call (the refusal above was the public part's).
        Assert.NotNull(await access.RestoreWithRecoveryKeyAsync(real, userId, Guid.NewGuid(), "test"));
    }
}

public sealed class PromiseSqliteTests(DeskSqliteApp app) : PromiseTests(app), IClassFixture<DeskSqliteApp>;

public sealed class PromisePostgresTests(DeskPostgresApp app) : PromiseTests(app), IClassFixture<DeskPostgresApp>;
