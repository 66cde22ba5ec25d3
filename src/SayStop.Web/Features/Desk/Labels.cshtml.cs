using Microsoft.AspNetCore.Mvc;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Desk;

/// <summary>
/// The desk's labels: add, rename, delete (which takes the label off every report). No key needed: a label is the
/// handlers' own word, not report content. Audited with ids only.
/// </summary>
public sealed class LabelsModel(DeskLabels labels, AuditLog audit, Texts texts) : DeskPageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? NewName { get; set; }

    /// <summary>The label a rename failed for, so its box shows the message and what was typed.</summary>
    public Guid? FailedId { get; private set; }

    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    public IReadOnlyList<LabelSummary> Labels { get; private set; } = [];

    public string? Message => Done is "created" or "renamed" or "deleted" ? texts["Desk.Labels.Done." + Done].Value : null;

    public async Task OnGetAsync(CancellationToken ct) => Labels = await labels.ListAsync(withCounts: true, ct: ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var (outcome, id) = await labels.CreateAsync(Name, UserId, ct);
        if (outcome != LabelOutcome.Done)
        {
            ModelState.AddModelError(nameof(Name), Refusal(outcome));
            return await AgainAsync(ct);
        }

        await audit.AppendAsync(Actor, "desk.label.created", id!.Value.ToString(), string.Empty, ct);
        return Redirect($"/{Cultures.Current}/desk/labels?done=created");
    }

    public async Task<IActionResult> OnPostRenameAsync(Guid id, CancellationToken ct)
    {
        var outcome = await labels.RenameAsync(id, NewName, ct);
        if (outcome == LabelOutcome.NotFound)
        {
            return await NotFoundAsync(ct);
        }

        if (outcome != LabelOutcome.Done)
        {
            FailedId = id;
            ModelState.AddModelError(nameof(NewName), Refusal(outcome));
            return await AgainAsync(ct);
        }

        await audit.AppendAsync(Actor, "desk.label.renamed", id.ToString(), string.Empty, ct);
        return Redirect($"/{Cultures.Current}/desk/labels?done=renamed");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (await labels.DeleteAsync(id, ct) != LabelOutcome.Done)
        {
            return await NotFoundAsync(ct);
        }

        await audit.AppendAsync(Actor, "desk.label.deleted", id.ToString(), string.Empty, ct);
        return Redirect($"/{Cultures.Current}/desk/labels?done=deleted");
    }

    private string Refusal(LabelOutcome outcome) => outcome switch
    {
        LabelOutcome.Duplicate => texts["Desk.Labels.Duplicate"],
        LabelOutcome.TooMany => texts["Desk.Labels.TooMany", DeskLabels.MaxLabels],
        _ => texts["Desk.Labels.Invalid", DeskLabels.MaxLength],
    };

    /// <summary>A forged or stale label id: the list again with a clear message (404, not a 500).</summary>
    private async Task<IActionResult> NotFoundAsync(CancellationToken ct)
    {
        ModelState.AddModelError(string.Empty, texts["Desk.Labels.Unknown"]);
        Response.StatusCode = StatusCodes.Status404NotFound;
        Labels = await labels.ListAsync(withCounts: true, ct: ct);
        return Page();
    }

    private async Task<IActionResult> AgainAsync(CancellationToken ct)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        Labels = await labels.ListAsync(withCounts: true, ct: ct);
        return Page();
    }
}
