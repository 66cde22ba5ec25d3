using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;

namespace SayStop.Web.Infrastructure.Audit;

/// <summary>
/// Appends to and verifies the audit chain. Each entry is authenticated with HMAC-SHA256 under the audit key
/// (<see cref="AuditKeyRing"/>, never in the database) over its fields and the previous entry's MAC.
/// Appends are serialised, so no writer ever loses a race for a sequence number (a failed INSERT would be logged
/// as an error by EF Core itself): one at a time per process, and across processes by the database: on SQLite
/// the append runs in a <c>BEGIN IMMEDIATE</c> transaction (the single write lock is taken before the head is
/// read), on PostgreSQL it takes a transaction-scoped advisory lock, released at commit, so no state stays on
/// the pooled connection.
/// </summary>
public sealed class AuditLog(IServiceScopeFactory scopes, AuditKeyRing keys, TimeProvider clock) : IDisposable
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The advisory lock that orders appends on PostgreSQL ("SayStopA" in ASCII).</summary>
    private const long AppendLockKey = 0x53617953746F7041;

    private readonly SemaphoreSlim _append = new(1, 1);

    public AuditKeyRing Keys => keys;

    /// <summary>Writes one entry in its own unit of work, so a failed page action still leaves its trace.</summary>
    public async Task AppendAsync(string actor, string action, string target, string details = "",
        CancellationToken cancellationToken = default)
    {
        await _append.WaitAsync(cancellationToken);
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var postgres = db.Database.IsNpgsql();
            // On SQLite a serializable transaction begins with BEGIN IMMEDIATE: the write lock is held before the head is read.
            await using var tx = postgres
                ? await db.Database.BeginTransactionAsync(cancellationToken)
                : await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
            if (postgres)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AppendLockKey})", cancellationToken);
            }

            var last = await db.Set<AuditEntry>().AsNoTracking()
                .OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash })
                .FirstOrDefaultAsync(cancellationToken);
            var entry = new AuditEntry
            {
                Sequence = (last?.Sequence ?? 0) + 1,
                // Whole milliseconds: PostgreSQL keeps microseconds, SQLite keeps ticks; both give back exactly this.
                At = TruncateToMilliseconds(clock.GetUtcNow().UtcDateTime),
                Actor = Truncate(actor, 256),
                Action = Truncate(action, 64),
                Target = Truncate(target, 256),
                Details = Truncate(details, 2000),
                KeyId = keys.CurrentKeyId,
                PreviousHash = last?.Hash ?? Genesis,
            };
            entry.Hash = ComputeHash(entry)!;
            db.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        finally
        {
            _append.Release();
        }
    }

    public void Dispose() => _append.Dispose();

    /// <summary>
    /// Recomputes every MAC and link, up to <paramref name="upTo"/> when given. Returns the first broken sequence
    /// number, or intact. Says nothing about entries deleted from the end: only a checkpoint kept outside shows that.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(AppDbContext db, long? upTo = null, CancellationToken cancellationToken = default)
    {
        var expectedPrevious = Genesis;
        long expectedSequence = 1;
        long count = 0;
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (upTo is { } last)
        {
            query = query.Where(e => e.Sequence <= last);
        }

        await foreach (var e in query.OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            if (e.Sequence != expectedSequence)
            {
                return new AuditVerification(false, count - 1, expectedSequence, "missing");
            }

            if (!string.Equals(e.PreviousHash, expectedPrevious, StringComparison.Ordinal))
            {
                return new AuditVerification(false, count - 1, e.Sequence, "link");
            }

            var mac = ComputeHash(e);
            if (mac is null)
            {
                return new AuditVerification(false, count - 1, e.Sequence, "key");
            }

            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(mac), Encoding.ASCII.GetBytes(e.Hash)))
            {
                return new AuditVerification(false, count - 1, e.Sequence, "content");
            }

            expectedPrevious = e.Hash;
            expectedSequence++;
        }

        return new AuditVerification(true, count, null, null);
    }

    /// <summary>The newest entry's sequence and MAC; (0, <see cref="Genesis"/>) for an empty log.</summary>
    public static async Task<(long Sequence, string Hash)> HeadAsync(AppDbContext db, CancellationToken ct = default)
    {
        var last = await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
        return last is null ? (0, Genesis) : (last.Sequence, last.Hash);
    }

    /// <summary>The entry's MAC under the key it names; null when the ring lacks that key.</summary>
    public string? ComputeHash(AuditEntry e) => keys.Mac(e.KeyId, Canonical(e));

    /// <summary>A length-prefixed encoding of every field, so no two entries share an encoding.</summary>
    public static byte[] Canonical(AuditEntry e)
    {
        var sb = new StringBuilder("saystop-audit-v2|");
        void Field(string s) => sb.Append(s.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(s).Append('|');
        Field(e.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(e.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        Field(e.KeyId);
        Field(e.Actor);
        Field(e.Action);
        Field(e.Target);
        Field(e.Details);
        Field(e.PreviousHash);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static DateTime TruncateToMilliseconds(DateTime t) =>
        new(t.Ticks - (t.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <param name="Intact">True when every entry links to the one before and matches its MAC.</param>
/// <param name="VerifiedCount">Entries checked before the first break (all of them when intact).</param>
/// <param name="BrokenAt">Sequence number where the chain breaks.</param>
/// <param name="Reason">"missing" (a deleted row), "link" or "content" (an edited row), "key" (a key this node lacks).</param>
public sealed record AuditVerification(bool Intact, long VerifiedCount, long? BrokenAt, string? Reason);
