using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SayStop.Web.Infrastructure.Email;

/// <summary>
/// An email waiting to leave. Pages only write here, inside their own unit of work, so a mail server that
/// is down never loses a message or fails a form; <see cref="EmailDispatcher"/> sends with retries.
/// </summary>
public sealed class OutboxEmail
{
    public Guid Id { get; set; }

    public string To { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;

    public string TextBody { get; set; } = string.Empty;

    /// <summary>
    /// A ready MIME body that replaces <see cref="TextBody"/> when set: an S/MIME or OpenPGP-encrypted entity made
    /// before queuing, so the outbox never holds what it protects in clear.
    /// </summary>
    public byte[]? MimeBody { get; set; }

    public DateTime CreatedAt { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime? SentAt { get; set; }

    /// <summary>Set when retries are exhausted; an administrator can see and resend.</summary>
    public bool GaveUp { get; set; }

    public string? LastError { get; set; }

    /// <summary>The node that is sending it right now, and until when; another node takes over after that.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntil { get; set; }
}

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> b)
    {
        b.ToTable("EmailOutbox");
        b.HasKey(e => e.Id);
        b.Property(e => e.To).HasMaxLength(320).IsRequired();
        b.Property(e => e.Subject).HasMaxLength(300).IsRequired();
        b.Property(e => e.TextBody).IsRequired();
        b.Property(e => e.LastError).HasMaxLength(1000);
        b.Property(e => e.LeaseOwner).HasMaxLength(100);
        b.HasIndex(e => new { e.SentAt, e.NextAttemptAt });
    }
}
