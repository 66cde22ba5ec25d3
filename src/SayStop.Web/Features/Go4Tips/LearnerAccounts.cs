using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SayStop.Fsrs;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Email;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// A one-time sign-in link sent by email. Only the SHA-256 of its random token is stored, with the account key
/// (hash of the address) it signs in to; it works once, within <see cref="LearnerAccounts.LinkLifetime"/>.
/// </summary>
public sealed class SignInLink
{
    public Guid Id { get; set; }

    public string TokenHash { get; set; } = string.Empty;

    public string AccountKey { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? UsedAt { get; set; }
}

internal sealed class SignInLinkConfiguration : IEntityTypeConfiguration<SignInLink>
{
    public void Configure(EntityTypeBuilder<SignInLink> b)
    {
        b.ToTable("Go4TipsSignInLinks");
        b.HasKey(l => l.Id);
        b.Property(l => l.TokenHash).HasMaxLength(LearnerAccounts.KeyLength).IsRequired();
        b.Property(l => l.AccountKey).HasMaxLength(LearnerAccounts.KeyLength).IsRequired();
        b.HasIndex(l => l.TokenHash).IsUnique();
        b.HasIndex(l => new { l.AccountKey, l.CreatedAt });
        b.HasIndex(l => l.ExpiresAt);
    }
}

/// <summary>
/// Optional sign-in by an emailed link, so progress follows a learner across devices. No password and no stored
/// address: the account is the learner row whose <see cref="Learner.AccountKey"/> is the hash of the address.
/// Opening a link binds the browser's learner cookie to the account and merges the progress made on that browser
/// (<see cref="MergeAsync"/>).
/// </summary>
public sealed class LearnerAccounts(AppDbContext db, EmailOutbox outbox, Texts texts, TimeProvider clock,
    DeckSchedulers schedulers, ILogger<LearnerAccounts> logger)
{
    public const int KeyLength = 64;

    public const int MaxLinksPerHour = 3;

    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(30);

    /// <summary>The account key of an address: SHA-256 (hex) of the trimmed, lower-cased address.</summary>
    public static string KeyOf(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// Queues a sign-in link to the address unless it already got <see cref="MaxLinksPerHour"/> within the hour.
    /// The caller shows the same answer in every case, so the page tells nobody whether an address is known.
    /// </summary>
    public async Task<bool> SendLinkAsync(string email, string culture, string baseUrl, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var key = KeyOf(email);
        await db.Set<SignInLink>().Where(l => l.ExpiresAt < now.AddDays(-1)).ExecuteDeleteAsync(ct);
        if (await db.Set<SignInLink>().CountAsync(l => l.AccountKey == key && l.CreatedAt > now.AddHours(-1), ct) >= MaxLinksPerHour)
        {
            logger.LogInformation("Go4Tips sign-in link throttled.");
            return false;
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        db.Add(new SignInLink
        {
            Id = Guid.CreateVersion7(),
            TokenHash = HashToken(token),
            AccountKey = key,
            CreatedAt = now,
            ExpiresAt = now + LinkLifetime,
        });
        await db.SaveChangesAsync(ct);
        var body = string.Join("\n\n",
            texts.In(culture, "Go4Tips.SignIn.MailBody"),
            $"{baseUrl.TrimEnd('/')}/{culture}/go4tips/signin?token={token}",
            texts.In(culture, "Go4Tips.SignIn.MailIgnore"));
        await outbox.EnqueueAsync(email, texts.In(culture, "Go4Tips.SignIn.MailSubject"), body, ct);
        return true;
    }

    /// <summary>True when the token is one of ours, unused and not expired (the page then offers to continue).</summary>
    public async Task<bool> IsUsableAsync(string? token, CancellationToken ct)
    {
        if (!LooksLikeToken(token))
        {
            return false;
        }

        var hash = HashToken(token!);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Set<SignInLink>().AnyAsync(l => l.TokenHash == hash && l.UsedAt == null && l.ExpiresAt > now, ct);
    }

    /// <summary>
    /// Uses the link (once: the row is marked used by a conditional update, so two clicks cannot both win) and
    /// returns the learner id this browser must carry from now on, or null when the link is unknown, used or expired.
    /// </summary>
    public async Task<Guid?> SignInAsync(string? token, Guid? currentLearner, CancellationToken ct)
    {
        if (!LooksLikeToken(token))
        {
            return null;
        }

        var hash = HashToken(token!);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var used = await db.Set<SignInLink>().Where(l => l.TokenHash == hash && l.UsedAt == null && l.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), ct);
        if (used != 1)
        {
            return null;
        }

        var key = await db.Set<SignInLink>().Where(l => l.TokenHash == hash).Select(l => l.AccountKey).SingleAsync(ct);
        var account = await db.Set<Learner>().FirstOrDefaultAsync(l => l.AccountKey == key, ct);
        var current = currentLearner is { } id ? await db.Set<Learner>().FirstOrDefaultAsync(l => l.Id == id, ct) : null;
        Guid result;
        if (account is null)
        {
            if (current is null || current.AccountKey is not null)
            {
                // No progress on this browser (or it belongs to another account): a fresh learner becomes the account.
                current = new Learner { Id = Guid.CreateVersion7(), CreatedAt = now };
                db.Add(current);
            }

            current.AccountKey = key;
            await db.SaveChangesAsync(ct);
            result = current.Id;
        }
        else
        {
            if (current is not null && current.Id != account.Id && current.AccountKey is null)
            {
                await MergeAsync(current.Id, account, ct);
            }

            result = account.Id;
        }

        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// Moves a browser's anonymous progress into the account: the review log moves as it is; a card studied only
    /// on the browser keeps its state; a card studied on both sides gets the state SayStop.Fsrs computes by
    /// replaying the merged log in time order at the account's desired retention. Group memberships and a reminder
    /// subscription move when the account has none; the browser's learner row is then deleted.
    /// </summary>
    public async Task MergeAsync(Guid source, Learner target, CancellationToken ct)
    {
        var targetCards = await db.Set<LearnerCard>().Where(c => c.LearnerId == target.Id).Select(c => c.CardId).ToListAsync(ct);
        var sourceCards = await db.Set<LearnerCard>().Where(c => c.LearnerId == source).Select(c => c.CardId).ToListAsync(ct);
        var both = sourceCards.Intersect(targetCards).ToList();

        await db.Set<Review>().Where(r => r.LearnerId == source).ExecuteUpdateAsync(s => s.SetProperty(r => r.LearnerId, target.Id), ct);
        await db.Set<LearnerCard>().Where(c => c.LearnerId == source && !both.Contains(c.CardId))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LearnerId, target.Id), ct);
        await db.Set<LearnerCard>().Where(c => c.LearnerId == source).ExecuteDeleteAsync(ct);

        foreach (var cardId in both)
        {
            // The scheduler a new answer of the account would get for this deck (its fitted parameters or the
            // defaults, see DeckSchedulers), so the merged state is what SayStop.Fsrs gives for the merged log.
            var deckId = await db.Set<LearnerCard>().Where(c => c.LearnerId == target.Id && c.CardId == cardId).Select(c => c.DeckId).SingleAsync(ct);
            var scheduler = (await schedulers.ForAsync(target.Id, deckId, target.DesiredRetention, ct)).Scheduler;
            var history = await db.Set<Review>().AsNoTracking().Where(r => r.LearnerId == target.Id && r.CardId == cardId)
                .OrderBy(r => r.ReviewedAt).ThenBy(r => r.Id).Select(r => new { r.ReviewedAt, r.Rating }).ToListAsync(ct);
            var replay = scheduler.Reschedule(history.Select(r => new ReviewEvent(new DateTimeOffset(r.ReviewedAt, TimeSpan.Zero), r.Rating)));
            var state = await db.Set<LearnerCard>().SingleAsync(c => c.LearnerId == target.Id && c.CardId == cardId, ct);
            state.Apply(replay[^1].Card);
            state.Version = history.Count;
        }

        var targetGroups = await db.Set<GroupMember>().Where(m => m.LearnerId == target.Id).Select(m => m.GroupId).ToListAsync(ct);
        await db.Set<GroupMember>().Where(m => m.LearnerId == source && !targetGroups.Contains(m.GroupId))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LearnerId, target.Id), ct);
        if (!await db.Set<ReminderSubscription>().AnyAsync(r => r.LearnerId == target.Id, ct))
        {
            await db.Set<ReminderSubscription>().Where(r => r.LearnerId == source).ExecuteUpdateAsync(s => s.SetProperty(r => r.LearnerId, target.Id), ct);
        }

        await db.SaveChangesAsync(ct);
        await db.Set<Learner>().Where(l => l.Id == source).ExecuteDeleteAsync(ct);
        logger.LogInformation("Go4Tips learner {Source} merged into an account learner ({Cards} cards replayed).", source, both.Count);
    }

    private static bool LooksLikeToken(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
