using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Reports.Keys;

namespace SayStop.Web.Features.Desk;

/// <summary>
/// A handler-only note on a report, sealed under the report's <em>case key</em> (purpose "note:{id}"), never under
/// the content key: the reporter's receipt opens the content key, and notes are not for the reporter
/// (docs/SEALING.md section 7).
/// </summary>
public sealed class ReportNote
{
    public Guid Id { get; set; }

    public Guid ReportId { get; set; }

    public Guid AuthorId { get; set; }

    public DateTime WrittenAt { get; set; }

    /// <summary>ReportEnvelope under the case key, purpose "note:{id}".</summary>
    public byte[] Sealed { get; set; } = [];
}

/// <summary>
/// The report's case key (a second random key, made at the first note) sealed to one recipient: every key that
/// could open the report when the case key was made, later grants, and the recovery key. Never to the receipt.
/// </summary>
public sealed class ReportCaseKey
{
    public Guid ReportId { get; set; }

    public Guid RecipientKeyId { get; set; }

    /// <summary>SealedKey blob (98 bytes).</summary>
    public byte[] SealedKey { get; set; } = [];
}

public enum CaseEventKind
{
    Assigned,
    StatusChanged,
    Asked,
    NoteAdded,
    Granted,

    // Forwarding to the police (Forwarding/Forwards.cs); the value is the forward's dossier reference.
    ForwardPrepared,
    ForwardApproved,
    ForwardRefused,
    ForwardSent,
    ForwardDelivered,

    /// <summary>A prepared forward cancelled by a change to its authority in the directory (value: the reference).</summary>
    ForwardVoided,
}

/// <summary>One line of a report's timeline: who did what and when, with no content (the note or question is sealed).</summary>
public sealed class CaseEvent
{
    public Guid Id { get; set; }

    public Guid ReportId { get; set; }

    public DateTime At { get; set; }

    public Guid ActorId { get; set; }

    public CaseEventKind Kind { get; set; }

    /// <summary>A status name or a user id: words from fixed lists, never free text.</summary>
    public string? Value { get; set; }
}

internal sealed class ReportNoteConfiguration : IEntityTypeConfiguration<ReportNote>
{
    public void Configure(EntityTypeBuilder<ReportNote> b)
    {
        b.ToTable("ReportNotes");
        b.HasKey(n => n.Id);
        b.Property(n => n.Sealed).IsRequired();
        b.HasIndex(n => new { n.ReportId, n.WrittenAt });
        b.HasOne<Report>().WithMany().HasForeignKey(n => n.ReportId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<StaffUser>().WithMany().HasForeignKey(n => n.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReportCaseKeyConfiguration : IEntityTypeConfiguration<ReportCaseKey>
{
    public void Configure(EntityTypeBuilder<ReportCaseKey> b)
    {
        b.ToTable("ReportCaseKeys");
        b.HasKey(k => new { k.ReportId, k.RecipientKeyId });
        b.Property(k => k.SealedKey).IsRequired();
        b.HasIndex(k => k.RecipientKeyId);
        b.HasOne<Report>().WithMany().HasForeignKey(k => k.ReportId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<RecipientKey>().WithMany().HasForeignKey(k => k.RecipientKeyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> b)
    {
        b.ToTable("CaseEvents");
        b.HasKey(e => e.Id);
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(e => e.Value).HasMaxLength(64);
        b.HasIndex(e => new { e.ReportId, e.At });
        b.HasOne<Report>().WithMany().HasForeignKey(e => e.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// The desk's columns and indexes on the Reports table, kept here with the inbox queries they serve: the default
/// order (urgent first, then oldest) and each filter read an index instead of scanning 100,000 rows.
/// </summary>
internal sealed class ReportDeskConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> b)
    {
        b.HasIndex(r => new { r.Urgent, r.ReceivedOn, r.Id }).IsDescending(true, false, false).HasDatabaseName("IX_Reports_Inbox");
        b.HasIndex(r => new { r.Status, r.Urgent, r.ReceivedOn, r.Id }).IsDescending(false, true, false, false).HasDatabaseName("IX_Reports_Inbox_Status");
        b.HasIndex(r => new { r.Country, r.Urgent, r.ReceivedOn, r.Id }).IsDescending(false, true, false, false).HasDatabaseName("IX_Reports_Inbox_Country");
        b.HasIndex(r => new { r.AssigneeId, r.Urgent, r.ReceivedOn, r.Id }).IsDescending(false, true, false, false).HasDatabaseName("IX_Reports_Inbox_Assignee");

        // Overdue = not acknowledged and older than the first deadline, or without feedback and older than the second.
        b.HasIndex(r => new { r.AcknowledgedOn, r.ReceivedOn }).HasDatabaseName("IX_Reports_Unacknowledged");
        b.HasIndex(r => new { r.FeedbackOn, r.ReceivedOn }).HasDatabaseName("IX_Reports_NoFeedback");
        b.HasOne<StaffUser>().WithMany().HasForeignKey(r => r.AssigneeId).OnDelete(DeleteBehavior.SetNull);

        // The case reference is searched as typed; the blind index finds reports not yet indexed without a scan.
        b.Property(r => r.Reference).HasMaxLength(CaseReference.Length).HasDefaultValue(string.Empty).IsRequired();
        b.HasIndex(r => r.Reference).HasDatabaseName("IX_Reports_Reference");
        b.HasIndex(r => r.IndexedVersion).HasDatabaseName("IX_Reports_IndexedVersion");
    }
}
