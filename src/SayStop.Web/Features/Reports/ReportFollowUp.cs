using Microsoft.EntityFrameworkCore;
using SayStop.Sealing;
using SayStop.Web.Data;

namespace SayStop.Web.Features.Reports;

/// <summary>One message of the conversation as the reporter sees it: who wrote (us or them), the day, the text.</summary>
public sealed record FollowUpMessage(bool FromReporter, DateOnly SentOn, string Text, int Photos = 0);

/// <summary>What a receipt opens: the status and the conversation, nothing else (no staff names, no other report).</summary>
public sealed record FollowUpView(ReportStatus Status, DateOnly ReceivedOn, IReadOnlyList<FollowUpMessage> Messages);

/// <summary>
/// The reporter's way back in with their receipt, and the case handlers' questions. A wrong receipt costs the
/// same Argon2id time whether or not its locator exists, so the answer time tells nothing.
/// </summary>
public sealed class ReportFollowUp(AppDbContext db, Argon2Gate gate, ReportsOptions options, TimeProvider clock, ILogger<ReportFollowUp> logger)
{
    public const int MaxMessageLength = 5000;

    /// <summary>The report's status and conversation, or null for any receipt that does not open a report.</summary>
    public async Task<FollowUpView?> OpenAsync(string? receiptText, CancellationToken ct = default)
    {
        var opened = await OpenKeyAsync(receiptText, ct);
        if (opened is null)
        {
            return null;
        }

        using var key = opened.Value.Key;
        return await ViewAsync(opened.Value.Report, key, ct);
    }

    /// <summary>Adds the reporter's answer. False when the receipt does not open a report.</summary>
    public Task<bool> ReplyAsync(string? receiptText, string text, CancellationToken ct = default) =>
        ReplyAsync(receiptText, text, [], ct);

    /// <summary>Adds the reporter's answer with photos already cleaned by <see cref="PhotoCleaner"/>, in one transaction.</summary>
    public async Task<bool> ReplyAsync(string? receiptText, string text, IReadOnlyList<CleanPhoto> photos, CancellationToken ct = default)
    {
        var opened = await OpenKeyAsync(receiptText, ct);
        if (opened is null)
        {
            return false;
        }

        using var key = opened.Value.Key;
        await AddMessageAsync(opened.Value.Report.Id, key, fromReporter: true, text, ct, photos);
        return true;
    }

    /// <summary>
    /// A case handler's question to the reporter, sealed under the report's content key opened with the handler's
    /// unlocked key pair. Used by the desk (and by tests until the desk exists).
    /// </summary>
    public async Task AskAsync(Guid reportId, KeyPair handlerKey, string question, CancellationToken ct = default)
    {
        var keyId = handlerKey.PublicKey.ToArray();
        var sealedKey = await db.Set<ReportSealedKey>().AsNoTracking()
            .Join(db.Set<Keys.RecipientKey>(), s => s.RecipientKeyId, k => k.Id, (s, k) => new { s.ReportId, s.SealedKey, k.PublicKey })
            .Where(x => x.ReportId == reportId && x.PublicKey == keyId)
            .Select(x => x.SealedKey)
            .FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException("This report is not sealed to that key.");
        using var key = SealedKey.Open(sealedKey, handlerKey, reportId);
        await AddMessageAsync(reportId, key, fromReporter: false, question, ct);
    }

    private async Task<(Report Report, ContentKey Key)?> OpenKeyAsync(string? receiptText, CancellationToken ct)
    {
        Report? report = null;
        if (Receipt.TryParse(receiptText, out var receipt))
        {
            report = await db.Set<Report>().AsNoTracking().FirstOrDefaultAsync(r => r.Locator == receipt.Locator, ct);
        }

        if (report is null || receipt is null)
        {
            await gate.RunAsync(() =>
            {
                ReceiptVerifier.SpendVerificationTime(options.ReceiptCost);
                return true;
            }, ct);
            return null;
        }

        var verifier = report.ReceiptVerifier;
        var reportId = report.Id;
        var key = await gate.RunAsync(() => ReceiptVerifier.TryOpen(verifier, receipt, reportId, out var k) ? k : null, ct);
        if (key is null)
        {
            return null;
        }

        await UpgradeVerifierAsync(report, receipt, key, ct);
        return (report, key);
    }

    /// <summary>
    /// Re-makes a receipt verifier stored at an older Argon2id cost with the current one, the first time its
    /// receipt is typed (the only moment the secret is known). Otherwise an old report would take a different time
    /// to check than an unknown locator (which costs the current price), telling a guesser which locators exist.
    /// </summary>
    private async Task UpgradeVerifierAsync(Report report, Receipt receipt, ContentKey key, CancellationToken ct)
    {
        var stored = report.ReceiptVerifier;
        if (ReceiptVerifier.GetCost(stored) == options.ReceiptCost)
        {
            return;
        }

        var reportId = report.Id;
        var upgraded = await gate.RunAsync(() => ReceiptVerifier.Create(receipt, key, reportId, options.ReceiptCost), ct);
        // Compare-and-set: two reporters' tabs upgrading at once leave one valid verifier, never a lost one.
        await db.Set<Report>()
            .Where(r => r.Id == reportId && r.ReceiptVerifier == stored)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.ReceiptVerifier, upgraded), ct);
    }

    private async Task<FollowUpView> ViewAsync(Report report, ContentKey key, CancellationToken ct)
    {
        var rows = await db.Set<ReportMessage>().AsNoTracking()
            .Where(m => m.ReportId == report.Id)
            .OrderBy(m => m.Sequence)
            .ToListAsync(ct);
        var photoCounts = await db.Set<ReportAttachment>().AsNoTracking()
            .Where(a => a.ReportId == report.Id && a.MessageId != null)
            .GroupBy(a => a.MessageId)
            .Select(g => new { MessageId = g.Key!.Value, Count = g.Count() })
            .ToDictionaryAsync(x => x.MessageId, x => x.Count, ct);
        var messages = new List<FollowUpMessage>(rows.Count);
        foreach (var m in rows)
        {
            try
            {
                messages.Add(new FollowUpMessage(m.FromReporter, m.SentOn,
                    ReportEnvelope.OpenText(key, report.Id, SealingPurpose.Message(m.Id), m.Sealed),
                    photoCounts.GetValueOrDefault(m.Id)));
            }
            catch (SealingException)
            {
                // An altered row: leave it out rather than fail the whole page; the id says which.
                // Logged without ids: the line's own time would say when the reporter came back to that report.
                logger.LogWarning("A message of a report opened with its receipt does not open");
            }
        }

        return new FollowUpView(report.Status, report.ReceivedOn, messages);
    }

    private async Task AddMessageAsync(Guid reportId, ContentKey key, bool fromReporter, string text, CancellationToken ct,
        IReadOnlyList<CleanPhoto>? photos = null)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        for (var attempt = 1; ; attempt++)
        {
            var next = (await db.Set<ReportMessage>().Where(m => m.ReportId == reportId).MaxAsync(m => (int?)m.Sequence, ct) ?? 0) + 1;
            var id = Guid.CreateVersion7(new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
            db.Add(new ReportMessage
            {
                Id = id,
                ReportId = reportId,
                Sequence = next,
                FromReporter = fromReporter,
                SentOn = today,
                Sealed = ReportEnvelope.SealText(key, reportId, SealingPurpose.Message(id), text),
            });
            var photoSequence = await db.Set<ReportAttachment>().Where(a => a.ReportId == reportId).MaxAsync(a => (int?)a.Sequence, ct) ?? 0;
            foreach (var photo in photos ?? [])
            {
                db.Add(await ReportIntake.SealPhotoAsync(key, reportId, id, ++photoSequence, photo, ct));
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Two messages took the same sequence number at once: take the next one.
                db.ChangeTracker.Clear();
            }
        }
    }
}
