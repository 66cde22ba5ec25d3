using Microsoft.AspNetCore.Mvc;
using SayStop.Sealing;
using SayStop.Web.Features.Desk.Forwarding;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Security;

namespace SayStop.Web.Features.Desk;

/// <summary>
/// Forwarding one report to the police: suggested authorities, the reporter's consent, preparing (handler A),
/// approving or refusing (handler B, never A: four eyes), downloading an approved dossier (PDF, JSON; never
/// cached) and confirming a manual delivery. Every action and every refusal is audited with ids only.
/// </summary>
public sealed class ForwardModel(CaseFile cases, Forwards forwards, DeskSessions sessions, AuditLog audit, Texts texts) : DeskPageModel
{
    private static readonly string[] DoneMessages = ["prepared", "approved", "sent", "refused", "delivered"];

    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public string? AuthorityId { get; set; }

    [BindProperty]
    public string? CoveringNote { get; set; }

    [BindProperty]
    public string? ForwardId { get; set; }

    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    public CaseView? View { get; private set; }

    public bool Locked { get; private set; }

    public bool Refused { get; private set; }

    /// <summary>A text key saying why an action was refused (shown at the top, with 403/409/422).</summary>
    public string? Problem { get; private set; }

    public IReadOnlyList<AuthoritySuggestion> Suggestions { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Country, string Name, bool Placeholder)> Choosable { get; private set; } = [];

    public IReadOnlyList<ForwardView> Forwards { get; private set; } = [];

    public string? Message => Done is not null && DoneMessages.Contains(Done) ? texts["Desk.Forward.Done." + Done].Value : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        using var pair = await sessions.UnlockAsync(HttpContext, UserId, ct);
        return await ShowAsync(pair, ct);
    }

    public async Task<IActionResult> OnPostPrepareAsync(CancellationToken ct)
    {
        using var pair = await sessions.UnlockAsync(HttpContext, UserId, ct);
        if (pair is null)
        {
            return await ShowAsync(pair, ct);
        }

        var note = TextInput.CleanMultiline(CoveringNote);
        if (note?.Length > Forwarding.Forwards.MaxNoteLength)
        {
            ModelState.AddModelError(nameof(CoveringNote), texts["Validation.TooLong", texts["Desk.Forward.Note"].Value, Forwarding.Forwards.MaxNoteLength]);
        }

        if (!Guid.TryParse(AuthorityId, out var authority))
        {
            ModelState.AddModelError(nameof(AuthorityId), texts["Desk.Forward.ChooseAuthority"]);
        }

        if (!ModelState.IsValid)
        {
            return await RefuseAsync(pair, StatusCodes.Status422UnprocessableEntity, null, ct);
        }

        var (result, forward) = await forwards.PrepareAsync(Id, UserId, pair, authority, note, ct);
        if (result == ForwardResult.Done)
        {
            await audit.AppendAsync(Actor, "desk.forward.prepared", Id.ToString(), $"forward={forward!.Id} authority={authority} identity={forward.IncludesIdentity}", ct);
            return Finished("prepared");
        }

        if (result == ForwardResult.BadAuthority)
        {
            ModelState.AddModelError(nameof(AuthorityId), texts["Desk.Forward.Result.BadAuthority"]);
        }

        return await RefusedAsync(pair, result, "prepare", null, ct);
    }

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken ct)
    {
        using var pair = await sessions.UnlockAsync(HttpContext, UserId, ct);
        if (pair is null || !Guid.TryParse(ForwardId, out var forwardId))
        {
            return pair is null ? await ShowAsync(pair, ct) : NotFound();
        }

        var (result, forward) = await forwards.ApproveAsync(Id, forwardId, UserId, pair, ct);
        if (result != ForwardResult.Done)
        {
            return await RefusedAsync(pair, result, "approve", forwardId, ct);
        }

        await audit.AppendAsync(Actor, "desk.forward.approved", Id.ToString(), $"forward={forwardId} state={forward!.State}", ct);
        if (forward.OutboxEmailId is { } email)
        {
            await audit.AppendAsync(Actor, "desk.forward.sent", Id.ToString(), $"forward={forwardId} email={email}", ct);
        }

        return Finished(forward.State == ForwardState.Sent ? "sent" : "approved");
    }

    public async Task<IActionResult> OnPostRefuseAsync(CancellationToken ct)
    {
        using var pair = await sessions.UnlockAsync(HttpContext, UserId, ct);
        if (pair is null || !Guid.TryParse(ForwardId, out var forwardId))
        {
            return pair is null ? await ShowAsync(pair, ct) : NotFound();
        }

        var result = await forwards.RefuseAsync(Id, forwardId, UserId, pair, ct);
        if (result != ForwardResult.Done)
        {
            return await RefusedAsync(pair, result, "refuse", forwardId, ct);
        }

        await audit.AppendAsync(Actor, "desk.forward.declined", Id.ToString(), $"forward={forwardId}", ct);
        return Finished("refused");
    }

    public async Task<IActionResult> OnPostDeliveredAsync(CancellationToken ct)
    {
        using var pair = await sessions.UnlockAsync(HttpContext, UserId, ct);
        if (pair is null || !Guid.TryParse(ForwardId, out var forwardId))
        {
            return pair is null ? await ShowAsync(pair, ct) : NotFound();
        }

        var result = await forwards.MarkDeliveredAsync(Id, forwardId, UserId, pair, ct);
        if (result != ForwardResult.Done)
        {
            return await RefusedAsync(pair, result, "delivered", forwardId, ct);
        }

        await audit.AppendAsync(Actor, "desk.forward.delivered", Id.ToString(), $"forward={forwardId}", ct);
        return Finished("delivered");
    }

    /// <summary>The approved dossier as PDF, never cached.</summary>
    public Task<IActionResult> OnGetPdfAsync(Guid forward, CancellationToken ct) => DownloadAsync(forward, "pdf", ct);

    /// <summary>The approved dossier as JSON, never cached.</summary>
    public Task<IActionResult> OnGetJsonAsync(Guid forward, CancellationToken ct) => DownloadAsync(forward, "json", ct);

    private async Task<IActionResult> DownloadAsync(Guid forwardId, string format, CancellationToken ct)
    {
        using var pair = await sessions.UnlockAsync(HttpContext, UserId, ct);
        if (pair is null)
        {
            return Forbid();
        }

        var (result, dossier, json) = await forwards.OpenDossierAsync(Id, forwardId, pair, ct);
        if (result != ForwardResult.Done || dossier is null || json is null)
        {
            await audit.AppendAsync(Actor, "desk.forward.refused", Id.ToString(), $"forward={forwardId} action=download reason={result}", ct);
            return result == ForwardResult.NotGranted ? Forbid() : NotFound();
        }

        await audit.AppendAsync(Actor, "desk.forward.downloaded", Id.ToString(), $"forward={forwardId} format={format}", ct);
        Response.Headers.CacheControl = "no-store";
        return format == "pdf"
            ? File(DossierPdf.Render(dossier, texts), "application/pdf", $"dossier-{dossier.Reference}.pdf")
            : File(json, "application/json", $"dossier-{dossier.Reference}.json");
    }

    /// <summary>Audits a refused action (ids and the reason word) and shows the page with the reason.</summary>
    private async Task<IActionResult> RefusedAsync(KeyPair pair, ForwardResult result, string action, Guid? forwardId, CancellationToken ct)
    {
        await audit.AppendAsync(Actor, "desk.forward.refused", Id.ToString(), $"forward={forwardId?.ToString() ?? "none"} action={action} reason={result}", ct);
        return result switch
        {
            ForwardResult.NotFound => NotFound(),
            ForwardResult.NotGranted => await ShowAsync(pair, ct),
            ForwardResult.OwnForward => await RefuseAsync(pair, StatusCodes.Status403Forbidden, "Desk.Forward.Result." + result, ct),
            ForwardResult.BadAuthority => await RefuseAsync(pair, StatusCodes.Status422UnprocessableEntity, "Desk.Forward.Result." + result, ct),
            _ => await RefuseAsync(pair, StatusCodes.Status409Conflict, "Desk.Forward.Result." + result, ct),
        };
    }

    private async Task<IActionResult> RefuseAsync(KeyPair pair, int status, string? problem, CancellationToken ct)
    {
        Problem = problem;
        var page = await ShowAsync(pair, ct);
        if (!Refused && View is not null)
        {
            Response.StatusCode = status;
        }

        return page;
    }

    private async Task<IActionResult> ShowAsync(KeyPair? pair, CancellationToken ct)
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
        Suggestions = await forwards.SuggestAsync(view!, ct);
        Choosable = await forwards.ChoosableAsync(ct);
        Forwards = await forwards.ListAsync(Id, UserId, pair, ct);
        return Page();
    }

    private RedirectResult Finished(string done) => Redirect($"/{Cultures.Current}/desk/report/{Id}/forward?done={done}");
}
