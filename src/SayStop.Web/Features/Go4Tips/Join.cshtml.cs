using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// Joining a trainer's group with the code from the training (typed, or from the QR code). The learner stays
/// pseudonymous: the group learns a member count and aggregates, never who answered what.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class JoinModel(AppDbContext db, LearnerProfile profiles, TimeProvider clock, Texts texts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    public TrainingGroup? Group { get; private set; }

    public string? DeckTitle { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Code is null)
        {
            return Page();
        }

        if (!await FindAsync(ct))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var learner = await profiles.EnsureAsync(profiles.ReadOrIssue(HttpContext), ct);
        if (!await db.Set<GroupMember>().AnyAsync(m => m.GroupId == Group!.Id && m.LearnerId == learner.Id, ct))
        {
            db.Add(new GroupMember { GroupId = Group!.Id, LearnerId = learner.Id, JoinedAt = clock.GetUtcNow().UtcDateTime });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The same join posted twice at once: one row is enough.
            }
        }

        var deckKey = await db.Set<Deck>().Where(d => d.Id == Group!.DeckId).Select(d => d.Key).FirstAsync(ct);
        return Redirect($"/{Cultures.Current}/go4tips/{deckKey}/study");
    }

    private async Task<bool> FindAsync(CancellationToken ct)
    {
        var code = TrainingGroup.NormaliseCode(Code);
        Group = code is null ? null : await db.Set<TrainingGroup>().AsNoTracking().FirstOrDefaultAsync(g => g.JoinCode == code, ct);
        if (Group is null)
        {
            Problem = texts["Go4Tips.Join.Unknown"];
            return false;
        }

        Code = Group.JoinCode;
        DeckTitle = await db.Set<DeckTranslation>().Where(t => t.DeckId == Group.DeckId && t.Culture == Cultures.Current).Select(t => t.Title).FirstOrDefaultAsync(ct);
        return true;
    }
}
