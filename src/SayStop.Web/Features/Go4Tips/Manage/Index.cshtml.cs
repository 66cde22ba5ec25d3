using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Security;

namespace SayStop.Web.Features.Go4Tips.Manage;

/// <summary>A trainer's groups, and the form that creates one for a training (name, deck, training day).</summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class IndexModel(AppDbContext db, StudySession session, AuditLog audit, TimeProvider clock, Texts texts) : PageModel
{
    public sealed record GroupRow(Guid Id, string Name, string JoinCode, DateTime TrainedOn, int Members);

    public IReadOnlyList<GroupRow> Groups { get; private set; } = [];

    public IReadOnlyList<StudySession.DeckSummary> Decks { get; private set; } = [];

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? DeckKey { get; set; }

    [BindProperty]
    public string? TrainedOn { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        TrainedOn = TodayText();
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Name = TextInput.Clean(Name);
        if (string.IsNullOrEmpty(Name) || Name.Length > TrainingGroup.MaxName)
        {
            ModelState.AddModelError(nameof(Name), texts["Go4Tips.Manage.NameRequired", TrainingGroup.MaxName]);
        }

        var deck = DeckKey is { Length: <= Deck.MaxKey } ? await db.Set<Deck>().FirstOrDefaultAsync(d => d.Key == DeckKey, ct) : null;
        if (deck is null)
        {
            ModelState.AddModelError(nameof(DeckKey), texts["Go4Tips.Manage.DeckRequired"]);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (!DateOnly.TryParseExact(TrainedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var trainedOn)
            || trainedOn < today.AddYears(-2) || trainedOn > today.AddYears(1))
        {
            ModelState.AddModelError(nameof(TrainedOn), texts["Go4Tips.Manage.DateRequired"]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }

        var group = new TrainingGroup
        {
            Id = Guid.CreateVersion7(),
            Name = Name!,
            JoinCode = TrainingGroup.NewJoinCode(),
            DeckId = deck!.Id,
            TrainerId = TrainerId(User),
            TrainedOn = trainedOn.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(group);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(User.Identity?.Name ?? "unknown", "go4tips.group-created", group.Id.ToString(), string.Empty, ct);
        return Redirect($"/{Cultures.Current}/go4tips/manage/groups/{group.Id}");
    }

    /// <summary>The signed-in staff member's id (Identity's name identifier claim).</summary>
    public static Guid TrainerId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;

    private string TodayText() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task LoadAsync(CancellationToken ct)
    {
        var trainer = TrainerId(User);
        Decks = await session.DecksAsync(null, Cultures.Current, ct);
        Groups = await db.Set<TrainingGroup>().AsNoTracking().Where(g => g.TrainerId == trainer).OrderByDescending(g => g.TrainedOn)
            .Select(g => new GroupRow(g.Id, g.Name, g.JoinCode, g.TrainedOn, db.Set<GroupMember>().Count(m => m.GroupId == g.Id)))
            .ToListAsync(ct);
    }
}
