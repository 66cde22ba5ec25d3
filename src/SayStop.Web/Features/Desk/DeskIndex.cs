using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SayStop.Sealing;
using SayStop.Web.Data;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Reports.Keys;

namespace SayStop.Web.Features.Desk;

/// <summary>
/// The desk index key (one random 32-byte key for the whole desk) sealed to one recipient key: every case handler
/// who has it and the recovery key. Sealed with <see cref="SealedKey"/> bound to <see cref="DeskIndex.KeyId"/> in the
/// place of a report id, so the blob opens as nothing else.
/// </summary>
public sealed class DeskIndexKey
{
    public Guid KeyId { get; set; }

    public Guid RecipientKeyId { get; set; }

    /// <summary>SealedKey blob (98 bytes).</summary>
    public byte[] SealedKey { get; set; } = [];

    public DateTime CreatedAt { get; set; }
}

/// <summary>One blind-index token of a report: HMAC of one normalised detail under the desk index key. No detail in clear.</summary>
public sealed class ReportIndexToken
{
    public Guid ReportId { get; set; }

    public IndexKind Kind { get; set; }

    /// <summary><see cref="BlindIndex.TokenSize"/> bytes.</summary>
    public byte[] Token { get; set; } = [];
}

internal sealed class DeskIndexKeyConfiguration : IEntityTypeConfiguration<DeskIndexKey>
{
    public void Configure(EntityTypeBuilder<DeskIndexKey> b)
    {
        b.ToTable("DeskIndexKeys");
        b.HasKey(k => new { k.KeyId, k.RecipientKeyId });
        b.Property(k => k.SealedKey).IsRequired();
        b.HasIndex(k => k.RecipientKeyId);
        b.HasOne<RecipientKey>().WithMany().HasForeignKey(k => k.RecipientKeyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReportIndexTokenConfiguration : IEntityTypeConfiguration<ReportIndexToken>
{
    public void Configure(EntityTypeBuilder<ReportIndexToken> b)
    {
        b.ToTable("ReportIndexTokens");
        b.HasKey(t => new { t.ReportId, t.Kind, t.Token });
        b.Property(t => t.Token).HasMaxLength(BlindIndex.TokenSize).IsRequired();
        b.HasIndex(t => new { t.Token, t.ReportId }).HasDatabaseName("IX_ReportIndexTokens_Token");
        b.HasOne<Report>().WithMany().HasForeignKey(t => t.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A related report: clear columns only, and which kinds of detail it shares with the one open.</summary>
public sealed record RelatedReport(Guid Id, string Reference, DateOnly ReceivedOn, string Country, string Kind, ReportStatus Status,
    IReadOnlyList<IndexKind> Matches);

/// <summary>
/// Keyed blind indexes that let the desk link reports sharing a place, a suspect's name, a plate, a flight or a
/// close date, and search them, without storing any of those details in clear. The tokens are HMACs under one
/// desk index key that only case handlers' unlocked keys (and the offline recovery key) open, so a stolen database
/// plus the server's files cannot test guesses. The intake has no handler key, so a report is indexed when a
/// handler with an unlocked key first opens it, or a bounded batch at a time when such a handler looks at the inbox:
/// a report is linked and findable once indexed (docs/ARCHITECTURE.md, Desk; docs/SEALING.md section 8).
/// </summary>
public sealed class DeskIndex(AppDbContext db, TimeProvider clock, ILogger<DeskIndex> logger)
{
    /// <summary>The id the desk index key is sealed under (in the place of a report id). Not a version 7 id, so no report has it.</summary>
    public static readonly Guid KeyId = new("5a1d5700-b11d-8000-8000-000000000001");

    /// <summary>Bump when <see cref="IndexTerms"/> changes what it extracts: older reports are then indexed again.</summary>
    public const int Version = 1;

    /// <summary>The most related reports shown; strong matches (not only a close date) come first.</summary>
    public const int MaxRelated = 30;

    private const int MaxSearchMatches = 500;

    /// <summary>
    /// Opens the desk index key with the handler's key. When no index key exists yet, makes one and seals it to
    /// every active case-handler key and the recovery key. Null when it exists but was never sealed to this handler
    /// (a newcomer not granted yet) or the pair is not an active handler key.
    /// </summary>
    public async Task<ContentKey?> OpenKeyAsync(KeyPair handler, CancellationToken ct = default)
    {
        var myKeyId = await MyKeyIdAsync(handler, ct);
        if (myKeyId is null)
        {
            return null;
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var mine = await db.Set<DeskIndexKey>().AsNoTracking()
                .Where(k => k.KeyId == KeyId && k.RecipientKeyId == myKeyId).Select(k => k.SealedKey).FirstOrDefaultAsync(ct);
            if (mine is not null)
            {
                return TryOpen(mine, handler);
            }

            if (await db.Set<DeskIndexKey>().AnyAsync(k => k.KeyId == KeyId, ct))
            {
                return null;
            }

            var recipients = await db.Set<RecipientKey>().AsNoTracking()
                .Where(k => k.RevokedAt == null && (k.Kind == RecipientKind.CaseHandler || k.Kind == RecipientKind.Recovery))
                .Select(k => new { k.Id, k.PublicKey }).ToListAsync(ct);
            var key = ContentKey.Create();
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var r in recipients)
            {
                db.Add(new DeskIndexKey { KeyId = KeyId, RecipientKeyId = r.Id, SealedKey = SealedKey.Seal(key, RecipientPublicKey.FromBytes(r.PublicKey), KeyId), CreatedAt = now });
            }

            try
            {
                await db.SaveChangesAsync(ct);
                logger.LogInformation("Desk index key made and sealed to {Recipients} key(s)", recipients.Count);
                return key;
            }
            catch (DbUpdateException)
            {
                // Another handler made it at the same moment: use theirs.
                key.Dispose();
                db.ChangeTracker.Clear();
            }
        }

        return null;
    }

    /// <summary>Whether this recipient key has the index key.</summary>
    public Task<bool> HasKeyAsync(Guid recipientKeyId, CancellationToken ct = default) =>
        db.Set<DeskIndexKey>().AnyAsync(k => k.KeyId == KeyId && k.RecipientKeyId == recipientKeyId, ct);

    /// <summary>
    /// Seals the index key to <paramref name="targetKeyId"/> when the granter has it and the target does not (with a
    /// grant of reports, or a recovery). True when it was sealed now.
    /// </summary>
    public async Task<bool> GrantAsync(KeyPair granter, Guid granterKeyId, Guid targetKeyId, CancellationToken ct = default)
    {
        var sealedForGranter = await db.Set<DeskIndexKey>().AsNoTracking()
            .Where(k => k.KeyId == KeyId && k.RecipientKeyId == granterKeyId).Select(k => k.SealedKey).FirstOrDefaultAsync(ct);
        if (sealedForGranter is null || await HasKeyAsync(targetKeyId, ct))
        {
            return false;
        }

        var target = await db.Set<RecipientKey>().AsNoTracking().Where(k => k.Id == targetKeyId && k.RevokedAt == null).Select(k => k.PublicKey).FirstOrDefaultAsync(ct);
        using var key = target is null ? null : TryOpen(sealedForGranter, granter);
        if (key is null || target is null)
        {
            return false;
        }

        db.Add(new DeskIndexKey { KeyId = KeyId, RecipientKeyId = targetKeyId, SealedKey = SealedKey.Seal(key, RecipientPublicKey.FromBytes(target), KeyId), CreatedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>
    /// The reports sealed to this recipient key (a handler's) that are not indexed yet (or were by an older
    /// <see cref="Version"/>), as a query: the inbox asks whether there are any inside its page query, so the usual
    /// answer (none) costs no round trip of its own, and no key pair is needed to ask.
    /// </summary>
    public IQueryable<Report> PendingFor(Guid recipientKeyId)
    {
        var mine = db.Set<ReportSealedKey>().Where(s => s.RecipientKeyId == recipientKeyId);
        return db.Set<Report>().AsNoTracking().Where(r => r.IndexedVersion < Version && mine.Any(s => s.ReportId == r.Id));
    }

    private IQueryable<ReportSealedKey> MySealedKeys(byte[] publicKey) =>
        db.Set<ReportSealedKey>().Where(s => db.Set<RecipientKey>()
            .Any(k => k.Id == s.RecipientKeyId && k.PublicKey == publicKey && k.RevokedAt == null && k.Kind == RecipientKind.CaseHandler));

    /// <summary>
    /// Indexes up to <paramref name="batch"/> of <see cref="PendingFor"/>. Cheap when there is nothing to do: one
    /// indexed query (the handler's key is found inside it), no key opened.
    /// </summary>
    public async Task<int> IndexPendingAsync(KeyPair handler, int batch, CancellationToken ct = default)
    {
        if (batch <= 0)
        {
            return 0;
        }

        var pending = await db.Set<Report>().AsNoTracking()
            .Where(r => r.IndexedVersion < Version)
            .Join(MySealedKeys(handler.PublicKey.ToArray()), r => r.Id, s => s.ReportId, (r, s) => new { r.Id, r.SealedAnswers, s.SealedKey })
            .Take(batch)
            .ToListAsync(ct);
        if (pending.Count == 0)
        {
            return 0;
        }

        using var indexKey = await OpenKeyAsync(handler, ct);
        if (indexKey is null)
        {
            return 0;
        }

        // One transaction for the batch (one commit, not one per report). A report that does not open is marked
        // indexed with no token, so a damaged row is not retried at every view.
        var batchAnswers = pending.Select(p => (p.Id, ReadAnswers(p.Id, p.SealedKey, p.SealedAnswers, handler))).ToList();
        var done = await StoreAsync(indexKey, batchAnswers, ct) ? batchAnswers.Count : 0;
        if (done > 0)
        {
            logger.LogInformation("{Count} report(s) added to the desk index", done);
        }

        return done;
    }

    /// <summary>
    /// For the report page: indexes the report if it is not yet, then finds the reports this handler can open that
    /// share a detail with it: equal tokens for place, name, plate and flight; for the date, any of the seven day
    /// tokens around the facts' day. Strong matches first, then the closest dates; at most <see cref="MaxRelated"/>.
    /// Null when the handler has no index key (not granted yet).
    /// </summary>
    public async Task<IReadOnlyList<RelatedReport>?> ForReportAsync(Guid reportId, KeyPair handler, CancellationToken ct = default)
    {
        var myKeyId = await MyKeyIdAsync(handler, ct);
        using var indexKey = myKeyId is null ? null : await OpenKeyAsync(handler, ct);
        if (indexKey is null || myKeyId is null)
        {
            return null;
        }

        var row = await db.Set<Report>().AsNoTracking().Where(r => r.Id == reportId)
            .Join(db.Set<ReportSealedKey>().Where(s => s.RecipientKeyId == myKeyId), r => r.Id, s => s.ReportId,
                (r, s) => new { r.SealedAnswers, r.IndexedVersion, s.SealedKey })
            .FirstOrDefaultAsync(ct);
        if (row is null || ReadAnswers(reportId, row.SealedKey, row.SealedAnswers, handler) is not { } answers)
        {
            return [];
        }

        if (row.IndexedVersion < Version)
        {
            await StoreAsync(indexKey, [(reportId, answers)], ct);
        }

        var matches = new Dictionary<Guid, (HashSet<IndexKind> Kinds, int DayDistance)>();
        foreach (var (kind, token) in Tokens(indexKey, answers).Where(t => t.Kind is not (IndexKind.PlaceName or IndexKind.Day)))
        {
            foreach (var id in await MatchingAsync(token, reportId, myKeyId.Value, ct))
            {
                Note(matches, id, kind, int.MaxValue);
            }
        }

        if (answers.OnDate is { } day)
        {
            for (var d = -IndexTerms.CloseDays; d <= IndexTerms.CloseDays; d++)
            {
                var token = BlindIndex.Token(indexKey, nameof(IndexKind.Day), IndexTerms.Day(day.AddDays(d)));
                foreach (var id in await MatchingAsync(token, reportId, myKeyId.Value, ct))
                {
                    Note(matches, id, IndexKind.Day, Math.Abs(d));
                }
            }
        }

        var chosen = matches
            .OrderByDescending(m => m.Value.Kinds.Count(k => k != IndexKind.Day))
            .ThenBy(m => m.Value.DayDistance)
            .ThenBy(m => m.Key)
            .Take(MaxRelated)
            .ToList();
        var ids = chosen.Select(m => m.Key).ToList();
        var rows = await db.Set<Report>().AsNoTracking().Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.Reference, r.ReceivedOn, r.Country, r.Kind, r.Status }).ToDictionaryAsync(r => r.Id, ct);
        return chosen.Where(m => rows.ContainsKey(m.Key)).Select(m =>
        {
            var r = rows[m.Key];
            return new RelatedReport(r.Id, r.Reference.Length == 0 ? CaseReference.For(r.Id) : r.Reference, r.ReceivedOn, r.Country, r.Kind, r.Status, m.Value.Kinds.Order().ToList());
        }).ToList();
    }

    /// <summary>
    /// The reports this handler can open that have one of the tokens of a typed search term (a name, a place's
    /// name, a plate, a flight). Null when the handler has no index key.
    /// </summary>
    public async Task<IReadOnlyCollection<Guid>?> SearchAsync(string term, KeyPair handler, CancellationToken ct = default)
    {
        var myKeyId = await MyKeyIdAsync(handler, ct);
        using var indexKey = myKeyId is null ? null : await OpenKeyAsync(handler, ct);
        if (indexKey is null || myKeyId is null)
        {
            return null;
        }

        var found = new HashSet<Guid>();
        foreach (var (kind, value) in IndexTerms.FromSearch(term))
        {
            foreach (var id in await MatchingAsync(BlindIndex.Token(indexKey, kind.ToString(), value), Guid.Empty, myKeyId.Value, ct))
            {
                found.Add(id);
            }
        }

        return found;
    }

    private static void Note(Dictionary<Guid, (HashSet<IndexKind> Kinds, int DayDistance)> matches, Guid id, IndexKind kind, int dayDistance)
    {
        if (!matches.TryGetValue(id, out var m))
        {
            m = ([], int.MaxValue);
        }

        m.Kinds.Add(kind);
        matches[id] = (m.Kinds, Math.Min(m.DayDistance, dayDistance));
    }

    /// <summary>One indexed lookup by token (IX_ReportIndexTokens_Token), limited to reports sealed to this key.</summary>
    private Task<List<Guid>> MatchingAsync(byte[] token, Guid except, Guid myKeyId, CancellationToken ct) =>
        db.Set<ReportIndexToken>().AsNoTracking()
            .Where(t => t.Token == token && t.ReportId != except)
            .Where(t => db.Set<ReportSealedKey>().Any(s => s.ReportId == t.ReportId && s.RecipientKeyId == myKeyId))
            .Select(t => t.ReportId).Distinct().Take(MaxSearchMatches).ToListAsync(ct);

    private ReportAnswers? ReadAnswers(Guid reportId, byte[] sealedKey, byte[] sealedAnswers, KeyPair handler)
    {
        try
        {
            using var content = SealedKey.Open(sealedKey, handler, reportId);
            return JsonSerializer.Deserialize<ReportAnswers>(ReportEnvelope.Open(content, reportId, SealingPurpose.Answers, sealedAnswers), ReportIntake.Json);
        }
        catch (Exception ex) when (ex is SealingException or JsonException)
        {
            logger.LogWarning("Report {ReportId} does not open for indexing", reportId);
            return null;
        }
    }

    /// <summary>
    /// Replaces the reports' tokens and marks them indexed, in one transaction; false (nothing written) when another
    /// node indexed one of them at the same moment: the next view tries again.
    /// </summary>
    private async Task<bool> StoreAsync(ContentKey indexKey, IReadOnlyList<(Guid Id, ReportAnswers? Answers)> reports, CancellationToken ct)
    {
        var ids = reports.Select(r => r.Id).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.Set<ReportIndexToken>().Where(t => ids.Contains(t.ReportId)).ExecuteDeleteAsync(ct);
            foreach (var (id, answers) in reports)
            {
                foreach (var (kind, token) in answers is null ? [] : Tokens(indexKey, answers))
                {
                    db.Add(new ReportIndexToken { ReportId = id, Kind = kind, Token = token });
                }
            }

            await db.SaveChangesAsync(ct);
            await db.Set<Report>().Where(r => ids.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.IndexedVersion, Version), ct);
            await tx.CommitAsync(ct);
            return true;
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            // Two desks indexing the same batch at once: a duplicate, a PostgreSQL deadlock or a busy SQLite. The
            // other one does the work; indexing is best effort and must never fail the page that asked for it.
            logger.LogInformation("Desk index batch of {Count} report(s) left to a concurrent request", ids.Count);
            await tx.RollbackAsync(CancellationToken.None);
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    internal static IReadOnlyList<(IndexKind Kind, byte[] Token)> Tokens(ContentKey indexKey, ReportAnswers answers) =>
        IndexTerms.FromAnswers(answers).Select(t => (t.Kind, BlindIndex.Token(indexKey, t.Kind.ToString(), t.Value))).ToList();

    private Task<Guid?> MyKeyIdAsync(KeyPair handler, CancellationToken ct)
    {
        var publicKey = handler.PublicKey.ToArray();
        return db.Set<RecipientKey>().Where(k => k.PublicKey == publicKey && k.RevokedAt == null && k.Kind == RecipientKind.CaseHandler)
            .Select(k => (Guid?)k.Id).FirstOrDefaultAsync(ct);
    }

    private ContentKey? TryOpen(byte[] sealedKey, KeyPair handler)
    {
        try
        {
            return SealedKey.Open(sealedKey, handler, KeyId);
        }
        catch (SealingException)
        {
            logger.LogWarning("The desk index key does not open with a handler's key");
            return null;
        }
    }
}
