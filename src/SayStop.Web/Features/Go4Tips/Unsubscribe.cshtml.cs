using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>One click from the reminder email: the subscription and its email address are deleted at once.</summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class UnsubscribeModel(AppDbContext db, UnsubscribeLinks links) : PageModel
{
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery] string? token, CancellationToken ct)
    {
        if (links.Read(token) is not { } learner)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // Deleting nothing is fine: a second click, or a link from an older email, still says "unsubscribed".
        await db.Set<ReminderSubscription>().Where(s => s.LearnerId == learner).ExecuteDeleteAsync(ct);
        Done = true;
        return Page();
    }
}
