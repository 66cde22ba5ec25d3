using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SayStop.Web.Features.Desk;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Account;

/// <summary>
/// First step of a staff sign-in: email and password. The second factor follows on its own page.
/// An unknown, disabled or not yet activated address gets the very answer a wrong password gets, after the same
/// Argon2id work, so neither the message nor the time tells whether an account exists. A wrong password never locks
/// the account (<see cref="SignInDelays"/> slows guessing instead); the lockout message appears only once the
/// password is proven, when the second factor was failed too often.
/// </summary>
public sealed class SignInModel(
    StaffSignInManager signIn,
    UserManager<StaffUser> users,
    StaffPasswordHasher hasher,
    SignInDelays delays,
    RecipientKeys keys,
    DeskSessions desk,
    AuditLog audit,
    Texts texts) : PageModel
{
    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class SignInInput
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(320, ErrorMessage = "Validation.TooLong")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(256, ErrorMessage = "Validation.TooLong")]
        public string Password { get; set; } = string.Empty;
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await delays.WaitAsync(Input.Email, ct);
        var user = await users.FindByEmailAsync(Input.Email);
        if (user is null || user.IsDisabled || user.ActivatedAt is null)
        {
            hasher.SpendVerificationTime(Input.Password);
            delays.Failed(Input.Email);
            // What a stranger typed is never written to the log (it may be anyone's address, or hostile text): an
            // unknown address is audited as such; a disabled or unactivated account by its own address.
            var who = user?.Email ?? "anonymous";
            await audit.AppendAsync(who, "account.signin.failed", user?.Email ?? "unknown-account",
                user is null ? "unknown account" : "inactive account", ct);
            return Refused();
        }

        // Identity replaces a PBKDF2 hash or one of a lower cost with today's Argon2id hash here.
        if (!await users.CheckPasswordAsync(user, Input.Password))
        {
            delays.Failed(Input.Email);
            await audit.AppendAsync(user.Email!, "account.signin.failed", user.Email!, "wrong password", ct);
            return Refused();
        }

        delays.Succeeded(Input.Email);
        if (await users.IsLockedOutAsync(user))
        {
            // Only the second factor locks an account, and only someone who knew the password gets this far.
            await audit.AppendAsync(user.Email!, "account.lockedout", user.Email!, "password proven", ct);
            ModelState.AddModelError(string.Empty, texts["Account.SignIn.LockedOut"]);
            return Page();
        }

        var result = await signIn.PasswordProvenAsync(user);
        if (result.RequiresTwoFactor)
        {
            // The password is proven and known only at this step: a case handler who got the role after
            // activation gets their key pair now, protected under it (the second factor page never sees it).
            await keys.EnsureCaseHandlerKeyAsync(user, Input.Password, ct);
            // The desk key is unlocked here too, for the same reason; the desk cookie is useless without the
            // staff cookie that the second factor gives, and desk pages check that both belong to this person.
            (await desk.UnlockWithPasswordAsync(HttpContext, user.Id, Input.Password, ct))?.Dispose();
            return RedirectToPage("/Account/TwoFactor", new { culture = Cultures.Current, returnUrl = SafeReturnUrl(ReturnUrl) });
        }

        // Every staff account has a second factor, so a plain success cannot happen; refuse it all the same.
        if (result.Succeeded)
        {
            await signIn.SignOutAsync();
        }

        await audit.AppendAsync(user.Email!, "account.signin.failed", user.Email!, "no second factor", ct);
        return Refused();
    }

    private PageResult Refused()
    {
        ModelState.AddModelError(string.Empty, texts["Account.SignIn.Failed"]);
        return Page();
    }

    /// <summary>
    /// Only local paths, never another site (open-redirect guard), and only printable ASCII: a control or non-ASCII
    /// character cannot go into a Location header, and would fail the redirect after the second factor.
    /// </summary>
    public static string? SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.Length < 500 && url.StartsWith('/')
        && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal)
        && url.All(c => c is > ' ' and < (char)0x7F)
            ? url
            : null;
}
