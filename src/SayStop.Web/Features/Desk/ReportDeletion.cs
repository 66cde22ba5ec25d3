using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Statistics;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Jobs;

namespace SayStop.Web.Features.Desk;

/// <summary>Why a handler deletes a report at once: words from a fixed list, the only thing the audit log keeps.</summary>
public static class DeletionReasons
{
    public static readonly IReadOnlyList<string> All = ["Duplicate", "OutOfScope", "Unusable", "ReporterAsked", "Abusive"];

    public static bool IsKnown(string? reason) => reason is not null && All.Contains(reason, StringComparer.Ordinal);
}

/// <summary>
/// Deletes a report and everything that hangs on it (ciphertext, sealed keys, case keys, messages, notes, photos,
/// timeline, labels, blind-index tokens, forwards with their sealed dossiers) in one transaction that also writes its single anonymous <see cref="ReportStatistic"/>. The report
/// row goes first: when two nodes delete the same report at once, the second finds no row, writes nothing and
/// says so, so a report leaves exactly one statistics row.
/// </summary>
public sealed class ReportDeletion(AppDbContext db, DeskOptions options, TimeProvider clock, ILogger<ReportDeletion> logger)
{
    private const int Batch = 200;

    /// <summary>Deletes the report; false when it was already gone (or never existed).</summary>
    public async Task<bool> DeleteAsync(Guid reportId, ReportOutcome outcome, CancellationToken ct = default)
    {
        var report = await db.Set<Report>().AsNoTracking().Where(r => r.Id == reportId)
            .Select(r => new { r.Country, r.Kind, r.ReceivedOn, r.Urgent }).FirstOrDefaultAsync(ct);
        if (report is null)
        {
            return false;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.Set<Report>().Where(r => r.Id == reportId).ExecuteDeleteAsync(ct) != 1)
        {
            await tx.RollbackAsync(ct);
            return false;
        }

        // The foreign keys cascade; these make sure of it whatever the database enforces.
        await db.Set<ReportAttachment>().Where(a => a.ReportId == reportId).ExecuteDeleteAsync(ct);
        await db.Set<ReportMessage>().Where(m => m.ReportId == reportId).ExecuteDeleteAsync(ct);
        await db.Set<ReportNote>().Where(n => n.ReportId == reportId).ExecuteDeleteAsync(ct);
        await db.Set<ReportCaseKey>().Where(k => k.ReportId == reportId).ExecuteDeleteAsync(ct);
        await db.Set<ReportSealedKey>().Where(k => k.ReportId == reportId).ExecuteDeleteAsync(ct);
        await db.Set<CaseEvent>().Where(e => e.ReportId == reportId).ExecuteDeleteAsync(ct);
        await db.Set<ReportLabel>().Where(l => l.ReportId == reportId).ExecuteDeleteAsync(ct);
        await db.Set<ReportIndexToken>().Where(t => t.ReportId == reportId).ExecuteDeleteAsync(ct);
        // A dossier email already sent leaves nothing behind either (its ciphertext); one still queued is kept to go out.
        var emails = await db.Set<Forwarding.ReportForward>().Where(f => f.ReportId == reportId && f.OutboxEmailId != null).Select(f => f.OutboxEmailId!.Value).ToListAsync(ct);
        await db.Set<Infrastructure.Email.OutboxEmail>().Where(e => emails.Contains(e.Id) && e.SentAt != null).ExecuteDeleteAsync(ct);
        await db.Set<Forwarding.ReportForward>().Where(f => f.ReportId == reportId).ExecuteDeleteAsync(ct);

        db.Add(new ReportStatistic
        {
            Id = Guid.NewGuid(),
            Country = report.Country,
            Kind = report.Kind,
            Month = ReportStatistic.MonthOf(report.ReceivedOn),
            Urgent = report.Urgent,
            Outcome = outcome,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        await db.Database.ForgetDeletedRowsAsync(ct);
        logger.LogInformation("Report {ReportId} deleted ({Outcome})", reportId, outcome);
        return true;
    }

    /// <summary>
    /// Reports past their retention: forwarded to the police, or closed, longer ago than the configured delays.
    /// The day of the change is the latest "status changed" line of the timeline; a report without one (its status
    /// set outside the desk) counts from its feedback day.
    /// </summary>
    public async Task<IReadOnlyList<(Guid Id, ReportOutcome Outcome)>> DueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = new List<(Guid, ReportOutcome)>();
        foreach (var (status, outcome, days) in new[]
                 {
                     (ReportStatus.ForwardedToPolice, ReportOutcome.ForwardedToPolice, options.DeleteAfterForwardedDays),
                     (ReportStatus.Closed, ReportOutcome.ClosedUnusable, options.DeleteAfterClosedDays),
                 })
        {
            var cutoff = now.AddDays(-days);
            var cutoffDay = DateOnly.FromDateTime(cutoff);
            var ids = await db.Set<Report>().AsNoTracking()
                .Where(r => r.Status == status)
                .Select(r => new
                {
                    r.Id,
                    r.FeedbackOn,
                    Changed = db.Set<CaseEvent>().Where(e => e.ReportId == r.Id && e.Kind == CaseEventKind.StatusChanged).Max(e => (DateTime?)e.At),
                })
                .Where(x => (x.Changed != null && x.Changed < cutoff) || (x.Changed == null && x.FeedbackOn != null && x.FeedbackOn < cutoffDay))
                .OrderBy(x => x.Id)
                .Select(x => x.Id)
                .Take(Batch)
                .ToListAsync(ct);
            due.AddRange(ids.Select(id => (id, outcome)));
        }

        return due;
    }
}

/// <summary>
/// Every hour, on one node (the job lease): deletes the reports past their retention and audits each deletion
/// with ids only. Run twice at once, each report is still deleted, counted and audited once.
/// </summary>
internal sealed class ReportDeletionJob : IScheduledJob
{
    public string Name => "desk.report-deletion";

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var deletion = services.GetRequiredService<ReportDeletion>();
        var audit = services.GetRequiredService<AuditLog>();
        while (true)
        {
            var due = await deletion.DueAsync(ct);
            var deleted = 0;
            foreach (var (id, outcome) in due)
            {
                if (await deletion.DeleteAsync(id, outcome, ct))
                {
                    deleted++;
                    await audit.AppendAsync("system", "desk.report.deleted", id.ToString(), $"outcome={outcome}", ct);
                }
            }

            // A full batch may have more behind it; a batch another node emptied first ends the run.
            if (due.Count == 0 || deleted == 0)
            {
                return;
            }
        }
    }
}
