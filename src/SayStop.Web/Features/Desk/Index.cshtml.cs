using Microsoft.AspNetCore.Mvc;
using SayStop.Web.Features.Reports;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Desk;

/// <summary>
/// The inbox: reports with what is in clear (no key needed to list them), urgent first then oldest, filters in
/// the query string so a filtered view can be bookmarked, and "take it" to assign a report to oneself.
/// </summary>
public sealed class IndexModel(DeskInbox inbox, DeskSessions sessions, CaseFile cases, AuditLog audit, Texts texts) : DeskPageModel
{
    [BindProperty(SupportsGet = true, Name = "status")]
    public string? StatusFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "country")]
    public string? CountryFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "urgent")]
    public bool UrgentOnly { get; set; }

    [BindProperty(SupportsGet = true, Name = "mine")]
    public bool MineOnly { get; set; }

    [BindProperty(SupportsGet = true, Name = "overdue")]
    public bool OverdueOnly { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public InboxPage Inbox { get; private set; } = new([], 0, 1, 1);

    public bool KeyUnlocked { get; private set; }

    public string? Message { get; private set; }

    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Done == "deleted")
        {
            Message = texts["Desk.Inbox.Deleted"];
        }

        // Listing needs no key; looking at the inbox still counts as activity for the desk session.
        using (var pair = await sessions.UnlockAsync(HttpContext, UserId, ct))
        {
            KeyUnlocked = pair is not null;
        }

        Inbox = await inbox.ListAsync(Filter(), ct);
    }

    public async Task<IActionResult> OnPostTakeAsync(Guid id, CancellationToken ct)
    {
        using var pair = await sessions.UnlockAsync(HttpContext, UserId, ct);
        if (pair is null)
        {
            return RedirectToPage("/Desk/Unlock", new { culture = Cultures.Current, returnUrl = $"/{Cultures.Current}/desk" });
        }

        var access = await cases.AssignAsync(id, UserId, pair, UserId, ct);
        if (access == CaseAccess.NotFound)
        {
            return NotFound();
        }

        if (access == CaseAccess.Opened)
        {
            await audit.AppendAsync(Actor, "desk.report.assigned", id.ToString(), $"assignee={UserId}", ct);
            Message = texts["Desk.Inbox.Taken"];
        }
        else
        {
            Message = texts["Desk.Refused.Text"];
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        KeyUnlocked = true;
        Inbox = await inbox.ListAsync(Filter(), ct);
        return Page();
    }

    public ReportStatus? ParsedStatus =>
        StatusFilter is { Length: > 0 and < 40 } s && !char.IsAsciiDigit(s[0]) && Enum.TryParse<ReportStatus>(s, out var st) && Enum.IsDefined(st) ? st : null;

    public string? ParsedCountry => Countries.IsKnown(CountryFilter) ? CountryFilter : null;

    /// <summary>The query string for another page of the same view.</summary>
    public string PageUrl(int page)
    {
        var parts = new List<string>();
        if (ParsedStatus is { } s)
        {
            parts.Add("status=" + s);
        }

        if (ParsedCountry is { } c)
        {
            parts.Add("country=" + c);
        }

        if (UrgentOnly)
        {
            parts.Add("urgent=true");
        }

        if (MineOnly)
        {
            parts.Add("mine=true");
        }

        if (OverdueOnly)
        {
            parts.Add("overdue=true");
        }

        parts.Add("page=" + page);
        return $"/{Cultures.Current}/desk?" + string.Join('&', parts);
    }

    private InboxFilter Filter() =>
        new(ParsedStatus, ParsedCountry, UrgentOnly, MineOnly ? UserId : null, OverdueOnly, Math.Clamp(PageNumber, 1, 100_000));
}
