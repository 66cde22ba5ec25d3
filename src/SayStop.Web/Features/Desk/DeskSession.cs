using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports.Keys;

namespace SayStop.Web.Features.Desk;

/// <summary>
/// A case handler's unlocked key, shared by every web node for the length of a desk session. The private key is
/// stored only encrypted under a random secret that lives in the handler's browser (the desk cookie), so this row
/// alone, or the whole database with the server's files, opens nothing (docs/THREAT-MODEL.md, "Desk sessions").
/// </summary>
public sealed class DeskSession
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    /// <summary>The recipient key this session unlocked; revoking the key ends the session.</summary>
    public Guid RecipientKeyId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime LastSeenAt { get; set; }

    /// <summary>Sliding: last use plus the idle timeout, never past the session's longest life.</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>Version byte, AES-GCM nonce, encrypted X25519 private key, tag (see <see cref="DeskSessions"/>).</summary>
    public byte[] SealedPrivateKey { get; set; } = [];
}

internal sealed class DeskSessionConfiguration : IEntityTypeConfiguration<DeskSession>
{
    public void Configure(EntityTypeBuilder<DeskSession> b)
    {
        b.ToTable("DeskSessions");
        b.HasKey(s => s.Id);
        b.Property(s => s.SealedPrivateKey).HasMaxLength(128).IsRequired();
        b.HasIndex(s => s.UserId);
        b.HasIndex(s => s.ExpiresAt);
        b.HasOne<StaffUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<RecipientKey>().WithMany().HasForeignKey(s => s.RecipientKeyId).OnDelete(DeleteBehavior.Cascade);
    }
}
