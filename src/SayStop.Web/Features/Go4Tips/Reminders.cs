using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Email;
using SayStop.Web.Infrastructure.Jobs;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// An opt-in reminder: the only personal data Go4Tips holds, given by the learner for this purpose alone and deleted
/// (not flagged) when they unsubscribe.
/// </summary>
public sealed class ReminderSubscription
{
    public const int MaxEmail = 254;
    public const int MaxBaseUrl = 200;

    public Guid LearnerId { get; set; }

    public string Email { get; set; } = string.Empty;

    public string Culture { get; set; } = string.Empty;

    /// <summary>Days between two reminders at most: 1 (daily) or 7 (weekly).</summary>
    public int EveryDays { get; set; }

    /// <summary>The site address the learner subscribed on, for the links when no public URL is configured.</summary>
    public string BaseUrl { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public DateTime? LastSentAt { get; set; }
}

internal sealed class ReminderSubscriptionConfiguration : IEntityTypeConfiguration<ReminderSubscription>
{
    public void Configure(EntityTypeBuilder<ReminderSubscription> b)
    {
        b.ToTable("Go4TipsReminders");
        b.HasKey(r => r.LearnerId);
        b.Property(r => r.Email).HasMaxLength(ReminderSubscription.MaxEmail).IsRequired();
        b.Property(r => r.Culture).HasMaxLength(5).IsRequired();
        b.Property(r => r.BaseUrl).HasMaxLength(ReminderSubscription.MaxBaseUrl).IsRequired();
        b.HasOne<Learner>().WithMany().HasForeignKey(r => r.LearnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The unsubscribe link: the learner id protected for that purpose only, so it works from any device in one click.</summary>
public sealed class UnsubscribeLinks(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Go4Tips.Unsubscribe.v1");

    public string Token(Guid learnerId) => _protector.Protect(learnerId.ToString("N"));

    public Guid? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            return Guid.TryParseExact(_protector.Unprotect(token), "N", out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>
/// Every hour: a reminder to each subscriber who has cards due and got no reminder within their period. Sent through
/// the outbox, so a failing mail server delays a reminder instead of losing it.
/// </summary>
internal sealed class DueCardsReminderJob(TimeProvider clock) : IScheduledJob
{
    public string Name => "go4tips.reminders";

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var texts = services.GetRequiredService<Texts>();
        var links = services.GetRequiredService<UnsubscribeLinks>();
        var outbox = services.GetRequiredService<EmailOutbox>();
        var configured = services.GetRequiredService<IConfiguration>()["Site:PublicBaseUrl"];
        var now = clock.GetUtcNow().UtcDateTime;
        // An hour of slack: a daily reminder sent at 9:00:05 yesterday is due again at 9:00 today.
        var subscribers = await db.Set<ReminderSubscription>()
            .Where(s => db.Set<LearnerCard>().Any(c => c.LearnerId == s.LearnerId && c.Due <= now && !db.Set<Card>().Any(k => k.Id == c.CardId && k.IsHidden)))
            .ToListAsync(ct);
        foreach (var s in subscribers.Where(s => s.LastSentAt is null || s.LastSentAt.Value.AddDays(s.EveryDays).AddHours(-1) <= now))
        {
            var due = await db.Set<LearnerCard>().CountAsync(c => c.LearnerId == s.LearnerId && c.Due <= now && !db.Set<Card>().Any(k => k.Id == c.CardId && k.IsHidden), ct);
            var baseUrl = (string.IsNullOrWhiteSpace(configured) ? s.BaseUrl : configured).TrimEnd('/');
            var body = string.Join("\n\n",
                texts.In(s.Culture, "Go4Tips.Reminder.Body").Replace("{0}", due.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
                $"{baseUrl}/{s.Culture}/go4tips",
                texts.In(s.Culture, "Go4Tips.Reminder.Unsubscribe"),
                $"{baseUrl}/{s.Culture}/go4tips/unsubscribe?token={Uri.EscapeDataString(links.Token(s.LearnerId))}");
            s.LastSentAt = now;
            await db.SaveChangesAsync(ct);
            await outbox.EnqueueAsync(s.Email, texts.In(s.Culture, "Go4Tips.Reminder.Subject").Replace("{0}", due.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), body, ct);
        }
    }
}
