using Microsoft.AspNetCore.Mvc;
using SayStop.Web.Features.Reports;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Security;

namespace SayStop.Web.Features.Desk;

/// <summary>
/// The inbox: reports with what is in clear (no key needed to list them), urgent first then oldest, filters in
/// the query string so a filtered view can be bookmarked, and "take it" to assign a report to oneself.
/// </summary>
public sealed class IndexModel(DeskInbox inbox, DeskSessions sessions, CaseFile cases, DeskIndex index, DeskLabels labels, DeskOptions options,
    AuditLog audit, Texts texts) : DeskPageModel
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

    [BindProperty(SupportsGet = true, Name = "label")]
    public string? LabelFilter { get; set; }

    /// <summary>A case reference, or a suspect's name, a plate, a flight or a place's name (through the blind index).</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    public const int MaxSearchLength = 100;

    public IReadOnlyList<LabelSummary> Labels { get; private set; } = [];

    /// <summary>Why the search could not look in the blind index (a text key), or null.</summary>
    public string? SearchNotice { get; private set; }

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

        await LoadLabelsAsync(ct);

        if (Search is { Length: > 0 } && CleanSearch is null)
        {
            SearchNotice = "Desk.Search.Invalid";
        }

        if (LabelFilter is { Length: > 0 } && ParsedLabel is null)
        {
            Message = texts["Desk.Labels.Unknown"];
        }

        // Listing needs no key; looking at the inbox still counts as activity for the desk session. With the key
        // unlocked, a few reports not yet in the blind index are added (bounded): before a search, which needs
        // them; otherwise after the listing, whose page query says whether there are any (usually none, and then
        // the key pair is not even made).
        if (CleanSearch is { } term)
        {
            using var pair = await sessions.UnlockAsync(HttpContext, UserId, ct);
            KeyUnlocked = pair is not null;
            if (pair is not null)
            {
                await index.IndexPendingAsync(pair, options.IndexBatch, ct);
            }

            Inbox = await inbox.ListAsync(Filter(await SearchAsync(term, pair, ct)), ct: ct);
            return;
        }

        var keyId = await sessions.UnlockedKeyIdAsync(HttpContext, UserId, ct);
        KeyUnlocked = keyId is not null;
        Inbox = await inbox.ListAsync(Filter(), keyId is { } k ? index.PendingFor(k) : null, ct);
        if (keyId is not null && Inbox.IndexingPending != false)
        {
            using var pair = await sessions.UnlockAsync(HttpContext, UserId, ct);
            if (pair is not null)
            {
                await index.IndexPendingAsync(pair, options.IndexBatch, ct);
            }
        }
    }

    /// <summary>
    /// Reports whose case reference is the term, and those the blind index finds for it (only with an unlocked key
    /// that has the index key; otherwise the notice says what is missing).
    /// </summary>
    private async Task<IReadOnlyCollection<Guid>> SearchAsync(string term, Sealing.KeyPair? pair, CancellationToken ct)
    {
        var ids = new HashSet<Guid>();
        if (CaseReference.Parse(term) is { } reference)
        {
            ids.UnionWith(await inbox.WithReferenceAsync(reference, ct));
        }

        if (pair is null)
        {
            SearchNotice = "Desk.Search.NeedsUnlock";
        }
        else if (await index.SearchAsync(term, pair, ct) is { } matches)
        {
            ids.UnionWith(matches);
        }
        else
        {
            SearchNotice = "Desk.Search.NoIndexKey";
        }

        await audit.AppendAsync(Actor, "desk.inbox.searched", UserId.ToString(), $"found={ids.Count}", ct);
        return ids;
    }

    private async Task LoadLabelsAsync(CancellationToken ct)
    {
        Labels = await labels.ListAsync(withCounts: false, ct: ct);
        // This node keeps a copy of the list: a label just made on another node is not in it yet.
        if (Guid.TryParse(LabelFilter, out var wanted) && Labels.All(l => l.Id != wanted))
        {
            Labels = await labels.ListAsync(withCounts: false, fresh: true, ct: ct);
        }
    }

    /// <summary>The search term, cleaned; null when empty or too long.</summary>
    public string? CleanSearch => TextInput.Clean(Search) is { Length: > 0 and <= MaxSearchLength } t ? t : null;

    public Guid? ParsedLabel => Guid.TryParse(LabelFilter, out var id) && Labels.Any(l => l.Id == id) ? id : null;

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
        await LoadLabelsAsync(ct);
        Inbox = await inbox.ListAsync(Filter(), ct: ct);
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

        if (ParsedLabel is { } label)
        {
            parts.Add("label=" + label);
        }

        if (CleanSearch is { } q)
        {
            parts.Add("q=" + Uri.EscapeDataString(q));
        }

        parts.Add("page=" + page);
        return $"/{Cultures.Current}/desk?" + string.Join('&', parts);
    }

    private InboxFilter Filter(IReadOnlyCollection<Guid>? found = null) =>
        new(ParsedStatus, ParsedCountry, UrgentOnly, MineOnly ? UserId : null, OverdueOnly, Math.Clamp(PageNumber, 1, DeskInbox.MaxPage), ParsedLabel, found);
}
