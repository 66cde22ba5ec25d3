using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// Desired retention (70 to 97 %: below, cards are mostly forgotten when they come back; above, reviews pile up
/// for little gain) and the number of new cards a day. Read as text so "abc" or "120" get a message, not an error.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class SettingsModel(LearnerProfile profiles, AppDbContext db, Texts texts) : PageModel
{
    [BindProperty]
    public string? RetentionPercent { get; set; }

    [BindProperty]
    public string? NewPerDay { get; set; }

    public bool Saved { get; private set; }

    public async Task OnGetAsync([FromQuery] string? saved, CancellationToken ct)
    {
        var learner = await profiles.SettingsAsync(profiles.Read(HttpContext), ct);
        RetentionPercent = Math.Round(learner.DesiredRetention * 100).ToString(CultureInfo.InvariantCulture);
        NewPerDay = learner.NewCardsPerDay.ToString(CultureInfo.InvariantCulture);
        Saved = saved == "1";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var minPercent = (int)Math.Round(Learner.MinRetention * 100);
        var maxPercent = (int)Math.Round(Learner.MaxRetention * 100);
        if (!int.TryParse(RetentionPercent?.Trim().TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var percent)
            || percent < minPercent || percent > maxPercent)
        {
            ModelState.AddModelError(nameof(RetentionPercent), texts["Go4Tips.Settings.RetentionRange", minPercent, maxPercent]);
        }

        if (!int.TryParse(NewPerDay?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var perDay)
            || perDay < 1 || perDay > Learner.MaxNewCardsPerDay)
        {
            ModelState.AddModelError(nameof(NewPerDay), texts["Go4Tips.Settings.NewPerDayRange", 1, Learner.MaxNewCardsPerDay]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var learner = await profiles.EnsureAsync(profiles.ReadOrIssue(HttpContext), ct);
        learner.DesiredRetention = percent / 100.0;
        learner.NewCardsPerDay = perDay;
        await db.SaveChangesAsync(ct);
        return Redirect($"/{Cultures.Current}/go4tips/settings?saved=1");
    }
}
