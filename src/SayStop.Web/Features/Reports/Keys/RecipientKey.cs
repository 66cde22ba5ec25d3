using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SayStop.Web.Features.Account;

namespace SayStop.Web.Features.Reports.Keys;

public enum RecipientKind
{
    /// <summary>The organisation recovery key: its private part exists only on paper, kept offline.</summary>
    Recovery,

    /// <summary>A case handler's key: its private part is stored encrypted under the handler's password.</summary>
    CaseHandler,
}

/// <summary>
/// A public key that new reports are sealed to. Only public keys and password-protected private keys live
/// here; the recovery private key is never stored anywhere by the site.
/// </summary>
public sealed class RecipientKey
{
    public Guid Id { get; set; }

    public RecipientKind Kind { get; set; }

    /// <summary>The case handler who owns the key; null for the recovery key.</summary>
    public Guid? UserId { get; set; }

    /// <summary>32-byte X25519 public key.</summary>
    public byte[] PublicKey { get; set; } = [];

    /// <summary>SayStop.Sealing ProtectedPrivateKey blob (case handlers only).</summary>
    public byte[]? ProtectedPrivateKey { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}

internal sealed class RecipientKeyConfiguration : IEntityTypeConfiguration<RecipientKey>
{
    public void Configure(EntityTypeBuilder<RecipientKey> b)
    {
        b.ToTable("RecipientKeys");
        b.HasKey(k => k.Id);
        b.Property(k => k.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(k => k.PublicKey).HasMaxLength(32).IsRequired();
        b.Property(k => k.ProtectedPrivateKey).HasMaxLength(256);
        b.HasIndex(k => k.UserId);
        b.HasOne<StaffUser>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
