using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Email;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Account;

/// <summary>
/// One-time setup links. The token travels only in the email (or, for the first administrator, on the
/// console); the database keeps its SHA-256, so a database dump cannot be used to take over an account.
/// </summary>
public sealed class StaffInvitations(
    AppDbContext db,
    UserManager<StaffUser> users,
    EmailOutbox outbox,
    AuditLog audit,
    Texts texts,
    TimeProvider clock,
    IServiceProvider services)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    public async Task<bool> HasActiveAdministratorAsync(CancellationToken ct = default)
    {
        var admins = await users.GetUsersInRoleAsync(StaffRoles.Administrator);
        return admins.Any(a => a.ActivatedAt is not null && !a.IsDisabled);
    }

    /// <summary>Replaces any earlier first-administrator link with a new one and returns its token.</summary>
    public async Task<string> IssueFirstAdministratorTokenAsync(CancellationToken ct = default)
    {
        await db.Set<StaffInvitation>().Where(i => i.ForFirstAdministrator && i.UsedAt == null).ExecuteDeleteAsync(ct);
        var (token, hash) = NewToken();
        var now = clock.GetUtcNow().UtcDateTime;
        db.Add(new StaffInvitation
        {
            Id = Guid.CreateVersion7(),
            ForFirstAdministrator = true,
            TokenHash = hash,
            CreatedAt = now,
            ExpiresAt = now.Add(InvitationLifetime),
        });
        await db.SaveChangesAsync(ct);
        return token;
    }

    public async Task<InviteResult> InviteAsync(string inviterEmail, string email, string displayName,
        IReadOnlyCollection<string> roles, string culture, CancellationToken ct = default)
    {
        if (await users.FindByEmailAsync(email) is not null)
        {
            return InviteResult.EmailTaken;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var user = new StaffUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
            PreferredCulture = Cultures.IsSupported(culture) ? culture : Cultures.Default,
            CreatedAt = now,
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            return InviteResult.Invalid;
        }

        foreach (var role in roles.Where(StaffRoles.All.Contains))
        {
            await users.AddToRoleAsync(user, role);
        }

        var (token, hash) = NewToken();
        db.Add(new StaffInvitation
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id,
            TokenHash = hash,
            CreatedAt = now,
            ExpiresAt = now.Add(InvitationLifetime),
        });
        await db.SaveChangesAsync(ct);

        var link = SetupLink(user.PreferredCulture, token);
        var c = user.PreferredCulture;
        await outbox.EnqueueAsync(email,
            texts.In(c, "Email.Invite.Subject"),
            string.Format(Cultures.Specific(c), texts.In(c, "Email.Invite.Body"), displayName, link, InvitationLifetime.Days),
            ct);
        await audit.AppendAsync(inviterEmail, "staff.invited", email, "roles=" + string.Join(',', roles.Order()), ct);
        return InviteResult.Sent;
    }

    public async Task<StaffInvitation?> FindValidAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }

        var hash = Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        var invitation = await db.Set<StaffInvitation>().FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        return invitation is { UsedAt: null } && invitation.ExpiresAt > now ? invitation : null;
    }

    /// <summary>Absolute, on the configured public address: a mail client cannot open a relative link.</summary>
    public string SetupLink(string culture, string token) =>
        $"{Infrastructure.Site.SiteUrls.Base(services)}/{culture}/account/setup?token={token}";

    internal static (string Token, string Hash) NewToken()
    {
        var token = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    internal static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public enum InviteResult
{
    Sent,
    EmailTaken,
    Invalid,
}

/// <summary>
/// On a start with no active administrator, prints a fresh one-time setup link to the console (never to
/// the structured logs, which may be shipped elsewhere). Each start invalidates the previous link.
/// </summary>
internal sealed class FirstAdministratorSetup(
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Tests issue their own links; a second printer would invalidate them.
        if (!configuration.GetValue("Site:PrintFirstAdministratorLink", true))
        {
            return Task.CompletedTask;
        }

        lifetime.ApplicationStarted.Register(() => _ = Task.Run(PrintAsync, CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task PrintAsync()
    {
        using var scope = scopes.CreateScope();
        var invitations = scope.ServiceProvider.GetRequiredService<StaffInvitations>();
        if (await invitations.HasActiveAdministratorAsync())
        {
            return;
        }

        var token = await invitations.IssueFirstAdministratorTokenAsync();
        var link = invitations.SetupLink("en", token);
        Console.WriteLine();
        Console.WriteLine("==================================================================");
        Console.WriteLine(" SayStop has no administrator yet. Open this one-time link to set");
        Console.WriteLine(" up the first administrator (password + authenticator app):");
        Console.WriteLine();
        Console.WriteLine("   " + link);
        Console.WriteLine();
        Console.WriteLine(" The link works once, for 7 days, until the next restart.");
        Console.WriteLine();
        Console.WriteLine(" Setup comes first: the report form stays closed until then, because");
        Console.WriteLine(" the setup makes the recovery key that every report is sealed to.");
        Console.WriteLine("==================================================================");
        Console.WriteLine();
    }
}
