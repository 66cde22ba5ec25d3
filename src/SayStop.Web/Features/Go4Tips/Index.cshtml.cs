using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>The decks, with what is due for this learner. Reads the cookie but never issues one.</summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class IndexModel(StudySession session, LearnerProfile profiles) : PageModel
{
    public IReadOnlyList<StudySession.DeckSummary> Decks { get; private set; } = [];

    public bool KnownLearner { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var learner = profiles.Read(HttpContext);
        KnownLearner = learner is not null;
        Decks = await session.DecksAsync(learner, Cultures.Current, ct);
    }
}
