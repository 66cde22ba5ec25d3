using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;

namespace SayStop.Web.Features.Desk;

/// <summary>What the inbox may be narrowed to; every value comes from a fixed list or the person's own id.</summary>
/// <paramref name="LabelId"/>: reports carrying this label. <paramref name="OnlyIds"/>: the reports a search found
/// (by case reference or blind index), worked out before listing.
public sealed record InboxFilter(ReportStatus? Status, string? Country, bool UrgentOnly, Guid? AssigneeId, bool OverdueOnly, int Page,
    Guid? LabelId = null, IReadOnlyCollection<Guid>? OnlyIds = null);

/// <summary>One inbox line: only what is stored in clear, nothing that needs a key.</summary>
public sealed record InboxRow(
    Guid Id,
    DateOnly ReceivedOn,
    string Country,
    string Kind,
    bool Urgent,
    ReportStatus Status,
    string? Assignee,
    DateOnly AcknowledgeBy,
    DateOnly FeedbackBy,
    bool AcknowledgeOverdue,
    bool FeedbackOverdue,
    string Reference = "",
    IReadOnlyList<string>? Labels = null);

/// <summary>
/// One page of the inbox. <paramref name="Total"/> counts the matching reports up to <see cref="DeskOptions.CountCap"/>;
/// past it <paramref name="TotalIsCapped"/> is set, <paramref name="Pages"/> is unknown (0) and <paramref name="HasNext"/> says
/// whether another page follows.
/// </summary>
public sealed record InboxPage(IReadOnlyList<InboxRow> Rows, int Total, int Page, int Pages, bool TotalIsCapped = false, bool HasNext = false);

/// <summary>
/// The desk's list of reports: urgent first, then the oldest, so what waits longest is seen first. It reads only
/// clear columns (no decryption), one indexed page at a time.
/// </summary>
public sealed class DeskInbox(AppDbContext db, DeskOptions options, TimeProvider clock)
{
    public async Task<InboxPage> ListAsync(InboxFilter filter, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var ackCutoff = options.AcknowledgeCutoff(today);
        var feedbackCutoff = options.FeedbackCutoff(today);

        var query = db.Set<Report>().AsNoTracking();
        if (filter.Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }

        if (filter.Country is { } country)
        {
            query = query.Where(r => r.Country == country);
        }

        if (filter.UrgentOnly)
        {
            query = query.Where(r => r.Urgent);
        }

        if (filter.AssigneeId is { } assignee)
        {
            query = query.Where(r => r.AssigneeId == assignee);
        }

        if (filter.LabelId is { } labelId)
        {
            query = query.Where(r => db.Set<ReportLabel>().Any(l => l.LabelId == labelId && l.ReportId == r.Id));
        }

        if (filter.OnlyIds is { } ids)
        {
            query = query.Where(r => ids.Contains(r.Id));
        }

        // Overdue reports are few, but PostgreSQL cannot tell how few (open reports are the recent ones, which its
        // per-column statistics do not know) and walked the whole inbox order filtering every row: 0.9 s at 100,000
        // reports (bench/desk). Without an order and a limit it finds them through IX_Reports_Unacknowledged and
        // IX_Reports_NoFeedback; they are counted, sorted and paged here, and only the page's rows are read.
        List<(Guid Id, bool Urgent, DateOnly ReceivedOn)>? overdue = null;
        if (filter.OverdueOnly)
        {
            overdue = (await Overdue(query, ackCutoff, feedbackCutoff).Select(r => new { r.Id, r.Urgent, r.ReceivedOn }).ToListAsync(ct))
                .Select(r => (r.Id, r.Urgent, r.ReceivedOn))
                .OrderByDescending(r => r.Urgent).ThenBy(r => r.ReceivedOn).ThenBy(r => r.Id)
                .ToList();
        }

        // Counted up to the cap only: the database stops after CountCap + 1 rows however many match.
        var counted = overdue?.Count ?? await query.Take(options.CountCap + 1).CountAsync(ct);
        var capped = counted > options.CountCap;
        var total = Math.Min(counted, options.CountCap);
        var pages = capped ? 0 : Math.Max(1, (total + options.PageSize - 1) / options.PageSize);
        var page = Math.Clamp(filter.Page, 1, capped ? MaxPage : pages);
        var skip = (page - 1) * options.PageSize;
        if (overdue is not null)
        {
            var pageIds = overdue.Skip(skip).Take(options.PageSize + 1).Select(r => r.Id).ToList();
            query = query.Where(r => pageIds.Contains(r.Id));
            skip = 0;
        }

        var rows = await query
            .OrderByDescending(r => r.Urgent).ThenBy(r => r.ReceivedOn).ThenBy(r => r.Id)
            .Skip(skip).Take(options.PageSize + 1)
            .Select(r => new
            {
                r.Id,
                r.ReceivedOn,
                r.Country,
                r.Kind,
                r.Urgent,
                r.Status,
                r.AcknowledgedOn,
                r.FeedbackOn,
                r.Reference,
                Assignee = db.Set<StaffUser>().Where(u => u.Id == r.AssigneeId).Select(u => u.DisplayName).FirstOrDefault(),
                // In the same query (a join on the page's rows), not a second round trip.
                Labels = db.Set<ReportLabel>().Where(l => l.ReportId == r.Id)
                    .Join(db.Set<DeskLabel>(), l => l.LabelId, d => d.Id, (l, d) => d.Name).ToList(),
            })
            .ToListAsync(ct);

        if (overdue is not null)
        {
            // The databases order equal days by their own reading of the id; keep the order the page was cut in.
            var position = overdue.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i);
            rows = rows.OrderBy(r => position[r.Id]).ToList();
        }

        // One row more than a page tells whether another page follows, without counting them all.
        var hasNext = rows.Count > options.PageSize;
        if (hasNext)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new InboxPage(
            rows.Select(r => new InboxRow(r.Id, r.ReceivedOn, r.Country, r.Kind, r.Urgent, r.Status, r.Assignee,
                r.ReceivedOn.AddDays(options.AcknowledgeWithinDays), r.ReceivedOn.AddMonths(options.FeedbackWithinMonths),
                r.AcknowledgedOn is null && r.ReceivedOn < ackCutoff,
                r.FeedbackOn is null && r.ReceivedOn < feedbackCutoff,
                r.Reference.Length == 0 ? CaseReference.For(r.Id) : r.Reference,
                r.Labels.Order(StringComparer.CurrentCultureIgnoreCase).ToList())).ToList(),
            total, page, pages, capped, hasNext);
    }

    /// <summary>The furthest page a URL may ask for (a bound on the offset the database must skip).</summary>
    public const int MaxPage = 100_000;

    /// <summary>The reports whose case reference is this (already parsed by <see cref="CaseReference.Parse"/>).</summary>
    public Task<List<Guid>> WithReferenceAsync(string reference, CancellationToken ct = default) =>
        db.Set<Report>().AsNoTracking().Where(r => r.Reference == reference).Select(r => r.Id).Take(50).ToListAsync(ct);

    /// <summary>
    /// Gives rows stored before the reference column existed their reference (derived from the id, no key needed),
    /// a bounded batch at a time; one indexed lookup when none is missing. Run by the desk's housekeeping job.
    /// </summary>
    public async Task<int> FillReferencesAsync(int batch = 500, CancellationToken ct = default)
    {
        var ids = await db.Set<Report>().AsNoTracking().Where(r => r.Reference == string.Empty).Select(r => r.Id).Take(batch).ToListAsync(ct);
        foreach (var id in ids)
        {
            var reference = CaseReference.For(id);
            await db.Set<Report>().Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Reference, reference), ct);
        }

        return ids.Count;
    }

    /// <summary>How many reports are past a deadline today (for the reminder email: a count, nothing else).</summary>
    public Task<int> CountOverdueAsync(CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return Overdue(db.Set<Report>(), options.AcknowledgeCutoff(today), options.FeedbackCutoff(today)).CountAsync(ct);
    }

    /// <summary>Closed reports owe nothing more; the rest are late when unacknowledged or without feedback past their cutoff.</summary>
    private static IQueryable<Report> Overdue(IQueryable<Report> query, DateOnly ackCutoff, DateOnly feedbackCutoff) =>
        query.Where(r => r.Status != ReportStatus.Closed
            && ((r.AcknowledgedOn == null && r.ReceivedOn < ackCutoff) || (r.FeedbackOn == null && r.ReceivedOn < feedbackCutoff)));
}
