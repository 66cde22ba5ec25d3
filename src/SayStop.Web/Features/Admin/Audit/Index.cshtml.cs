using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Admin.Audit;

/// <summary>
/// Verifies the whole chain on every visit and lists the latest entries; offers the signed checkpoint of the
/// present head as a file to keep outside the system, and checks a checkpoint kept earlier against the chain.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class IndexModel(AppDbContext db, AuditLog audit, AuditCheckpoints checkpoints, Texts texts) : PageModel
{
    public AuditVerification Verification { get; private set; } = new(true, 0, null, null);

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    [BindProperty]
    public string? CheckpointText { get; set; }

    public CheckpointCheck? Check { get; private set; }

    public string? CheckMessage { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>The current checkpoint as a small JSON file.</summary>
    public async Task<IActionResult> OnGetCheckpointAsync(CancellationToken ct)
    {
        var checkpoint = await checkpoints.CurrentAsync(db, ct);
        await audit.AppendAsync(User.Identity?.Name ?? "unknown", "audit.checkpoint.downloaded",
            checkpoint.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Empty, ct);
        var name = $"saystop-audit-checkpoint-{checkpoint.Sequence}.json";
        return File(Encoding.UTF8.GetBytes(checkpoint.ToJson() + "\n"), "application/json", name);
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        Check = await checkpoints.CheckAsync(db, CheckpointText, ct);
        var key = Check.Outcome switch
        {
            CheckpointOutcome.Contained => "Admin.Audit.Check.Contained",
            CheckpointOutcome.BadSignature => "Admin.Audit.Check.BadSignature",
            CheckpointOutcome.Broken => "Admin.Audit.Check.Broken",
            CheckpointOutcome.Truncated => "Admin.Audit.Check.Truncated",
            CheckpointOutcome.Rewritten => "Admin.Audit.Check.Rewritten",
            _ => "Admin.Audit.Check.Malformed",
        };
        CheckMessage = texts[key, Check.Checkpoint?.Sequence ?? 0, Check.Checkpoint?.IssuedAt ?? string.Empty, Check.BrokenAt ?? 0, Check.ChainLength].Value;
        if (Check.Outcome is CheckpointOutcome.Malformed or CheckpointOutcome.BadSignature)
        {
            ModelState.AddModelError(nameof(CheckpointText), CheckMessage);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        await audit.AppendAsync(User.Identity?.Name ?? "unknown", "audit.checkpoint.checked",
            (Check.Checkpoint?.Sequence ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture), $"outcome={Check.Outcome}", ct);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Verification = await audit.VerifyAsync(db, cancellationToken: ct);
        Entries = await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence).Take(200).ToListAsync(ct);
    }
}
