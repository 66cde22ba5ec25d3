using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SayStop.Sealing;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Infrastructure.Audit;

namespace SayStop.Web.Features.Desk;

/// <summary>A case handler and how many reports the granting key opens that theirs does not.</summary>
/// <see cref="MissingIndexKey"/>: the granter has the desk index key (related reports, search) and they do not.
public sealed record HandlerGap(Guid UserId, string DisplayName, Guid KeyId, int Missing, bool MissingIndexKey = false);

/// <summary>
/// Who can open which report. A handler added after reports arrived sees them only once someone who can open them
/// seals each content key (and case key) to the newcomer's public key; a handler who leaves loses every sealed key,
/// so a later database dump plus their old password opens nothing new. The recovery key stays a recipient of
/// every report, so no report is orphaned by a removal.
/// </summary>
public sealed class HandlerAccess(AppDbContext db, DeskIndex index, AuditLog audit, TimeProvider clock, ILogger<HandlerAccess> logger)
{
    private const int Batch = 200;

    /// <summary>The active recipient key of this unlocked pair, or null (revoked, or not a handler key).</summary>
    public Task<Guid?> KeyIdAsync(KeyPair pair, CancellationToken ct = default)
    {
        var publicKey = pair.PublicKey.ToArray();
        return db.Set<RecipientKey>().Where(k => k.PublicKey == publicKey && k.RevokedAt == null).Select(k => (Guid?)k.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>Every other active case-handler key, with how many of the granter's reports it lacks.</summary>
    public async Task<IReadOnlyList<HandlerGap>> GapsAsync(Guid granterKeyId, CancellationToken ct = default)
    {
        var handlers = await db.Set<RecipientKey>()
            .Where(k => k.Kind == RecipientKind.CaseHandler && k.RevokedAt == null && k.Id != granterKeyId && k.UserId != null)
            .Join(db.Set<StaffUser>().Where(u => !u.IsDisabled), k => k.UserId, u => u.Id, (k, u) => new { KeyId = k.Id, UserId = u.Id, u.DisplayName })
            .ToListAsync(ct);
        var result = new List<HandlerGap>(handlers.Count);
        var granterHasIndexKey = await index.HasKeyAsync(granterKeyId, ct);
        foreach (var h in handlers.OrderBy(h => h.DisplayName, StringComparer.CurrentCultureIgnoreCase))
        {
            result.Add(new HandlerGap(h.UserId, h.DisplayName, h.KeyId, await Missing(granterKeyId, h.KeyId).CountAsync(ct),
                granterHasIndexKey && !await index.HasKeyAsync(h.KeyId, ct)));
        }

        return result;
    }

    /// <summary>
    /// Seals to the target key every content key (and case key) the granter's key opens and the target's lacks.
    /// Returns how many reports were granted.
    /// </summary>
    public Task<int> GrantAllAsync(KeyPair granter, Guid granterKeyId, Guid targetKeyId, Guid actorId, string actor, CancellationToken ct = default) =>
        GrantAllAsync(granter, granterKeyId, targetKeyId, actorId, actor, "desk.access.granted", ct);

    private async Task<int> GrantAllAsync(KeyPair granter, Guid granterKeyId, Guid targetKeyId, Guid actorId, string actor, string auditAction, CancellationToken ct)
    {
        var target = await db.Set<RecipientKey>().AsNoTracking()
            .FirstOrDefaultAsync(k => k.Id == targetKeyId && k.RevokedAt == null && k.Kind == RecipientKind.CaseHandler, ct);
        if (target is null || targetKeyId == granterKeyId)
        {
            return 0;
        }

        var targetPublic = RecipientPublicKey.FromBytes(target.PublicKey);
        var granted = 0;
        var skipped = new HashSet<Guid>();
        while (true)
        {
            var batch = await Missing(granterKeyId, targetKeyId).Where(s => !skipped.Contains(s.ReportId))
                .OrderBy(s => s.ReportId).Take(Batch).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }

            var ids = batch.Select(b => b.ReportId).ToList();
            var caseKeys = await db.Set<ReportCaseKey>().AsNoTracking()
                .Where(k => k.RecipientKeyId == granterKeyId && ids.Contains(k.ReportId))
                .ToDictionaryAsync(k => k.ReportId, k => k.SealedKey, ct);
            var targetHasCaseKey = (await db.Set<ReportCaseKey>().Where(k => k.RecipientKeyId == targetKeyId && ids.Contains(k.ReportId))
                .Select(k => k.ReportId).ToListAsync(ct)).ToHashSet();
            foreach (var s in batch)
            {
                try
                {
                    using var content = SealedKey.Open(s.SealedKey, granter, s.ReportId);
                    db.Add(new ReportSealedKey { ReportId = s.ReportId, RecipientKeyId = targetKeyId, SealedKey = SealedKey.Seal(content, targetPublic, s.ReportId) });
                    if (caseKeys.TryGetValue(s.ReportId, out var sealedCase) && !targetHasCaseKey.Contains(s.ReportId))
                    {
                        using var caseKey = SealedKey.Open(sealedCase, granter, s.ReportId);
                        db.Add(new ReportCaseKey { ReportId = s.ReportId, RecipientKeyId = targetKeyId, SealedKey = SealedKey.Seal(caseKey, targetPublic, s.ReportId) });
                    }

                    db.Add(new CaseEvent
                    {
                        Id = Guid.NewGuid(),
                        ReportId = s.ReportId,
                        At = clock.GetUtcNow().UtcDateTime,
                        ActorId = actorId,
                        Kind = CaseEventKind.Granted,
                        Value = target.UserId?.ToString(),
                    });
                    granted++;
                }
                catch (SealingException)
                {
                    skipped.Add(s.ReportId);
                    logger.LogWarning("Report {ReportId}: the granter's sealed key does not open; not granted", s.ReportId);
                }
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        // The desk index key (related reports, search) goes with the reports.
        var indexKeyGranted = await index.GrantAsync(granter, granterKeyId, targetKeyId, ct);
        if (granted > 0 || indexKeyGranted)
        {
            await audit.AppendAsync(actor, auditAction, target.UserId?.ToString() ?? targetKeyId.ToString(),
                indexKeyGranted ? $"reports={granted};indexKey=1" : $"reports={granted}", ct);
        }

        return granted;
    }

    /// <summary>The organisation recovery key that new reports are sealed to, or null before the first setup.</summary>
    public Task<Guid?> CurrentRecoveryKeyIdAsync(CancellationToken ct = default) =>
        db.Set<RecipientKey>().Where(k => k.Kind == RecipientKind.Recovery && k.RevokedAt == null)
            .OrderByDescending(k => k.CreatedAt).Select(k => (Guid?)k.Id).FirstOrDefaultAsync(ct);

    /// <summary>
    /// An administrator types the printed recovery key: every report sealed to it (the current one or a retired
    /// one) is sealed to the handler's current key as well. This is how a handler who lost their password (and so
    /// their old key) gets their reports back once they have a new key, and how the first handler of a site whose
    /// handlers all left gets the old reports. Returns null when the text is not a recovery key of this site.
    /// The text is never stored or logged; the key lives only for this call.
    /// </summary>
    public async Task<int?> RestoreWithRecoveryKeyAsync(string? recoveryText, Guid targetUserId, Guid actorId, string actor, CancellationToken ct = default)
    {
        if (!RecoveryKey.TryImport(recoveryText, out var recovery) || recovery is null)
        {
            return null;
        }

        using (recovery)
        {
            var publicKey = recovery.PublicKey.ToArray();
            var recoveryKeyIds = await db.Set<RecipientKey>().Where(k => k.Kind == RecipientKind.Recovery && k.PublicKey == publicKey)
                .Select(k => k.Id).ToListAsync(ct);
            var target = await db.Set<RecipientKey>().Where(k => k.UserId == targetUserId && k.Kind == RecipientKind.CaseHandler && k.RevokedAt == null)
                .Select(k => (Guid?)k.Id).FirstOrDefaultAsync(ct);
            if (recoveryKeyIds.Count == 0 || target is null)
            {
                return null;
            }

            var total = 0;
            foreach (var id in recoveryKeyIds)
            {
                total += await GrantAllAsync(recovery, id, target.Value, actorId, actor, "desk.access.recovered", ct);
            }

            return total;
        }
    }

    /// <summary>
    /// Takes every report away from a person who is no longer a case handler: their keys are revoked (new reports
    /// are not sealed to them), their sealed keys and case keys deleted, their desk sessions closed.
    /// </summary>
    public async Task<int> RevokeAsync(Guid userId, string actor, CancellationToken ct = default)
    {
        var keyIds = await db.Set<RecipientKey>().Where(k => k.UserId == userId && k.Kind == RecipientKind.CaseHandler && k.RevokedAt == null)
            .Select(k => k.Id).ToListAsync(ct);
        var hasSessions = await db.Set<DeskSession>().AnyAsync(s => s.UserId == userId, ct);
        if (keyIds.Count == 0 && !hasSessions)
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<DeskSession>().Where(s => s.UserId == userId).ExecuteDeleteAsync(ct);
        var removed = await db.Set<ReportSealedKey>().Where(s => keyIds.Contains(s.RecipientKeyId)).ExecuteDeleteAsync(ct);
        await db.Set<ReportCaseKey>().Where(s => keyIds.Contains(s.RecipientKeyId)).ExecuteDeleteAsync(ct);
        await db.Set<DeskIndexKey>().Where(s => keyIds.Contains(s.RecipientKeyId)).ExecuteDeleteAsync(ct);
        await db.Set<RecipientKey>().Where(k => keyIds.Contains(k.Id)).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), ct);
        await tx.CommitAsync(ct);
        if (keyIds.Count > 0)
        {
            await audit.AppendAsync(actor, "desk.access.revoked", userId.ToString(), $"keys={keyIds.Count};sealedKeys={removed}", ct);
        }

        logger.LogInformation("Access of user {UserId} revoked: {Keys} key(s), {SealedKeys} sealed key(s)", userId, keyIds.Count, removed);
        return removed;
    }

    /// <summary>
    /// The safety net behind the staff page's own call: revokes the keys of anyone disabled or no longer in the
    /// case-handler role, however that happened.
    /// </summary>
    public async Task<int> RevokeStaleAsync(CancellationToken ct = default)
    {
        var roleId = await db.Set<IdentityRole<Guid>>().Where(r => r.Name == StaffRoles.CaseHandler).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        var stale = await db.Set<RecipientKey>()
            .Where(k => k.Kind == RecipientKind.CaseHandler && k.RevokedAt == null && k.UserId != null)
            .Where(k => db.Set<StaffUser>().Any(u => u.Id == k.UserId && u.IsDisabled)
                        || !db.Set<IdentityUserRole<Guid>>().Any(ur => ur.UserId == k.UserId && ur.RoleId == roleId))
            .Select(k => k.UserId!.Value)
            .Distinct()
            .ToListAsync(ct);
        foreach (var userId in stale)
        {
            await RevokeAsync(userId, "system", ct);
        }

        return stale.Count;
    }

    /// <summary>The granter's sealed keys for reports the target key cannot open.</summary>
    private IQueryable<ReportSealedKey> Missing(Guid granterKeyId, Guid targetKeyId) =>
        db.Set<ReportSealedKey>().Where(s => s.RecipientKeyId == granterKeyId
            && !db.Set<ReportSealedKey>().Any(t => t.RecipientKeyId == targetKeyId && t.ReportId == s.ReportId));
}
