using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SayStop.Web.Data;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Security;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// Desired retention (70 to 97 %: below, cards are mostly forgotten when they come back; above, reviews pile up
/// for little gain) and the number of new cards a day. Read as text so "abc" or "120" get a message, not an error.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class SettingsModel(LearnerProfile profiles, AppDbContext db, TimeProvider clock, Texts texts) : PageModel
{
    [BindProperty]
    public string? RetentionPercent { get; set; }

    [BindProperty]
    public string? NewPerDay { get; set; }

    [BindProperty]
    public string? ReminderEmail { get; set; }

    /// <summary>"0" none, "1" daily, "7" weekly.</summary>
    [BindProperty]
    public string? ReminderEvery { get; set; }

    public bool Saved { get; private set; }

    /// <summary>This browser is bound to an account (sign-in by emailed link, <see cref="LearnerAccounts"/>).</summary>
    public bool SignedIn { get; private set; }

    /// <summary>"in" just after signing in, "out" just after signing out.</summary>
    public string? SignInNotice { get; private set; }

    public async Task OnGetAsync([FromQuery] string? saved, [FromQuery] string? signedin, [FromQuery] string? signedout, CancellationToken ct)
    {
        SignInNotice = signedin == "1" ? "in" : signedout == "1" ? "out" : null;
        var learner = await profiles.SettingsAsync(profiles.Read(HttpContext), ct);
        RetentionPercent = Math.Round(learner.DesiredRetention * 100).ToString(CultureInfo.InvariantCulture);
        NewPerDay = learner.NewCardsPerDay.ToString(CultureInfo.InvariantCulture);
        var reminder = await db.Set<ReminderSubscription>().AsNoTracking().FirstOrDefaultAsync(r => r.LearnerId == learner.Id, ct);
        ReminderEmail = reminder?.Email;
        ReminderEvery = (reminder?.EveryDays ?? 0).ToString(CultureInfo.InvariantCulture);
        Saved = saved == "1";
        SignedIn = learner.AccountKey is not null;
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

        var every = ReminderEvery switch
        {
            "1" => 1,
            "7" => 7,
            "0" or null or "" => 0,
            _ => -1,
        };
        ReminderEmail = TextInput.Clean(ReminderEmail);
        if (every < 0)
        {
            ModelState.AddModelError(nameof(ReminderEvery), texts["Go4Tips.Settings.ReminderChoose"]);
        }
        else if (every > 0 && !IsEmail(ReminderEmail))
        {
            ModelState.AddModelError(nameof(ReminderEmail), texts["Go4Tips.Settings.ReminderEmailInvalid"]);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var learner = await profiles.EnsureAsync(profiles.ReadOrIssue(HttpContext), ct);
        learner.DesiredRetention = percent / 100.0;
        learner.NewCardsPerDay = perDay;
        var reminder = await db.Set<ReminderSubscription>().FirstOrDefaultAsync(r => r.LearnerId == learner.Id, ct);
        if (every == 0 && reminder is not null)
        {
            // No reminders, no address: it is deleted, not kept "just in case".
            db.Remove(reminder);
        }
        else if (every > 0)
        {
            if (reminder is null)
            {
                reminder = new ReminderSubscription { LearnerId = learner.Id, CreatedAt = clock.GetUtcNow().UtcDateTime };
                db.Add(reminder);
            }

            reminder.Email = ReminderEmail!;
            reminder.EveryDays = every;
            reminder.Culture = Cultures.Current;
            reminder.BaseUrl = SayStop.Web.Infrastructure.Site.SiteUrls.Base(HttpContext) is { Length: <= ReminderSubscription.MaxBaseUrl } url ? url : string.Empty;
        }

        await db.SaveChangesAsync(ct);
        return Redirect($"/{Cultures.Current}/go4tips/settings?saved=1");
    }

    private static bool IsEmail(string? value) =>
        value is { Length: > 3 and <= ReminderSubscription.MaxEmail }
        && System.Net.Mail.MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && value.LastIndexOf('@') is var at && at > 0 && value.IndexOf('.', at) > at + 1;
}
