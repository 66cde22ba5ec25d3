using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;

namespace SayStop.Web.Features.Desk.Forwarding;

/// <summary>How a dossier reaches an authority.</summary>
public enum AuthorityChannel
{
    /// <summary>A handler downloads the dossier and hands it over (secure portal, in person, courier…).</summary>
    Manual,

    /// <summary>By email, encrypted when the authority has an S/MIME certificate or an OpenPGP key.</summary>
    Email,
}

/// <summary>
/// A competent authority (police service) that dossiers can be forwarded to, managed by administrators at
/// /admin/authorities. Nothing here is secret: public certificates and keys only.
/// </summary>
public sealed class PoliceAuthority
{
    public const int MaxName = 200;
    public const int MaxNotes = 2000;
    public const int MaxKey = 20_000;

    public Guid Id { get; set; }

    /// <summary>ISO 3166-1 alpha-2 code of the country whose authority this is.</summary>
    public string Country { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>The language the dossier is written in for them (fr, nl, en, de…; texts fall back to English).</summary>
    public string Language { get; set; } = "en";

    public AuthorityChannel Channel { get; set; }

    public string? Email { get; set; }

    /// <summary>The authority's S/MIME encryption certificate, PEM.</summary>
    public string? SmimeCertificate { get; set; }

    /// <summary>The authority's OpenPGP public key, ASCII-armored.</summary>
    public string? OpenPgpKey { get; set; }

    public string? Notes { get; set; }

    /// <summary>Seeded without a real channel: an administrator must fill it in before anything is sent.</summary>
    public bool Placeholder { get; set; }

    /// <summary>No longer offered; kept because forwards refer to it.</summary>
    public bool Retired { get; set; }

    public DateTime UpdatedAt { get; set; }
}

public enum ForwardState
{
    /// <summary>Prepared by one handler, waiting for a second one.</summary>
    Prepared,

    /// <summary>A second handler refused it.</summary>
    Refused,

    /// <summary>Approved and queued as encrypted email.</summary>
    Sent,

    /// <summary>Approved; waiting to be handed over by hand.</summary>
    AwaitingManualDelivery,

    /// <summary>Handed over by hand (a handler said so).</summary>
    Delivered,

    /// <summary>
    /// Cancelled because an administrator changed where the authority receives dossiers (channel, address, key) or
    /// retired it after the forward was prepared: what the preparer chose no longer holds, so nobody can approve it.
    /// </summary>
    Voided,
}

/// <summary>
/// One forward of a report to an authority. The clear columns are ids, dates and states; the covering note and
/// the dossier itself are sealed under the report's case key (purposes "forward:{id}" and "dossier:{id}"), like
/// notes, so the database holds nothing of the report in clear. Deleted with the report.
/// </summary>
public sealed class ReportForward
{
    public Guid Id { get; set; }

    public Guid ReportId { get; set; }

    public Guid AuthorityId { get; set; }

    /// <summary>The dossier's reference as the authority sees it (random, not a database id).</summary>
    public string Reference { get; set; } = string.Empty;

    public ForwardState State { get; set; }

    /// <summary>Whether the reporter's identity goes in (only when they consented to police contact).</summary>
    public bool IncludesIdentity { get; set; }

    /// <summary>
    /// How the dossier was to leave when prepared; approval refuses when the directory says otherwise (null: prepared
    /// before forwards were bound, which approval also refuses).
    /// </summary>
    public ForwardDelivery? BoundDelivery { get; set; }

    /// <summary>The authority's email address when prepared (null for manual delivery): the dossier goes there and nowhere else.</summary>
    public string? BoundAddress { get; set; }

    /// <summary>
    /// The key the dossier is encrypted to, fixed when prepared: SHA-256 of the S/MIME certificate (DER), or the
    /// OpenPGP fingerprint of the encryption (sub)key, uppercase hex. Approval encrypts only to a key with this print.
    /// </summary>
    public string? BoundKeyFingerprint { get; set; }

    public Guid PreparedById { get; set; }

    public DateTime PreparedAt { get; set; }

    /// <summary>The second handler who approved or refused.</summary>
    public Guid? DecidedById { get; set; }

    public DateTime? DecidedAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    /// <summary>The queued (already encrypted) email, when sent by email.</summary>
    public Guid? OutboxEmailId { get; set; }

    /// <summary>ReportEnvelope under the case key, purpose "forward:{id}": the preparing handler's covering note.</summary>
    public byte[]? SealedNote { get; set; }

    /// <summary>ReportEnvelope under the case key, purpose "dossier:{id}": the approved dossier (JSON).</summary>
    public byte[]? SealedDossier { get; set; }
}

internal sealed class PoliceAuthorityConfiguration : IEntityTypeConfiguration<PoliceAuthority>
{
    public void Configure(EntityTypeBuilder<PoliceAuthority> b)
    {
        b.ToTable("PoliceAuthorities");
        b.HasKey(a => a.Id);
        b.Property(a => a.Country).HasMaxLength(2).IsRequired();
        b.Property(a => a.Name).HasMaxLength(PoliceAuthority.MaxName).IsRequired();
        b.Property(a => a.Language).HasMaxLength(8).IsRequired();
        b.Property(a => a.Channel).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Email).HasMaxLength(320);
        b.Property(a => a.SmimeCertificate).HasMaxLength(PoliceAuthority.MaxKey);
        b.Property(a => a.OpenPgpKey).HasMaxLength(PoliceAuthority.MaxKey);
        b.Property(a => a.Notes).HasMaxLength(PoliceAuthority.MaxNotes);
        b.HasIndex(a => new { a.Country, a.Retired });
    }
}

internal sealed class ReportForwardConfiguration : IEntityTypeConfiguration<ReportForward>
{
    public void Configure(EntityTypeBuilder<ReportForward> b)
    {
        b.ToTable("ReportForwards");
        b.HasKey(f => f.Id);
        b.Property(f => f.Reference).HasMaxLength(20).IsRequired();
        b.HasIndex(f => f.Reference).IsUnique();
        b.Property(f => f.State).HasConversion<string>().HasMaxLength(30);
        b.Property(f => f.BoundDelivery).HasConversion<string>().HasMaxLength(20);
        b.Property(f => f.BoundAddress).HasMaxLength(320);
        b.Property(f => f.BoundKeyFingerprint).HasMaxLength(64);
        b.HasIndex(f => new { f.AuthorityId, f.State });
        b.HasIndex(f => new { f.ReportId, f.PreparedAt });
        b.HasOne<Report>().WithMany().HasForeignKey(f => f.ReportId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<PoliceAuthority>().WithMany().HasForeignKey(f => f.AuthorityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<StaffUser>().WithMany().HasForeignKey(f => f.PreparedById).OnDelete(DeleteBehavior.Restrict);
    }
}
