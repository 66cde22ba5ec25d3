using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SayStop.Web.Features.Reports.Keys;

namespace SayStop.Web.Features.Reports;

/// <summary>Where a report stands, in words the reporter sees on the follow-up page.</summary>
public enum ReportStatus
{
    Received,
    BeingAnalysed,
    ForwardedToPolice,
    Closed,
}

/// <summary>
/// A report. Only what the desk must sort by is in clear (country, kind, urgency, the day it arrived, status);
/// everything the reporter wrote is sealed under the report's own content key (docs/SEALING.md).
/// No exact time, address or browser detail is kept: the id is a version 7 GUID made from the day's start,
/// so even its embedded timestamp says nothing finer than the day.
/// </summary>
public sealed class Report
{
    public const int LocatorLength = 8;

    private Guid _id;

    /// <summary>
    /// Setting the id in code also sets <see cref="Reference"/> (derived from it); EF reads and writes the field
    /// <c>_id</c> directly, so a loaded row keeps the reference it stores.
    /// </summary>
    public Guid Id
    {
        get => _id;
        set
        {
            _id = value;
            Reference = CaseReference.For(value);
        }
    }

    /// <summary>
    /// The short case reference handlers quote and search (<see cref="CaseReference"/>): 40 random bits of the id,
    /// nothing of the receipt. Empty only on rows stored before the column existed, until the desk fills it.
    /// </summary>
    public string Reference { get; set; } = string.Empty;

    /// <summary>
    /// Which version of the desk's blind index holds this report's tokens (<c>Desk/DeskIndex</c>); 0 = not indexed
    /// yet. Tokens need a handler's unlocked key, so the desk indexes a report when a handler first touches it.
    /// </summary>
    public int IndexedVersion { get; set; }

    /// <summary>The public part of the receipt (40 bits, Crockford base32); unique.</summary>
    public string Locator { get; set; } = string.Empty;

    /// <summary>The day the report arrived (UTC), enough for deadlines; never the time.</summary>
    public DateOnly ReceivedOn { get; set; }

    /// <summary>ISO 3166-1 alpha-2 code, or <see cref="Countries.Other"/>.</summary>
    public string Country { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public bool Urgent { get; set; }

    public ReportStatus Status { get; set; }

    /// <summary>The case handler who took the report on the desk; null while nobody has.</summary>
    public Guid? AssigneeId { get; set; }

    /// <summary>The day a handler first acted on the report (legal deadline: 7 days after <see cref="ReceivedOn"/>).</summary>
    public DateOnly? AcknowledgedOn { get; set; }

    /// <summary>The day the reporter was told the outcome (forwarded or closed; legal deadline: 3 months).</summary>
    public DateOnly? FeedbackOn { get; set; }

    /// <summary>The random id of the form that produced the report, so a replayed "send" files nothing twice.</summary>
    public Guid SubmissionId { get; set; }

    /// <summary>ReceiptVerifier blob: the receipt's Argon2id verifier and the content key wrapped under it.</summary>
    public byte[] ReceiptVerifier { get; set; } = [];

    /// <summary>ReportEnvelope of the answers (JSON), purpose "answers".</summary>
    public byte[] SealedAnswers { get; set; } = [];

    /// <summary>ReportEnvelope of the contact details, purpose "contact"; null when the reporter stayed anonymous.</summary>
    public byte[]? SealedContact { get; set; }
}

/// <summary>The report's content key sealed to one recipient key (a case handler or the recovery key).</summary>
public sealed class ReportSealedKey
{
    public Guid ReportId { get; set; }

    public Guid RecipientKeyId { get; set; }

    /// <summary>SealedKey blob (98 bytes).</summary>
    public byte[] SealedKey { get; set; } = [];
}

/// <summary>A question from a case handler or an answer from the reporter, sealed under the report's content key.</summary>
public sealed class ReportMessage
{
    public Guid Id { get; set; }

    public Guid ReportId { get; set; }

    /// <summary>Order within the report (the id carries only the day).</summary>
    public int Sequence { get; set; }

    public bool FromReporter { get; set; }

    public DateOnly SentOn { get; set; }

    /// <summary>ReportEnvelope, purpose "message:{id}".</summary>
    public byte[] Sealed { get; set; } = [];
}

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> b)
    {
        b.ToTable("Reports");
        b.HasKey(r => r.Id);
        b.Property(r => r.Locator).HasMaxLength(Report.LocatorLength).IsRequired();
        b.HasIndex(r => r.Locator).IsUnique();
        b.HasIndex(r => r.SubmissionId).IsUnique();
        b.Property(r => r.Country).HasMaxLength(2).IsRequired();
        b.Property(r => r.Kind).HasMaxLength(30).IsRequired();
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(30);
        b.Property(r => r.ReceiptVerifier).IsRequired();
        b.Property(r => r.SealedAnswers).IsRequired();
        b.HasIndex(r => r.ReceivedOn);
    }
}

internal sealed class ReportSealedKeyConfiguration : IEntityTypeConfiguration<ReportSealedKey>
{
    public void Configure(EntityTypeBuilder<ReportSealedKey> b)
    {
        b.ToTable("ReportSealedKeys");
        b.HasKey(k => new { k.ReportId, k.RecipientKeyId });
        b.Property(k => k.SealedKey).IsRequired();
        b.HasOne<Report>().WithMany().HasForeignKey(k => k.ReportId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<RecipientKey>().WithMany().HasForeignKey(k => k.RecipientKeyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReportMessageConfiguration : IEntityTypeConfiguration<ReportMessage>
{
    public void Configure(EntityTypeBuilder<ReportMessage> b)
    {
        b.ToTable("ReportMessages");
        b.HasKey(m => m.Id);
        b.Property(m => m.Sealed).IsRequired();
        b.HasIndex(m => new { m.ReportId, m.Sequence }).IsUnique();
        b.HasOne<Report>().WithMany().HasForeignKey(m => m.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}
