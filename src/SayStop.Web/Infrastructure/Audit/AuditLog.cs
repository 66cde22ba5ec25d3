using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;

namespace SayStop.Web.Infrastructure.Audit;

/// <summary>
/// Appends to and verifies the hash-chained audit log. Appending reads the last entry and writes the next
/// one; when two web nodes race for the same sequence number the unique key makes one of them fail, and it
/// retries on top of the winner, so the chain never forks.
/// </summary>
public sealed class AuditLog(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AuditLog> logger)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Writes one entry in its own unit of work, so a failed page action still leaves its trace.</summary>
    public async Task AppendAsync(string actor, string action, string target, string details = "",
        CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
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
                PreviousHash = last?.Hash ?? Genesis,
            };
            entry.Hash = ComputeHash(entry);
            db.Add(entry);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException ex) when (attempt < 20)
            {
                logger.LogDebug(ex, "Audit sequence {Sequence} taken by another writer; retrying", entry.Sequence);
                await Task.Delay(Random.Shared.Next(5, 30), cancellationToken);
            }
        }
    }

    /// <summary>Recomputes every hash and link. Returns the first broken sequence number, or null when intact.</summary>
    public static async Task<AuditVerification> VerifyAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var expectedPrevious = Genesis;
        long expectedSequence = 1;
        long count = 0;
        await foreach (var e in db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence)
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
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

            if (!string.Equals(ComputeHash(e), e.Hash, StringComparison.Ordinal))
            {
                return new AuditVerification(false, count - 1, e.Sequence, "content");
            }

            expectedPrevious = e.Hash;
            expectedSequence++;
        }

        return new AuditVerification(true, count, null, null);
    }

    /// <summary>SHA-256 over a length-prefixed encoding of every field, so no two entries can share an encoding.</summary>
    public static string ComputeHash(AuditEntry e)
    {
        var sb = new StringBuilder();
        void Field(string s) => sb.Append(s.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(s).Append('|');
        Field(e.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(e.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        Field(e.Actor);
        Field(e.Action);
        Field(e.Target);
        Field(e.Details);
        Field(e.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private static DateTime TruncateToMilliseconds(DateTime t) =>
        new(t.Ticks - (t.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <param name="Intact">True when every entry links to the one before and matches its hash.</param>
/// <param name="VerifiedCount">Entries checked before the first break (all of them when intact).</param>
/// <param name="BrokenAt">Sequence number where the chain breaks.</param>
/// <param name="Reason">"missing" (a deleted row), "link" or "content" (an edited row).</param>
public sealed record AuditVerification(bool Intact, long VerifiedCount, long? BrokenAt, string? Reason);
