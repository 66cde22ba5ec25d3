using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SayStop.Web.Infrastructure.Audit;

/// <summary>
/// One line of the append-only audit log. Each entry carries the MAC of the previous one and its own MAC under an
/// audit key that is not in the database (<see cref="AuditKeyRing"/>), so editing or deleting a row breaks the
/// chain from that point on, recomputing the MACs needs the key, and <see cref="AuditLog.VerifyAsync"/> says where.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Position in the chain, 1, 2, 3… without gaps; unique, so two nodes cannot both write entry N.</summary>
    public long Sequence { get; set; }

    public DateTime At { get; set; }

    /// <summary>Who acted: a staff email, or "system" for jobs. Never a reporter.</summary>
    public string Actor { get; set; } = string.Empty;

    /// <summary>What happened, as a stable dotted name: <c>account.signin</c>, <c>staff.role.added</c>…</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>What it happened to (an account email, a post id…), never report content.</summary>
    public string Target { get; set; } = string.Empty;

    public string Details { get; set; } = string.Empty;

    /// <summary>Which audit key authenticated this entry (<see cref="AuditKeyRing.KeyIdOf"/>), so keys can be rotated.</summary>
    public string KeyId { get; set; } = string.Empty;

    public string PreviousHash { get; set; } = string.Empty;

    /// <summary>HMAC-SHA256 of the entry under its key (hex): without the key nobody can make one that verifies.</summary>
    public string Hash { get; set; } = string.Empty;
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditLog");
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        b.Property(e => e.Actor).HasMaxLength(256).IsRequired();
        b.Property(e => e.Action).HasMaxLength(64).IsRequired();
        b.Property(e => e.Target).HasMaxLength(256).IsRequired();
        b.Property(e => e.Details).HasMaxLength(2000).IsRequired();
        b.Property(e => e.KeyId).HasMaxLength(16).IsRequired();
        b.Property(e => e.PreviousHash).HasMaxLength(64).IsRequired();
        b.Property(e => e.Hash).HasMaxLength(64).IsRequired();
        b.HasIndex(e => e.At);
    }
}
