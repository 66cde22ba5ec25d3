using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SayStop.Sealing;
using SayStop.Web.Data;
using SayStop.Web.Features.Reports.Keys;

namespace SayStop.Web.Features.Reports;

public enum IntakeOutcome
{
    Filed,

    /// <summary>The same form was sent before (a replayed or double-clicked "send"): nothing new is filed.</summary>
    AlreadyFiled,

    /// <summary>No recovery key exists yet: a report sealed now could never be read, so nothing is filed.</summary>
    NotOpen,
}

/// <summary>The receipt is present only when the report was filed by this call and committed.</summary>
public sealed record IntakeResult(IntakeOutcome Outcome, Receipt? Receipt, Guid? ReportId);

/// <summary>
/// Files a report: seals the answers and the contact details under a fresh content key, seals that key to the
/// recovery key and every active case handler key and wraps it under the receipt, and commits all of it in one
/// transaction. The receipt is handed back only after the commit, so a receipt shown always opens a report.
/// </summary>
public sealed class ReportIntake(AppDbContext db, Argon2Gate gate, ReportsOptions options, TimeProvider clock, ILogger<ReportIntake> logger)
{
    private const int Attempts = 4;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IntakeResult> FileAsync(ReportAnswers answers, ReporterContact? contact, Guid submissionId, CancellationToken ct = default) =>
        await FileAsync(answers, contact, submissionId, [], ct);

    /// <summary>Files a report with photos already cleaned by <see cref="PhotoCleaner"/>; they are sealed in the same transaction.</summary>
    public async Task<IntakeResult> FileAsync(ReportAnswers answers, ReporterContact? contact, Guid submissionId,
        IReadOnlyList<CleanPhoto> photos, CancellationToken ct = default)
    {
        if (await db.Set<Report>().AnyAsync(r => r.SubmissionId == submissionId, ct))
        {
            return new IntakeResult(IntakeOutcome.AlreadyFiled, null, null);
        }

        var recipients = await db.Set<RecipientKey>().AsNoTracking()
            .Where(k => k.RevokedAt == null)
            .Select(k => new { k.Id, k.Kind, k.PublicKey })
            .ToListAsync(ct);
        if (!recipients.Any(r => r.Kind == RecipientKind.Recovery))
        {
            // The form already says it is not open (IntakeReadiness); this is the last check before anything is
            // stored: without the recovery key, losing the receipt would lose the report for ever.
            logger.LogWarning("A report was refused: no recovery key exists yet; set up the first administrator.");
            return new IntakeResult(IntakeOutcome.NotOpen, null, null);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        for (var attempt = 1; ; attempt++)
        {
            var reportId = Guid.CreateVersion7(new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
            using var key = ContentKey.Create();
            var receipt = Receipt.Create();
            var verifier = await gate.RunAsync(() => ReceiptVerifier.Create(receipt, key, reportId, options.ReceiptCost), ct);
            var report = new Report
            {
                Id = reportId,
                Locator = receipt.Locator,
                ReceivedOn = today,
                Country = answers.Country,
                Kind = answers.Kind,
                Urgent = answers.Urgent,
                Status = ReportStatus.Received,
                SubmissionId = submissionId,
                ReceiptVerifier = verifier,
                SealedAnswers = ReportEnvelope.Seal(key, reportId, SealingPurpose.Answers, JsonSerializer.SerializeToUtf8Bytes(answers, Json)),
                SealedContact = contact is null
                    ? null
                    : ReportEnvelope.Seal(key, reportId, SealingPurpose.Contact, JsonSerializer.SerializeToUtf8Bytes(contact, Json)),
            };
            db.Add(report);
            for (var i = 0; i < photos.Count; i++)
            {
                db.Add(await SealPhotoAsync(key, reportId, messageId: null, sequence: i + 1, photos[i], ct));
            }

            foreach (var r in recipients)
            {
                db.Add(new ReportSealedKey
                {
                    ReportId = reportId,
                    RecipientKeyId = r.Id,
                    SealedKey = SealedKey.Seal(key, RecipientPublicKey.FromBytes(r.PublicKey), reportId),
                });
            }

            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return new IntakeResult(IntakeOutcome.Filed, receipt, reportId);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                if (await db.Set<Report>().AnyAsync(r => r.SubmissionId == submissionId, ct))
                {
                    return new IntakeResult(IntakeOutcome.AlreadyFiled, null, null);
                }

                // A locator collision (rare: 40 bits): draw a new receipt and try again.
                if (attempt >= Attempts)
                {
                    throw;
                }
            }
        }
    }

    /// <summary>Seals one cleaned photo under the report's content key.</summary>
    internal static async Task<ReportAttachment> SealPhotoAsync(ContentKey key, Guid reportId, Guid? messageId, int sequence,
        CleanPhoto photo, CancellationToken ct)
    {
        // Random (v4): a version 7 id would carry the millisecond the photo was sealed, i.e. when the reporter sent it.
        var id = Guid.NewGuid();
        using var plain = new MemoryStream(photo.Bytes, writable: false);
        using var sealedBytes = new MemoryStream((int)AttachmentSealer.GetSealedLength(photo.Bytes.Length));
        await AttachmentSealer.SealAsync(key, reportId, SealingPurpose.Attachment(id), plain, sealedBytes, ct);
        return new ReportAttachment
        {
            Id = id,
            ReportId = reportId,
            MessageId = messageId,
            Sequence = sequence,
            ContentType = photo.ContentType,
            Sealed = sealedBytes.ToArray(),
        };
    }
}
