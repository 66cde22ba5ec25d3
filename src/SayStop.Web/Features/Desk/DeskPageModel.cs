using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SayStop.Sealing;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Infrastructure.Audit;

namespace SayStop.Web.Features.Desk;

/// <summary>What every desk page shares: who is acting, and unlocking the key again with the password.</summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public abstract class DeskPageModel : PageModel
{
    public const int MaxPasswordLength = 256;

    protected Guid UserId => Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;

    protected string Actor => User.Identity?.Name ?? "unknown";

    /// <summary>
    /// Checks the password through Identity first (so wrong guesses count towards the account lockout, as at
    /// sign-in), then unlocks the key and opens a desk session. Returns the text key of the refusal, or the
    /// unlocked pair (the caller disposes it).
    /// </summary>
    protected async Task<(string? Refusal, KeyPair? Pair)> UnlockAsync(string? password, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(password) || password.Length > MaxPasswordLength)
        {
            return ("Desk.Unlock.Wrong", null);
        }

        var services = HttpContext.RequestServices;
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var audit = services.GetRequiredService<AuditLog>();
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return ("Desk.Unlock.Wrong", null);
        }

        var check = await services.GetRequiredService<SignInManager<StaffUser>>().CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            await audit.AppendAsync(Actor, "desk.unlock.failed", user.Id.ToString(), check.IsLockedOut ? "locked out" : "wrong password", ct);
            return (check.IsLockedOut ? "Account.SignIn.LockedOut" : "Desk.Unlock.Wrong", null);
        }

        // Someone given the role while signed in has no key yet: the proven password is the moment to make it.
        await services.GetRequiredService<RecipientKeys>().EnsureCaseHandlerKeyAsync(user, password, ct);
        var pair = await services.GetRequiredService<DeskSessions>().UnlockWithPasswordAsync(HttpContext, user.Id, password, ct);
        if (pair is null)
        {
            return ("Desk.Unlock.NoKey", null);
        }

        await audit.AppendAsync(Actor, "desk.unlocked", user.Id.ToString(), string.Empty, ct);
        return (null, pair);
    }
}
