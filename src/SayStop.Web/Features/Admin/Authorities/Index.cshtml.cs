using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Features.Desk.Forwarding;

namespace SayStop.Web.Features.Admin.Authorities;

/// <summary>The directory of competent authorities that dossiers are forwarded to (administrators only).</summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    private static readonly string[] DoneMessages = ["added", "saved", "deleted", "retired", "restored"];

    public IReadOnlyList<PoliceAuthority> Authorities { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    public string? MessageKey => Done is not null && DoneMessages.Contains(Done) ? "Desk.Authority.Done." + Done : null;

    public async Task OnGetAsync(CancellationToken ct) =>
        Authorities = (await db.Set<PoliceAuthority>().AsNoTracking().ToListAsync(ct))
            .OrderBy(a => a.Retired).ThenBy(a => a.Country, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.CurrentCulture)
            .ToList();
}
