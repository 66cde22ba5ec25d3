using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SayStop.Sealing;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Security;
using SayStop.Web.Infrastructure.Site;

namespace SayStop.Web.Features.Desk;

/// <summary>
/// One report, opened with the handler's unlocked key: every answer, the contact, the conversation, internal
/// notes, the timeline, and the forms to ask the reporter, write a note, change the status and assign it.
/// Locked desk: the unlock form, keeping whatever was typed. No grant: a refusal (403). Unknown id: 404.
/// </summary>
public sealed class ReportModel(
    CaseFile cases,
    ReportDeletion deletion,
    DeskSessions sessions,
    UserManager<StaffUser> users,
    AuditLog audit,
    Texts texts,
    DeskIndex index,
    DeskLabels labels) : DeskPageModel
{
    private static readonly string[] DoneMessages = ["asked", "noted", "status", "assigned", "unlocked"];

    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Question { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? NewStatus { get; set; }

    [BindProperty]
    public string? AssigneeId { get; set; }

    [BindProperty]
    public string? DeleteReason { get; set; }

    [BindProperty]
    public string? DeleteConfirmed { get; set; }

    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    public CaseView? View { get; private set; }

    public bool Locked { get; private set; }

    public bool Refused { get; private set; }

    public IReadOnlyList<(Guid Id, string Name)> Handlers { get; private set; } = [];

    // Labels and related reports (blind index): their own block, kept apart from the forms above.

    [BindProperty]
    public string? LabelId { get; set; }

    /// <summary>The labels on this report, and the desk's others that can be put on.</summary>
    public IReadOnlyList<LabelSummary> ReportLabels { get; private set; } = [];

    public IReadOnlyList<LabelSummary> OtherLabels { get; private set; } = [];

    /// <summary>Reports sharing a detail with this one; null when this handler has no index key yet.</summary>
    public IReadOnlyList<RelatedReport>? Related { get; private set; }

    public string Reference => CaseReference.Display(CaseReference.For(Id));

    public string? LabelMessage => Done is "labelled" or "unlabelled" ? texts["Desk.Labels.Done." + Done].Value : null;

    public Task<IActionResult> OnPostLabelAsync(CancellationToken ct) => LabelActionAsync(add: true, ct);

    public Task<IActionResult> OnPostUnlabelAsync(CancellationToken ct) => LabelActionAsync(add: false, ct);

    /// <summary>Puts a label on (or takes it off) a report the handler is granted; a forged label id is refused (422).</summary>
    private Task<IActionResult> LabelActionAsync(bool add, CancellationToken ct) => ActAsync(async (pair, ct) =>
    {
        var access = await cases.CheckAsync(Id, pair, ct);
        if (access != CaseAccess.Opened)
        {
            return (access, string.Empty);
        }

        if (!Guid.TryParse(LabelId, out var labelId)
            || (add ? await labels.AddToReportAsync(Id, labelId, ct) : await labels.RemoveFromReportAsync(Id, labelId, ct)) != LabelOutcome.Done)
        {
            ModelState.AddModelError(nameof(LabelId), texts["Desk.Labels.Unknown"]);
            return null;
        }

        await audit.AppendAsync(Actor, add ? "desk.report.labelled" : "desk.report.unlabelled", Id.ToString(), $"label={labelId}", ct);
        return (CaseAccess.Opened, add ? "labelled" : "unlabelled");
    }, ct);

    public string? Message => Done is not null && DoneMessages.Contains(Done) ? texts["Desk.Report.Done." + Done].Value : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        using var pair = await sessions.UnlockAsync(HttpContext, UserId, ct);
        return await ShowAsync(pair, ct);
    }

    public async Task<IActionResult> OnPostUnlockAsync(CancellationToken ct)
    {
        var (refusal, pair) = await UnlockAsync(Password, ct);
        Password = null;
        using (pair)
        {
            if (refusal is not null || pair is null)
            {
                ModelState.AddModelError(nameof(Password), texts[refusal ?? "Desk.Unlock.Wrong"]);
                Locked = true;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            }

            if (string.IsNullOrEmpty(Question) && string.IsNullOrEmpty(Note))
            {
                return Finished("unlocked");
            }

            // A draft typed before the lock comes back into its box, not sent: the handler sends it knowingly.
            return await ShowAsync(pair, ct);
        }
    }

    public Task<IActionResult> OnPostAskAsync(CancellationToken ct) => ActAsync(async (pair, ct) =>
    {
        var text = TextInput.CleanMultiline(Question);
        if (!ValidText(nameof(Question), text, ReportFollowUp.MaxMessageLength))
        {
            return null;
        }

        var result = await cases.AskAsync(Id, UserId, pair, text!, SiteUrls.Base(HttpContext), ct);
        if (result == CaseAccess.Opened)
        {
            await audit.AppendAsync(Actor, "desk.report.asked", Id.ToString(), string.Empty, ct);
        }

        return (result, "asked");
    }, ct);

    public Task<IActionResult> OnPostNoteAsync(CancellationToken ct) => ActAsync(async (pair, ct) =>
    {
        var text = TextInput.CleanMultiline(Note);
        if (!ValidText(nameof(Note), text, CaseFile.MaxNoteLength))
        {
            return null;
        }

        var result = await cases.AddNoteAsync(Id, UserId, pair, text!, ct);
        if (result == CaseAccess.Opened)
        {
            await audit.AppendAsync(Actor, "desk.report.noted", Id.ToString(), string.Empty, ct);
        }

        return (result, "noted");
    }, ct);

    public Task<IActionResult> OnPostStatusAsync(CancellationToken ct) => ActAsync(async (pair, ct) =>
    {
        if (NewStatus is not { Length: > 0 and < 40 } s || char.IsAsciiDigit(s[0]) || s[0] == '-'
            || !Enum.TryParse<ReportStatus>(s, out var status) || !Enum.IsDefined(status))
        {
            ModelState.AddModelError(nameof(NewStatus), texts["Validation.Invalid"]);
            return null;
        }

        var result = await cases.SetStatusAsync(Id, UserId, pair, status, ct);
        if (result == CaseAccess.Opened)
        {
            await audit.AppendAsync(Actor, "desk.report.status", Id.ToString(), status.ToString(), ct);
        }

        return (result, "status");
    }, ct);

    public Task<IActionResult> OnPostAssignAsync(CancellationToken ct) => ActAsync(async (pair, ct) =>
    {
        Guid? assignee = null;
        if (!string.IsNullOrEmpty(AssigneeId))
        {
            var handlers = await LoadHandlersAsync();
            if (!Guid.TryParse(AssigneeId, out var g) || handlers.All(h => h.Id != g))
            {
                ModelState.AddModelError(nameof(AssigneeId), texts["Desk.Report.NoSuchHandler"]);
                return null;
            }

            assignee = g;
        }

        var result = await cases.AssignAsync(Id, UserId, pair, assignee, ct);
        if (result == CaseAccess.Opened)
        {
            await audit.AppendAsync(Actor, "desk.report.assigned", Id.ToString(), $"assignee={assignee?.ToString() ?? "none"}", ct);
        }

        return (result, "assigned");
    }, ct);

    /// <summary>
    /// Deletes the report at once, leaving its statistics row: a reason from the fixed list and the confirmation box
    /// are required; the audit log keeps the ids and the reason's word, nothing typed.
    /// </summary>
    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        using var pair = await sessions.UnlockAsync(HttpContext, UserId, ct);
        if (pair is null)
        {
            Locked = true;
            return Page();
        }

        var access = await cases.CheckAsync(Id, pair, ct);
        if (access != CaseAccess.Opened)
        {
            return access == CaseAccess.NotFound ? NotFound() : await ShowAsync(pair, ct);
        }

        var reason = DeleteReason is { Length: < 40 } r && DeletionReasons.IsKnown(r) ? r : null;
        if (reason is null)
        {
            ModelState.AddModelError(nameof(DeleteReason), texts["Desk.Delete.ReasonRequired"]);
        }

        if (DeleteConfirmed != "true")
        {
            ModelState.AddModelError(nameof(DeleteConfirmed), texts["Desk.Delete.ConfirmRequired"]);
        }

        if (!ModelState.IsValid || reason is null)
        {
            DeleteReason = reason;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await ShowAsync(pair, ct, keepStatus: true);
        }

        if (!await deletion.DeleteAsync(Id, Statistics.ReportOutcome.DeletedByHandler, ct))
        {
            return NotFound();
        }

        await audit.AppendAsync(Actor, "desk.report.deleted", Id.ToString(), $"outcome={Statistics.ReportOutcome.DeletedByHandler} reason={reason}", ct);
        return Redirect($"/{Cultures.Current}/desk?done=deleted");
    }

    // The reporter's questions label the answers (the same words, in the handler's language).
    internal static readonly Dictionary<string, string> FormLabels = new(StringComparer.Ordinal)
    {
        ["city"] = "Report.Where.City",
        ["placeKind"] = "Report.Where.PlaceKind",
        ["placeName"] = "Report.Where.PlaceName",
        ["coordinates"] = "Report.Where.Coordinates",
        ["onDate"] = "Report.When.Date",
        ["atTime"] = "Report.When.Time",
        ["suspect.name"] = "Report.Suspect.Name",
        ["suspect.description"] = "Report.Suspect.Description",
        ["suspect.age"] = "Report.Suspect.Age",
        ["suspect.nationality"] = "Report.Suspect.Nationality",
        ["suspect.vehicle"] = "Report.Suspect.Vehicle",
        ["suspect.travel"] = "Report.Suspect.Travel",
        ["suspect.stay"] = "Report.Suspect.Stay",
        ["children.count"] = "Report.Children.Count",
        ["children.age"] = "Report.Children.Age",
        ["children.gender"] = "Report.Children.Gender",
        ["children.description"] = "Report.Children.Description",
        ["alreadyActed"] = "Report.Acted.Question",
        ["actedDetails"] = "Report.Acted.Details",
    };

    public string AnswerLabel(string name) => AnswerTexts.Label(texts, name);

    public string AnswerValue(CaseAnswer answer) => AnswerTexts.Value(texts, answer);

    /// <summary>A photo of this report, decrypted for this handler only, never cached.</summary>
    public async Task<IActionResult> OnGetPhotoAsync(Guid photo, CancellationToken ct)
    {
        using var pair = await sessions.UnlockAsync(HttpContext, UserId, ct);
        if (pair is null)
        {
            return Forbid();
        }

        var (access, bytes, contentType) = await cases.OpenPhotoAsync(Id, photo, pair, ct);
        if (access != CaseAccess.Opened || bytes is null)
        {
            return access == CaseAccess.NotGranted ? Forbid() : NotFound();
        }

        await audit.AppendAsync(Actor, "desk.report.photo", Id.ToString(), photo.ToString(), ct);
        Response.Headers.CacheControl = "no-store";
        return File(bytes, contentType!);
    }

    public string HandlerName(Guid? id) =>
        id is null ? texts["Desk.Inbox.Nobody"] : Handlers.FirstOrDefault(h => h.Id == id).Name ?? texts["Desk.Report.FormerHandler"];

    /// <summary>
    /// Runs one form's action with the unlocked key: a locked desk shows the unlock form (drafts kept), invalid
    /// input shows the page again with the message, no grant refuses, an unknown report is 404.
    /// </summary>
    private async Task<IActionResult> ActAsync(Func<KeyPair, CancellationToken, Task<(CaseAccess Access, string Done)?>> action, CancellationToken ct)
    {
        using var pair = await sessions.UnlockAsync(HttpContext, UserId, ct);
        if (pair is null)
        {
            Locked = true;
            return Page();
        }

        var outcome = await action(pair, ct);
        if (outcome is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await ShowAsync(pair, ct, keepStatus: true);
        }

        return outcome.Value.Access switch
        {
            CaseAccess.NotFound => NotFound(),
            CaseAccess.NotGranted => await ShowAsync(pair, ct),
            _ => Finished(outcome.Value.Done),
        };
    }

    private async Task<IActionResult> ShowAsync(KeyPair? pair, CancellationToken ct, bool keepStatus = false)
    {
        if (pair is null)
        {
            Locked = true;
            return Page();
        }

        var (access, view) = await cases.OpenAsync(Id, pair, ct);
        switch (access)
        {
            case CaseAccess.NotFound:
                return NotFound();
            case CaseAccess.NotGranted:
                Refused = true;
                await audit.AppendAsync(Actor, "desk.report.refused", Id.ToString(), "no grant", ct);
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
        }

        View = view;
        Handlers = await LoadHandlersAsync();
        await LoadLabelsAndRelatedAsync(pair, ct);
        if (!keepStatus)
        {
            await audit.AppendAsync(Actor, "desk.report.opened", Id.ToString(), string.Empty, ct);
        }

        return Page();
    }

    private async Task LoadLabelsAndRelatedAsync(KeyPair pair, CancellationToken ct)
    {
        ReportLabels = await labels.OfReportAsync(Id, ct);
        OtherLabels = (await labels.ListAsync(withCounts: false, ct: ct)).Where(l => ReportLabels.All(r => r.Id != l.Id)).ToList();
        Related = await index.ForReportAsync(Id, pair, ct);
    }

    private async Task<IReadOnlyList<(Guid Id, string Name)>> LoadHandlersAsync() =>
        (await users.GetUsersInRoleAsync(StaffRoles.CaseHandler))
            .Where(u => !u.IsDisabled && u.ActivatedAt is not null)
            .OrderBy(u => u.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .Select(u => (u.Id, u.DisplayName))
            .ToList();

    private bool ValidText(string field, string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            ModelState.AddModelError(field, texts["Validation.Required"]);
            return false;
        }

        if (text.Length > max)
        {
            ModelState.AddModelError(field, texts["Validation.TooLong", field, max]);
            return false;
        }

        return true;
    }

    private RedirectResult Finished(string done) => Redirect($"/{Cultures.Current}/desk/report/{Id}?done={done}");
}
