using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// /{culture}/go4tips/offline: the installable offline app. Without JavaScript it says so and points to the online
/// pages, which keep working as they do. With it, <c>wwwroot/js/go4tips-offline.js</c> registers the service worker
/// (<c>wwwroot/go4tips-sw.js</c>, scope /{culture}/go4tips/), which keeps this page, its assets and the decks; the
/// learner reviews due and new cards offline, each answer queued in IndexedDB and sent to /go4tips/sync when online.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class OfflineAppModel(StudySession session, LearnerProfile profiles, Texts texts) : PageModel
{
    /// <summary>Texts the script shows, read from a data attribute (the policy refuses inline scripts).</summary>
    private static readonly string[] ScriptTexts =
    [
        "Go4Tips.Offline.Preparing", "Go4Tips.Offline.Ready", "Go4Tips.Offline.Unsupported", "Go4Tips.Offline.OfflineNow",
        "Go4Tips.Offline.Pending", "Go4Tips.Offline.Synced", "Go4Tips.Offline.Refused", "Go4Tips.Offline.SyncFailed",
        "Go4Tips.Offline.DeckUnavailable", "Go4Tips.Offline.Done", "Go4Tips.Offline.Progress",
        "Go4Tips.Study.ShowAnswer", "Go4Tips.Study.Check", "Go4Tips.Study.Next", "Go4Tips.Study.Right", "Go4Tips.Study.Wrong",
        "Go4Tips.Study.Why", "Go4Tips.Study.AnswerHeading", "Go4Tips.Study.HowWell", "Go4Tips.Study.CorrectChoice",
        "Go4Tips.Grade.Again", "Go4Tips.Grade.Hard", "Go4Tips.Grade.Good", "Go4Tips.Grade.Easy",
        "Go4Tips.Kind.QuestionAnswer", "Go4Tips.Kind.MultipleChoice", "Go4Tips.Kind.TrueFalse", "Go4Tips.Kind.Scenario",
    ];

    public IReadOnlyList<StudySession.DeckSummary> Decks { get; private set; } = [];

    public string ScriptTextsJson { get; private set; } = "{}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        // The learner cookie now, so the decks the app saves and the answers it sends belong to the same learner.
        var learner = profiles.ReadOrIssue(HttpContext);
        Decks = await session.DecksAsync(learner, Cultures.Current, ct);
        ScriptTextsJson = JsonSerializer.Serialize(ScriptTexts.ToDictionary(k => k[(k.IndexOf('.') + 1)..], k => texts[k].Value));
    }
}
