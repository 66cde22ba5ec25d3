using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SayStop.Sealing;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;

namespace SayStop.Web.Features.Reports.Keys;

/// <summary>
/// The keys reports are sealed to: the organisation recovery key (made once at the first administrator's
/// setup, its private part shown once and never stored) and one key pair per case handler, whose private
/// part is protected under the handler's password. Callers own the transaction.
/// </summary>
public sealed class RecipientKeys(AppDbContext db, UserManager<StaffUser> users, Argon2Gate gate, ReportsOptions options, TimeProvider clock)
{
    /// <summary>Makes a new recovery key, retires any earlier one, and returns the private part as printable text.</summary>
    public async Task<string> CreateRecoveryKeyAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        using var pair = KeyPair.Create();
        var id = Guid.CreateVersion7();
        db.Add(new RecipientKey
        {
            Id = id,
            Kind = RecipientKind.Recovery,
            PublicKey = pair.PublicKey.ToArray(),
            CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        // The new key first, then the old one retired: a report sent in between is never refused for want of a
        // recovery key (IntakeReadiness). Reports sealed to an earlier key stay readable with its printed text.
        await db.Set<RecipientKey>().Where(k => k.Kind == RecipientKind.Recovery && k.RevokedAt == null && k.Id != id)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), ct);
        return RecoveryKey.Export(pair);
    }

    /// <summary>
    /// Gives a case handler a key pair protected under <paramref name="password"/> when they have none yet, and moves
    /// a private key protected at another Argon2id cost than the current one to the current cost (docs/SEALING.md §6).
    /// Called where the password is known: account activation, a password change and the password step of sign-in.
    /// True when a key pair was made.
    /// </summary>
    public async Task<bool> EnsureCaseHandlerKeyAsync(StaffUser user, string password, CancellationToken ct = default)
    {
        if (!await users.IsInRoleAsync(user, StaffRoles.CaseHandler))
        {
            return false;
        }

        var existing = await db.Set<RecipientKey>().Where(k => k.UserId == user.Id && k.RevokedAt == null)
            .Select(k => new { k.Id, k.ProtectedPrivateKey }).FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            await RaiseCostAsync(existing.Id, existing.ProtectedPrivateKey, password, ct);
            return false;
        }

        using var pair = KeyPair.Create();
        var protectedKey = await gate.RunAsync(() => ProtectedPrivateKey.Protect(pair, password, options.KeyCost), ct);
        db.Add(new RecipientKey
        {
            Id = Guid.CreateVersion7(),
            Kind = RecipientKind.CaseHandler,
            UserId = user.Id,
            PublicKey = pair.PublicKey.ToArray(),
            ProtectedPrivateKey = protectedKey,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Re-encrypts a private key stored at an older cost under the same password at the current cost. The password is
    /// known only at sign-in or a password change, so that is when a raised cost reaches existing keys.
    /// </summary>
    private async Task RaiseCostAsync(Guid keyId, byte[]? stored, string password, CancellationToken ct)
    {
        if (stored is null || ProtectedPrivateKey.GetCost(stored) == options.KeyCost)
        {
            return;
        }

        var rewrapped = await gate.RunAsync(() => ProtectedPrivateKey.TryRewrap(stored, password, password, options.KeyCost, out var b) ? b : null, ct);
        if (rewrapped is null)
        {
            return;
        }

        // Compare-and-set: two sign-ins at once leave one valid blob, never a lost one.
        await db.Set<RecipientKey>()
            .Where(k => k.Id == keyId && k.ProtectedPrivateKey == stored)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.ProtectedPrivateKey, rewrapped), ct);
    }

    /// <summary>Re-encrypts the handler's private key under the new password. False when the old one does not open it.</summary>
    public async Task<bool> RewrapAsync(Guid userId, string oldPassword, string newPassword, CancellationToken ct = default)
    {
        var key = await db.Set<RecipientKey>().FirstOrDefaultAsync(k => k.UserId == userId && k.RevokedAt == null, ct);
        if (key?.ProtectedPrivateKey is null)
        {
            return true;
        }

        var blob = key.ProtectedPrivateKey;
        var (ok, rewrapped) = await gate.RunAsync(() =>
        {
            var done = ProtectedPrivateKey.TryRewrap(blob, oldPassword, newPassword, options.KeyCost, out var b);
            return (done, b);
        }, ct);
        if (!ok || rewrapped is null)
        {
            return false;
        }

        key.ProtectedPrivateKey = rewrapped;
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Unlocks a case handler's key pair with their password (for the desk, and for tests until it exists).</summary>
    public async Task<KeyPair?> UnlockAsync(Guid userId, string password, CancellationToken ct = default)
    {
        var blob = await db.Set<RecipientKey>().Where(k => k.UserId == userId && k.RevokedAt == null)
            .Select(k => k.ProtectedPrivateKey).FirstOrDefaultAsync(ct);
        if (blob is null)
        {
            return null;
        }

        return await gate.RunAsync(() => ProtectedPrivateKey.TryUnlock(blob, password, out var pair) ? pair : null, ct);
    }
}
