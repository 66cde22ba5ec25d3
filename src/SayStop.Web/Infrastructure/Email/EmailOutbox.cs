using SayStop.Web.Data;

namespace SayStop.Web.Infrastructure.Email;

/// <summary>Queues emails in the database; the dispatcher sends them.</summary>
public sealed class EmailOutbox(AppDbContext db, TimeProvider clock)
{
    public async Task EnqueueAsync(string to, string subject, string textBody, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.Add(new OutboxEmail
        {
            Id = Guid.CreateVersion7(),
            To = to,
            Subject = subject,
            TextBody = textBody,
            CreatedAt = now,
            NextAttemptAt = now,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Queues a message whose body is already built (and encrypted); returns the outbox row's id.</summary>
    public async Task<Guid> EnqueueMimeAsync(string to, string subject, byte[] mimeBody, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var id = Guid.CreateVersion7();
        db.Add(new OutboxEmail
        {
            Id = id,
            To = to,
            Subject = subject,
            TextBody = string.Empty,
            MimeBody = mimeBody,
            CreatedAt = now,
            NextAttemptAt = now,
        });
        await db.SaveChangesAsync(ct);
        return id;
    }
}
