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
/// whether another page follows. <paramref name="IndexingPending"/>: whether the query passed as <c>alsoAsk</c> found
/// anything (null when not asked, or when the page had no row to carry the answer).
/// </summary>
public sealed record InboxPage(IReadOnlyList<InboxRow> Rows, int Total, int Page, int Pages, bool TotalIsCapped = false, bool HasNext = false,
    bool? IndexingPending = null);

/// <summary>
/// The desk's list of reports: urgent first, then the oldest, so what waits longest is seen first. It reads only
/// clear columns (no decryption), one indexed page at a time.
/// </summary>
public sealed class DeskInbox(AppDbContext db, DeskOptions options, TimeProvider clock)
{
    /// <summary>
    /// One page of the inbox. <paramref name="alsoAsk"/>: reports waiting for the desk index
    /// (<see cref="DeskIndex.PendingFor"/>); whether there are any rides in the page query, as the count does.
    /// </summary>
    public async Task<InboxPage> ListAsync(InboxFilter filter, IQueryable<Report>? alsoAsk = null, CancellationToken ct = default)
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

        var page = Math.Clamp(filter.Page, 1, MaxPage);
        int? counted = overdue?.Count;
        if (counted is { } known && known <= options.CountCap)
        {
            page = Math.Min(page, PagesFor(known));
        }

        // Counted up to the cap only (the database stops after CountCap + 1 rows however many match), in the page
        // query; a page past the end has no row to carry the count: count apart, then show the last page.
        var pending = alsoAsk ?? db.Set<Report>().Where(r => false);
        var rows = await PageAsync(query, overdue, page, pending, ct);
        counted ??= rows.Count > 0 ? rows[0].Matching : await query.Take(options.CountCap + 1).CountAsync(ct);
        var capped = counted > options.CountCap;
        if (!capped && rows.Count == 0 && page > PagesFor(counted.Value))
        {
            page = PagesFor(counted.Value);
            rows = await PageAsync(query, overdue, page, pending, ct);
        }

        var total = Math.Min(counted.Value, options.CountCap);
        var pages = capped ? 0 : PagesFor(total);

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
            total, page, pages, capped, hasNext, alsoAsk is null || rows.Count == 0 ? null : rows[0].Pending);
    }

    private int PagesFor(int total) => Math.Max(1, (Math.Min(total, options.CountCap) + options.PageSize - 1) / options.PageSize);

    private sealed record PageRow(Guid Id, DateOnly ReceivedOn, string Country, string Kind, bool Urgent, ReportStatus Status,
        DateOnly? AcknowledgedOn, DateOnly? FeedbackOn, string Reference, string? Assignee, List<string> Labels, int Matching, bool Pending);

    /// <summary>
    /// One page of rows (and one more, to tell whether another page follows), each carrying how many reports match
    /// up to the cap and whether <paramref name="pending"/> has any row: uncorrelated subqueries that both databases
    /// evaluate once, so they cost no round trip of their own (bench/desk: on a busy machine each round trip waits
    /// for the database's turn).
    /// </summary>
    private async Task<List<PageRow>> PageAsync(IQueryable<Report> query, List<(Guid Id, bool Urgent, DateOnly ReceivedOn)>? overdue, int page,
        IQueryable<Report> pending, CancellationToken ct)
    {
        var skip = (page - 1) * options.PageSize;
        var matching = query.Take(options.CountCap + 1);
        if (overdue is not null)
        {
            // Overdue ids were sorted and counted in memory: read only this page's rows.
            var pageIds = overdue.Skip(skip).Take(options.PageSize + 1).Select(r => r.Id).ToList();
            query = query.Where(r => pageIds.Contains(r.Id));
            matching = query;
            skip = 0;
        }

        var rows = await query
            .OrderByDescending(r => r.Urgent).ThenBy(r => r.ReceivedOn).ThenBy(r => r.Id)
            .Skip(skip).Take(options.PageSize + 1)
            .Select(r => new PageRow(
                r.Id,
                r.ReceivedOn,
                r.Country,
                r.Kind,
                r.Urgent,
                r.Status,
                r.AcknowledgedOn,
                r.FeedbackOn,
                r.Reference,
                db.Set<StaffUser>().Where(u => u.Id == r.AssigneeId).Select(u => u.DisplayName).FirstOrDefault(),
                // In the same query (a join on the page's rows), not a second round trip.
                db.Set<ReportLabel>().Where(l => l.ReportId == r.Id)
                    .Join(db.Set<DeskLabel>(), l => l.LabelId, d => d.Id, (l, d) => d.Name).ToList(),
                matching.Count(),
                pending.Any()))
            .ToListAsync(ct);

        if (overdue is not null)
        {
            // The databases order equal days by their own reading of the id; keep the order the page was cut in.
            var position = overdue.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i);
            rows = rows.OrderBy(r => position[r.Id]).ToList();
        }

        return rows;
    }

    /// <summary>The furthest page a URL may ask for (a bound on the offset the database must skip).</summary>
    public const int MaxPage = 100_000;

    /// <summary>The reports whose case reference is this (already parsed by <see cref="CaseReference.Parse"/>).</summary>
    public Task<List<Guid>> WithReferenceAsync(string reference, CancellationToken ct = default) =>
        db.Set<Report>().AsNoTracking().Where(r => r.Reference == reference).OrderBy(r => r.Id).Select(r => r.Id).Take(50).ToListAsync(ct);

    /// <summary>
    /// Gives rows stored before the reference column existed their reference (derived from the id, no key needed),
    /// a bounded batch at a time; one indexed lookup when none is missing. Run by the desk's housekeeping job.
    /// </summary>
    public async Task<int> FillReferencesAsync(int batch = 500, CancellationToken ct = default)
    {
        var ids = await db.Set<Report>().AsNoTracking().Where(r => r.Reference == string.Empty).OrderBy(r => r.Id).Select(r => r.Id).Take(batch).ToListAsync(ct);
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
