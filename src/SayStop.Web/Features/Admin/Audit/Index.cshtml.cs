using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Audit;

namespace SayStop.Web.Features.Admin.Audit;

/// <summary>Verifies the whole chain on every visit and lists the latest entries.</summary>
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public AuditVerification Verification { get; private set; } = new(true, 0, null, null);

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Verification = await AuditLog.VerifyAsync(db, ct);
        Entries = await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence).Take(200).ToListAsync(ct);
    }
}
