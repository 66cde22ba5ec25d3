using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SayStop.Web.Features.Desk;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Admin.Recovery;

/// <summary>
/// Access recovery with the printed recovery key (Administrator only): no report is ever orphaned by a lost
/// password. The typed key opens each report's content key and seals it to the chosen handler's current key; it
/// is never stored, logged or shown back.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class IndexModel(HandlerAccess access, Texts texts) : PageModel
{
    public const int MaxRecoveryTextLength = 200;

    [BindProperty]
    public string? RecoveryText { get; set; }

    [BindProperty]
    public string? HandlerId { get; set; }

    public IReadOnlyList<HandlerGap> Handlers { get; private set; } = [];

    public bool NoRecoveryKey { get; private set; }

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var text = RecoveryText;
        // The key must not come back in the page, whatever happens.
        RecoveryText = null;
        ModelState.Remove(nameof(RecoveryText));
        if (!Guid.TryParse(HandlerId, out var handlerId) || Handlers.All(h => h.UserId != handlerId))
        {
            ModelState.AddModelError(nameof(HandlerId), texts["Desk.Report.NoSuchHandler"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxRecoveryTextLength)
        {
            ModelState.AddModelError(nameof(RecoveryText), texts["Desk.Recovery.Wrong"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var actorId = Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var a) ? a : Guid.Empty;
        var restored = await access.RestoreWithRecoveryKeyAsync(text, handlerId, actorId, User.Identity?.Name ?? "unknown", ct);
        if (restored is null)
        {
            ModelState.AddModelError(nameof(RecoveryText), texts["Desk.Recovery.Wrong"]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        Message = texts["Desk.Access.Granted", restored.Value];
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var recoveryKeyId = await access.CurrentRecoveryKeyIdAsync(ct);
        NoRecoveryKey = recoveryKeyId is null;
        Handlers = recoveryKeyId is null ? [] : await access.GapsAsync(recoveryKeyId.Value, ct);
    }
}
