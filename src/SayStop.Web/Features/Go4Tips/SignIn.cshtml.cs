using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Security;

namespace SayStop.Web.Features.Go4Tips;

/// <summary>
/// Sign-in by an emailed link. Asking for a link always gets the same answer ("if the address is right, a link is
/// on its way"), whether the address has progress or not and whether it was throttled. Opening the link shows a
/// button: the link is used by the POST only, so a mail scanner that fetches links cannot use it up.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class SignInModel(LearnerAccounts accounts, LearnerProfile profiles, SignInThrottle throttle, ClientPartitions clients, Texts texts) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Token { get; set; }

    /// <summary>What the page shows: the request form, "sent", the button that uses a link, or "link not valid".</summary>
    public string Step { get; private set; } = "request";

    public async Task<IActionResult> OnGetAsync([FromQuery] string? token, [FromQuery] string? sent, CancellationToken ct)
    {
        if (sent == "1")
        {
            Step = "sent";
        }
        else if (token is not null)
        {
            if (!await accounts.IsUsableAsync(token, ct))
            {
                Step = "invalid";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }

            Token = token;
            Step = "confirm";
        }

        return Page();
    }

    public async Task<IActionResult> OnPostRequestAsync(CancellationToken ct)
    {
        Email = TextInput.Clean(Email);
        if (!IsEmail(Email))
        {
            ModelState.AddModelError(nameof(Email), texts["Go4Tips.Settings.ReminderEmailInvalid"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        using var lease = throttle.PerClient.AttemptAcquire(clients.KeyOf(HttpContext));
        if (lease.IsAcquired)
        {
            await accounts.SendLinkAsync(Email!, Cultures.Current, Infrastructure.Site.SiteUrls.Base(HttpContext), ct);
        }

        return Redirect($"/{Cultures.Current}/go4tips/signin?sent=1");
    }

    public async Task<IActionResult> OnPostUseAsync(CancellationToken ct)
    {
        var learner = await accounts.SignInAsync(Token, profiles.Read(HttpContext), ct);
        if (learner is not { } id)
        {
            Step = "invalid";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        profiles.Bind(HttpContext, id);
        return Redirect($"/{Cultures.Current}/go4tips/settings?signedin=1");
    }

    public IActionResult OnPostSignOut()
    {
        profiles.Forget(HttpContext);
        return Redirect($"/{Cultures.Current}/go4tips/settings?signedout=1");
    }

    internal static bool IsEmail(string? value) =>
        value is { Length: > 3 and <= ReminderSubscription.MaxEmail }
        && System.Net.Mail.MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && value.LastIndexOf('@') is var at && at > 0 && value.IndexOf('.', at) > at + 1;
}

/// <summary>
/// Per client, a few sign-in link requests every ten minutes; beyond, the same answer and no email. The client is
/// named by <see cref="ClientPartitions"/> (behind the proxy, the address it forwards), in memory only.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public PartitionedRateLimiter<string> PerClient { get; } = PartitionedRateLimiter.Create<string, string>(ip =>
        RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = 10,
            Window = TimeSpan.FromMinutes(10),
            QueueLimit = 0,
        }));

    public void Dispose() => PerClient.Dispose();
}
