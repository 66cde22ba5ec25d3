using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SayStop.Web.Data;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// A pseudonymous learner: a random id and study settings, nothing that names a person. The row is made at the
/// first answer or settings change, so visitors who only look at a card leave nothing behind.
/// </summary>
public sealed class Learner
{
    public const double DefaultRetention = 0.90;
    public const double MinRetention = 0.70;
    public const double MaxRetention = 0.97;
    public const int DefaultNewCardsPerDay = 10;
    public const int MaxNewCardsPerDay = 50;

    public Guid Id { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Probability of recall the scheduler aims for when a card falls due.</summary>
    public double DesiredRetention { get; set; } = DefaultRetention;

    public int NewCardsPerDay { get; set; } = DefaultNewCardsPerDay;

    /// <summary>
    /// Set once the learner signed in by an emailed link: the SHA-256 of the normalised address (hex), so the same
    /// address finds the same progress from another device. The address itself is not kept (LearnerAccounts).
    /// </summary>
    public string? AccountKey { get; set; }
}

internal sealed class LearnerConfiguration : IEntityTypeConfiguration<Learner>
{
    public void Configure(EntityTypeBuilder<Learner> b)
    {
        b.ToTable("Go4TipsLearners");
        b.HasKey(l => l.Id);
        b.Property(l => l.AccountKey).HasMaxLength(LearnerAccounts.KeyLength);
        b.HasIndex(l => l.AccountKey).IsUnique();
    }
}

/// <summary>
/// Reads and writes the learner cookie. Its value is the learner id protected with Data Protection, so a visitor
/// cannot make up an id and read someone else's progress, and the cookie is useless to scripts (HttpOnly).
/// </summary>
public sealed class LearnerProfile(IDataProtectionProvider protection, AppDbContext db, TimeProvider clock)
{
    public const string CookieName = "saystop.learner";

    private readonly IDataProtector _protector = protection.CreateProtector("Go4Tips.Learner.v1");

    /// <summary>The learner id from the request's cookie, or null when there is none or it was tampered with.</summary>
    public Guid? Read(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return Guid.TryParse(_protector.Unprotect(value), out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The learner id from the cookie, or a new one written to a fresh cookie.</summary>
    public Guid ReadOrIssue(HttpContext context)
    {
        if (Read(context) is { } id)
        {
            return id;
        }

        id = Guid.CreateVersion7();
        Bind(context, id);
        return id;
    }

    /// <summary>Makes this browser carry the given learner id from now on (a new learner, or an account after sign-in).</summary>
    public void Bind(HttpContext context, Guid id) =>
        context.Response.Cookies.Append(CookieName, _protector.Protect(id.ToString("D")), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = TimeSpan.FromDays(400),
        });

    /// <summary>Signs this browser out: the cookie goes, the account and its progress stay.</summary>
    public void Forget(HttpContext context) =>
        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", Secure = context.Request.IsHttps, SameSite = SameSiteMode.Lax, HttpOnly = true });

    /// <summary>The learner's settings; defaults when they have not answered anything yet.</summary>
    public async Task<Learner> SettingsAsync(Guid? id, CancellationToken ct) =>
        id is { } learnerId
            ? await db.Set<Learner>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == learnerId, ct) ?? new Learner { Id = learnerId }
            : new Learner();

    /// <summary>The tracked learner row, made on first use.</summary>
    public async Task<Learner> EnsureAsync(Guid id, CancellationToken ct)
    {
        var learner = await db.Set<Learner>().FirstOrDefaultAsync(l => l.Id == id, ct);
        if (learner is null)
        {
            learner = new Learner { Id = id, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.Add(learner);
        }

        return learner;
    }
}
