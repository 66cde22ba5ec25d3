using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Desk;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Desk;

/// <summary>
/// The desk cookie as THREAT-MODEL.md describes it (HttpOnly, SameSite=Strict, Secure over HTTPS, one per culture's
/// desk path, no lifetime of its own), the desk session's 12-hour maximum however active the handler is, and the
/// sealed key's binding to its session row, its person and its key.
/// </summary>
public abstract class DeskCookieTests(DeskApp app)
{
    private async Task<List<string>> DeskCookiesAtSignInAsync(string baseAddress)
    {
        var who = await app.CreateStaffAsync(StaffRoles.CaseHandler);
        using var client = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.SubmitAsync("/en/account/signin", new Dictionary<string, string> { ["Input.Email"] = who.Email, ["Input.Password"] = who.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith(DeskSessions.CookieName + "=", StringComparison.Ordinal)).ToList();
    }

    [Fact]
    public async Task TheDeskCookie_IsHttpOnly_SameSiteStrict_SecureOverHttps_PathScoped_AndHasNoLifetimeOfItsOwn()
    {
        app.Require();
        foreach (var (baseAddress, secure) in new[] { ("https://localhost", true), ("http://localhost", false) })
        {
            var cookies = await DeskCookiesAtSignInAsync(baseAddress);
            Assert.Equal(["/en/desk", "/fr/desk", "/nl/desk"], cookies.Select(c => c.Split(';').Select(p => p.Trim()).Single(p => p.StartsWith("path=", StringComparison.OrdinalIgnoreCase))[5..]).Order());
            foreach (var cookie in cookies)
            {
                var attributes = cookie.Split(';').Skip(1).Select(p => p.Trim().ToLowerInvariant()).ToList();
                Assert.Contains("httponly", attributes);
                Assert.Contains("samesite=strict", attributes);
                Assert.Equal(secure, attributes.Contains("secure"));
                Assert.DoesNotContain(attributes, a => a.StartsWith("expires=", StringComparison.Ordinal) || a.StartsWith("max-age=", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task AnActiveDeskSession_EndsAfter12Hours_HoweverBusyTheHandler()
    {
        app.Require();
        var who = await app.CreateStaffAsync(StaffRoles.CaseHandler);
        var client = await app.SignInAsync(who);
        var userId = await UserIdAsync(who.Email);
        var opened = app.Clock.GetUtcNow().UtcDateTime;
        static bool SaysLocked(AngleSharp.Html.Dom.IHtmlDocument inbox) => inbox.QuerySelector("a[href^='/en/desk/unlock']") is not null;

        // Busy all day: a page every 25 minutes (within the 30-minute idle limit) for 11 hours 40.
        for (var step = 1; step <= 28; step++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(25));
            Assert.False(SaysLocked(await client.GetDocumentAsync("/en/desk")), $"locked after {step * 25} minutes");
            var session = await SessionAsync(userId);
            Assert.True(session.ExpiresAt <= session.CreatedAt.AddHours(12), $"expires {session.ExpiresAt:O}, opened {session.CreatedAt:O}");
        }

        app.Clock.Advance(TimeSpan.FromMinutes(25)); // 12 hours 5 minutes after the unlock
        Assert.True(app.Clock.GetUtcNow().UtcDateTime > opened.AddHours(12));
        Assert.True(SaysLocked(await client.GetDocumentAsync("/en/desk")));
    }

    [Fact]
    public void TheSealedKey_OpensOnlyInItsOwnRow_ForItsPerson_AndItsKey()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var privateKey = RandomNumberGenerator.GetBytes(32);
        var row = new DeskSession { Id = Guid.NewGuid(), UserId = Guid.NewGuid(), RecipientKeyId = Guid.NewGuid() };
        row.SealedPrivateKey = DeskSessions.Seal(secret, row.Id, row.UserId, row.RecipientKeyId, privateKey);

        Assert.Equal(privateKey, DeskSessions.Open(secret, row));
        Assert.Null(DeskSessions.Open(secret, new DeskSession { Id = Guid.NewGuid(), UserId = row.UserId, RecipientKeyId = row.RecipientKeyId, SealedPrivateKey = row.SealedPrivateKey }));
        Assert.Null(DeskSessions.Open(secret, new DeskSession { Id = row.Id, UserId = Guid.NewGuid(), RecipientKeyId = row.RecipientKeyId, SealedPrivateKey = row.SealedPrivateKey }));
        Assert.Null(DeskSessions.Open(secret, new DeskSession { Id = row.Id, UserId = row.UserId, RecipientKeyId = Guid.NewGuid(), SealedPrivateKey = row.SealedPrivateKey }));
        Assert.Null(DeskSessions.Open(RandomNumberGenerator.GetBytes(32), row));
    }

    [Fact]
    public async Task ADeskSessionRowPointedAtAnotherKey_OrCarryingAnotherRowsSealedKey_NoLongerUnlocks()
    {
        app.Require();
        (await app.SignInAsync(await app.CreateStaffAsync(StaffRoles.CaseHandler))).Dispose(); // someone else's key
        var who = await app.CreateStaffAsync(StaffRoles.CaseHandler);
        var first = await app.SignInAsync(who);
        var second = await app.SignInAsync(who);
        var userId = await UserIdAsync(who.Email);
        static bool SaysLocked(AngleSharp.Html.Dom.IHtmlDocument inbox) => inbox.QuerySelector("a[href^='/en/desk/unlock']") is not null;
        Assert.False(SaysLocked(await first.GetDocumentAsync("/en/desk")));
        Assert.False(SaysLocked(await second.GetDocumentAsync("/en/desk")));

        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var rows = await db.Set<DeskSession>().Where(s => s.UserId == userId).OrderBy(s => s.CreatedAt).ToListAsync();
            Assert.Equal(2, rows.Count);
            // Another (real) key id on one row; the other row's sealed key swapped into the second row.
            var otherKey = await db.Set<RecipientKey>().Where(k => k.UserId != userId).Select(k => k.Id).FirstAsync();
            rows[0].RecipientKeyId = otherKey;
            rows[1].SealedPrivateKey = rows[0].SealedPrivateKey;
            await db.SaveChangesAsync();
        }

        Assert.True(SaysLocked(await first.GetDocumentAsync("/en/desk")));
        Assert.True(SaysLocked(await second.GetDocumentAsync("/en/desk")));
    }

    private async Task<Guid> UserIdAsync(string email)
    {
        await using var scope = app.Scope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(email))!.Id;
    }

    private async Task<DeskSession> SessionAsync(Guid userId)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<DeskSession>().AsNoTracking().SingleAsync(s => s.UserId == userId);
    }
}

public sealed class DeskCookieSqliteTests(DeskSqliteApp app) : DeskCookieTests(app), IClassFixture<DeskSqliteApp>;

public sealed class DeskCookiePostgresTests(DeskPostgresApp app) : DeskCookieTests(app), IClassFixture<DeskPostgresApp>;
