using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SayStop.Sealing;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Infrastructure.Email;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Desk;

public enum CaseAccess
{
    Opened,

    /// <summary>No such report (or a forged id): the page answers 404.</summary>
    NotFound,

    /// <summary>The report exists but is not sealed to this handler's key: the page refuses (403) and says who can grant.</summary>
    NotGranted,
}

/// <summary>One answer as the reporter gave it: the JSON property name (the label key) and its value as text.</summary>
public sealed record CaseAnswer(string Name, string Value);

/// <summary>A photo of the report (<see cref="MessageId"/> null) or of one of the reporter's answers; opened on request.</summary>
public sealed record CaseAttachment(Guid Id, Guid? MessageId, string ContentType);

public sealed record CaseMessage(bool FromReporter, DateOnly SentOn, string Text);

public sealed record CaseNote(string Author, DateTime WrittenAt, string Text);

public sealed record CaseTimelineEntry(DateTime At, string Actor, CaseEventKind Kind, string? Value);

/// <summary>Everything the report page shows, opened for one handler.</summary>
public sealed record CaseView(
    Guid Id,
    DateOnly ReceivedOn,
    string Country,
    string Kind,
    bool Urgent,
    ReportStatus Status,
    Guid? AssigneeId,
    DateOnly? AcknowledgedOn,
    DateOnly? FeedbackOn,
    IReadOnlyList<CaseAnswer> Answers,
    string? ContactEmail,
    ReporterContact? Contact,
    IReadOnlyList<CaseAttachment> Photos,
    IReadOnlyList<CaseMessage> Messages,
    IReadOnlyList<CaseNote> Notes,
    IReadOnlyList<CaseTimelineEntry> Timeline);

/// <summary>
/// A report as a case handler works on it: opened with the handler's unlocked key (their sealed copy of the
/// content key), with notes under the separate case key, status, assignment and questions to the reporter.
/// Every method refuses a report that is not sealed to the handler; none of them logs content.
/// </summary>
public sealed class CaseFile(AppDbContext db, ReportFollowUp followUp, EmailOutbox outbox, Texts texts, TimeProvider clock, ILogger<CaseFile> logger)
{
    public const int MaxNoteLength = 5000;

    /// <summary>One photo, decrypted for the handler who has the report's key; null when not granted or not found.</summary>
    public async Task<(CaseAccess Access, byte[]? Bytes, string? ContentType)> OpenPhotoAsync(Guid reportId, Guid photoId, KeyPair handler, CancellationToken ct = default)
    {
        var photo = await db.Set<ReportAttachment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == photoId && a.ReportId == reportId, ct);
        if (photo is null)
        {
            return (CaseAccess.NotFound, null, null);
        }

        using var key = await OpenContentKeyAsync(reportId, handler, ct);
        if (key is null)
        {
            return (CaseAccess.NotGranted, null, null);
        }

        try
        {
            using var plain = new MemoryStream();
            await AttachmentSealer.OpenAsync(key, reportId, SealingPurpose.Attachment(photo.Id), new MemoryStream(photo.Sealed), plain, ct);
            return (CaseAccess.Opened, plain.ToArray(), photo.ContentType);
        }
        catch (SealingException)
        {
            logger.LogWarning("Photo {PhotoId} of report {ReportId} does not open", photo.Id, reportId);
            return (CaseAccess.NotFound, null, null);
        }
    }

    public async Task<(CaseAccess Access, CaseView? View)> OpenAsync(Guid reportId, KeyPair handler, CancellationToken ct = default)
    {
        var report = await db.Set<Report>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == reportId, ct);
        if (report is null)
        {
            return (CaseAccess.NotFound, null);
        }

        using var key = await OpenContentKeyAsync(reportId, handler, ct);
        if (key is null)
        {
            return (CaseAccess.NotGranted, null);
        }

        var answers = ReadAnswers(ReportEnvelope.Open(key, reportId, SealingPurpose.Answers, report.SealedAnswers));
        var contactDetails = ReadContactDetails(key, report);
        var contact = string.IsNullOrWhiteSpace(contactDetails?.Email) ? null : contactDetails.Email;
        var photos = await db.Set<ReportAttachment>().AsNoTracking().Where(a => a.ReportId == reportId).OrderBy(a => a.Sequence)
            .Select(a => new CaseAttachment(a.Id, a.MessageId, a.ContentType)).ToListAsync(ct);

        var messages = new List<CaseMessage>();
        foreach (var m in await db.Set<ReportMessage>().AsNoTracking().Where(m => m.ReportId == reportId).OrderBy(m => m.Sequence).ToListAsync(ct))
        {
            if (TryOpenText(key, reportId, SealingPurpose.Message(m.Id), m.Sealed) is { } text)
            {
                messages.Add(new CaseMessage(m.FromReporter, m.SentOn, text));
            }
        }

        var notes = new List<CaseNote>();
        using (var caseKey = await OpenCaseKeyAsync(reportId, handler, ct))
        {
            if (caseKey is not null)
            {
                var rows = await db.Set<ReportNote>().AsNoTracking().Where(n => n.ReportId == reportId)
                    .Join(db.Set<StaffUser>(), n => n.AuthorId, u => u.Id, (n, u) => new { n.Id, n.WrittenAt, n.Sealed, u.DisplayName })
                    .ToListAsync(ct);
                foreach (var n in rows.OrderBy(n => n.WrittenAt))
                {
                    if (TryOpenText(caseKey, reportId, SealingPurpose.Note(n.Id), n.Sealed) is { } text)
                    {
                        notes.Add(new CaseNote(n.DisplayName, n.WrittenAt, text));
                    }
                }
            }
        }

        var timeline = (await db.Set<CaseEvent>().AsNoTracking().Where(e => e.ReportId == reportId)
                .Join(db.Set<StaffUser>(), e => e.ActorId, u => u.Id, (e, u) => new { e.At, u.DisplayName, e.Kind, e.Value })
                .ToListAsync(ct))
            .OrderBy(e => e.At)
            .Select(e => new CaseTimelineEntry(e.At, e.DisplayName, e.Kind, e.Value))
            .ToList();

        return (CaseAccess.Opened, new CaseView(report.Id, report.ReceivedOn, report.Country, report.Kind, report.Urgent, report.Status,
            report.AssigneeId, report.AcknowledgedOn, report.FeedbackOn, answers, contact, contactDetails, photos, messages, notes, timeline));
    }

    /// <summary>
    /// Puts a question on the reporter's follow-up page and, when they left an email address, queues a notice that
    /// says only that a question waits and where (never the question, never the report).
    /// </summary>
    public async Task<CaseAccess> AskAsync(Guid reportId, Guid actorId, KeyPair handler, string question, string siteBaseUrl, CancellationToken ct = default)
    {
        var report = await db.Set<Report>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == reportId, ct);
        if (report is null)
        {
            return CaseAccess.NotFound;
        }

        using var key = await OpenContentKeyAsync(reportId, handler, ct);
        if (key is null)
        {
            return CaseAccess.NotGranted;
        }

        await followUp.AskAsync(reportId, handler, question, ct);
        await AcknowledgeAsync(reportId, ct);
        await AddEventAsync(reportId, actorId, CaseEventKind.Asked, null, ct);

        if (ReadContact(key, report) is { } email)
        {
            await outbox.EnqueueAsync(email, ReporterNotice.Subject(texts), ReporterNotice.Body(texts, siteBaseUrl), ct);
        }

        return CaseAccess.Opened;
    }

    public async Task<CaseAccess> AddNoteAsync(Guid reportId, Guid actorId, KeyPair handler, string text, CancellationToken ct = default)
    {
        if (!await db.Set<Report>().AnyAsync(r => r.Id == reportId, ct))
        {
            return CaseAccess.NotFound;
        }

        using var contentKey = await OpenContentKeyAsync(reportId, handler, ct);
        if (contentKey is null)
        {
            return CaseAccess.NotGranted;
        }

        using var caseKey = await OpenCaseKeyAsync(reportId, handler, ct) ?? await CreateCaseKeyAsync(reportId, handler, ct);
        if (caseKey is null)
        {
            // The case key exists but was never sealed to this handler (made before their grant reached it).
            return CaseAccess.NotGranted;
        }

        // Ids that name a report are random (v4): a version 7 id carries the millisecond it was made.
        var id = Guid.NewGuid();
        db.Add(new ReportNote
        {
            Id = id,
            ReportId = reportId,
            AuthorId = actorId,
            WrittenAt = clock.GetUtcNow().UtcDateTime,
            Sealed = ReportEnvelope.SealText(caseKey, reportId, SealingPurpose.Note(id), text),
        });
        await db.SaveChangesAsync(ct);
        await AddEventAsync(reportId, actorId, CaseEventKind.NoteAdded, null, ct);
        return CaseAccess.Opened;
    }

    /// <summary>Changes the status the reporter sees; moving off "received" acknowledges, forwarding or closing is the feedback.</summary>
    public async Task<CaseAccess> SetStatusAsync(Guid reportId, Guid actorId, KeyPair handler, ReportStatus status, CancellationToken ct = default)
    {
        var access = await CheckAsync(reportId, handler, ct);
        if (access != CaseAccess.Opened)
        {
            return access;
        }

        var today = Today();
        var report = await db.Set<Report>().FirstAsync(r => r.Id == reportId, ct);
        if (report.Status == status)
        {
            return CaseAccess.Opened;
        }

        report.Status = status;
        if (status != ReportStatus.Received)
        {
            report.AcknowledgedOn ??= today;
        }

        if (status is ReportStatus.ForwardedToPolice or ReportStatus.Closed)
        {
            report.FeedbackOn ??= today;
        }

        await db.SaveChangesAsync(ct);
        await AddEventAsync(reportId, actorId, CaseEventKind.StatusChanged, status.ToString(), ct);
        return CaseAccess.Opened;
    }

    /// <summary>Gives the report to a handler (or to nobody). Taking a report acknowledges it.</summary>
    public async Task<CaseAccess> AssignAsync(Guid reportId, Guid actorId, KeyPair handler, Guid? assigneeId, CancellationToken ct = default)
    {
        var access = await CheckAsync(reportId, handler, ct);
        if (access != CaseAccess.Opened)
        {
            return access;
        }

        await db.Set<Report>().Where(r => r.Id == reportId).ExecuteUpdateAsync(s => s.SetProperty(r => r.AssigneeId, assigneeId), ct);
        if (assigneeId is not null)
        {
            await AcknowledgeAsync(reportId, ct);
        }

        await AddEventAsync(reportId, actorId, CaseEventKind.Assigned, assigneeId?.ToString(), ct);
        return CaseAccess.Opened;
    }

    /// <summary>Whether the report exists and is sealed to this handler, without opening anything.</summary>
    public async Task<CaseAccess> CheckAsync(Guid reportId, KeyPair handler, CancellationToken ct = default)
    {
        if (!await db.Set<Report>().AnyAsync(r => r.Id == reportId, ct))
        {
            return CaseAccess.NotFound;
        }

        var publicKey = handler.PublicKey.ToArray();
        var granted = await db.Set<ReportSealedKey>()
            .Join(db.Set<RecipientKey>(), s => s.RecipientKeyId, k => k.Id, (s, k) => new { s.ReportId, k.PublicKey, k.RevokedAt })
            .AnyAsync(x => x.ReportId == reportId && x.PublicKey == publicKey && x.RevokedAt == null, ct);
        return granted ? CaseAccess.Opened : CaseAccess.NotGranted;
    }

    /// <summary>The content key through the handler's own sealed copy, or null when there is none.</summary>
    internal async Task<ContentKey?> OpenContentKeyAsync(Guid reportId, KeyPair handler, CancellationToken ct)
    {
        var publicKey = handler.PublicKey.ToArray();
        var sealedKey = await db.Set<ReportSealedKey>().AsNoTracking()
            .Join(db.Set<RecipientKey>(), s => s.RecipientKeyId, k => k.Id, (s, k) => new { s.ReportId, s.SealedKey, k.PublicKey, k.RevokedAt })
            .Where(x => x.ReportId == reportId && x.PublicKey == publicKey && x.RevokedAt == null)
            .Select(x => x.SealedKey)
            .FirstOrDefaultAsync(ct);
        return sealedKey is null ? null : TryOpenSealedKey(sealedKey, handler, reportId);
    }

    internal async Task<ContentKey?> OpenCaseKeyAsync(Guid reportId, KeyPair handler, CancellationToken ct)
    {
        var publicKey = handler.PublicKey.ToArray();
        var sealedKey = await db.Set<ReportCaseKey>().AsNoTracking()
            .Join(db.Set<RecipientKey>(), s => s.RecipientKeyId, k => k.Id, (s, k) => new { s.ReportId, s.SealedKey, k.PublicKey })
            .Where(x => x.ReportId == reportId && x.PublicKey == publicKey)
            .Select(x => x.SealedKey)
            .FirstOrDefaultAsync(ct);
        return sealedKey is null ? null : TryOpenSealedKey(sealedKey, handler, reportId);
    }

    /// <summary>
    /// Makes the report's case key at its first note and seals it to every key that can open the report (the
    /// handlers with a grant and the recovery key), never to the receipt. Null when another handler made one first
    /// and it is not sealed to this one.
    /// </summary>
    internal async Task<ContentKey?> CreateCaseKeyAsync(Guid reportId, KeyPair handler, CancellationToken ct)
    {
        if (await db.Set<ReportCaseKey>().AnyAsync(k => k.ReportId == reportId, ct))
        {
            return null;
        }

        var recipients = await db.Set<ReportSealedKey>().Where(s => s.ReportId == reportId)
            .Join(db.Set<RecipientKey>(), s => s.RecipientKeyId, k => k.Id, (s, k) => new { k.Id, k.PublicKey })
            .ToListAsync(ct);
        var caseKey = ContentKey.Create();
        foreach (var r in recipients)
        {
            db.Add(new ReportCaseKey
            {
                ReportId = reportId,
                RecipientKeyId = r.Id,
                SealedKey = SealedKey.Seal(caseKey, RecipientPublicKey.FromBytes(r.PublicKey), reportId),
            });
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return caseKey;
        }
        catch (DbUpdateException)
        {
            // Two handlers wrote the first note at once: use the key the other one made.
            caseKey.Dispose();
            db.ChangeTracker.Clear();
            return await OpenCaseKeyAsync(reportId, handler, ct);
        }
    }

    private ContentKey? TryOpenSealedKey(byte[] sealedKey, KeyPair handler, Guid reportId)
    {
        try
        {
            return SealedKey.Open(sealedKey, handler, reportId);
        }
        catch (SealingException)
        {
            logger.LogWarning("A sealed key of report {ReportId} does not open", reportId);
            return null;
        }
    }

    private string? TryOpenText(ContentKey key, Guid reportId, string purpose, byte[] blob)
    {
        try
        {
            return ReportEnvelope.OpenText(key, reportId, purpose, blob);
        }
        catch (SealingException)
        {
            logger.LogWarning("A sealed field of report {ReportId} does not open", reportId);
            return null;
        }
    }

    private string? ReadContact(ContentKey key, Report report) =>
        ReadContactDetails(key, report) is { Email: { } email } && !string.IsNullOrWhiteSpace(email) ? email : null;

    private ReporterContact? ReadContactDetails(ContentKey key, Report report)
    {
        if (report.SealedContact is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ReporterContact>(ReportEnvelope.Open(key, report.Id, SealingPurpose.Contact, report.SealedContact), ReportIntake.Json);
        }
        catch (Exception ex) when (ex is SealingException or JsonException)
        {
            logger.LogWarning("The contact of report {ReportId} does not open", report.Id);
            return null;
        }
    }

    /// <summary>
    /// Every property of the answers JSON in its order, whatever the record holds today: a field added to
    /// <see cref="ReportAnswers"/> later shows up here without a change.
    /// </summary>
    internal static IReadOnlyList<CaseAnswer> ReadAnswers(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var list = new List<CaseAnswer>();
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            return list;
        }

        Flatten(doc.RootElement, prefix: null, list);
        return list;
    }

    // Nested parts (the suspect, the children) become "suspect.name"…; lists are joined; empty answers are left out.
    private static void Flatten(JsonElement element, string? prefix, List<CaseAnswer> list)
    {
        foreach (var p in element.EnumerateObject())
        {
            var name = prefix is null ? p.Name : prefix + "." + p.Name;
            switch (p.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    Flatten(p.Value, name, list);
                    break;
                case JsonValueKind.Null:
                    break;
                case JsonValueKind.Array:
                    var items = p.Value.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? i.GetString() : i.GetRawText()).ToList();
                    if (items.Count > 0)
                    {
                        list.Add(new CaseAnswer(name, string.Join(", ", items)));
                    }

                    break;
                case JsonValueKind.String when string.IsNullOrEmpty(p.Value.GetString()):
                    break;
                default:
                    list.Add(new CaseAnswer(name, p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString()!,
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => p.Value.GetRawText(),
                    }));
                    break;
            }
        }
    }

    private async Task AcknowledgeAsync(Guid reportId, CancellationToken ct)
    {
        var today = Today();
        await db.Set<Report>().Where(r => r.Id == reportId && r.AcknowledgedOn == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.AcknowledgedOn, today), ct);
    }

    internal async Task AddEventAsync(Guid reportId, Guid actorId, CaseEventKind kind, string? value, CancellationToken ct)
    {
        db.Add(new CaseEvent { Id = Guid.NewGuid(), ReportId = reportId, At = clock.GetUtcNow().UtcDateTime, ActorId = actorId, Kind = kind, Value = value });
        await db.SaveChangesAsync(ct);
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}

/// <summary>
/// The email a reporter gets when a question waits. It is written in the three languages (we do not keep the
/// reporter's language) and says nothing about the report: a mailbox read by someone else must learn nothing.
/// </summary>
public static class ReporterNotice
{
    public static string Subject(Texts texts) =>
        string.Join(" / ", Cultures.All.Select(c => texts.In(c, "Desk.Notice.Subject")));

    public static string Body(Texts texts, string siteBaseUrl) =>
        string.Join("\n\n", Cultures.All.Select(c => texts.In(c, "Desk.Notice.Body").Replace("{0}", $"{siteBaseUrl.TrimEnd('/')}/{c}/report/follow-up", StringComparison.Ordinal)));
}
