using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SayStop.Web.Features.Desk;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Account;

/// <summary>First step of a staff sign-in: email and password. The second factor follows on its own page.</summary>
public sealed class SignInModel(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, RecipientKeys keys, DeskSessions desk, AuditLog audit, Texts texts) : PageModel
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

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email);
        if (user is null || user.IsDisabled || user.ActivatedAt is null)
        {
            await audit.AppendAsync(Input.Email, "account.signin.failed", Input.Email, "unknown or inactive account");
            ModelState.AddModelError(string.Empty, texts["Account.SignIn.Failed"]);
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            // The password is proven and known only at this step: a case handler who got the role after
            // activation gets their key pair now, protected under it (the second factor page never sees it).
            await keys.EnsureCaseHandlerKeyAsync(user, Input.Password);
            // The desk key is unlocked here too, for the same reason; the desk cookie is useless without the
            // staff cookie that the second factor gives, and desk pages check that both belong to this person.
            (await desk.UnlockWithPasswordAsync(HttpContext, user.Id, Input.Password))?.Dispose();
            return RedirectToPage("/Account/TwoFactor", new { culture = Cultures.Current, returnUrl = SafeReturnUrl(ReturnUrl) });
        }

        if (result.IsLockedOut)
        {
            await audit.AppendAsync(user.Email!, "account.lockedout", user.Email!);
            ModelState.AddModelError(string.Empty, texts["Account.SignIn.LockedOut"]);
            return Page();
        }

        // Every staff account has a second factor, so a plain success cannot happen; refuse it all the same.
        if (result.Succeeded)
        {
            await signIn.SignOutAsync();
        }

        await audit.AppendAsync(user.Email!, "account.signin.failed", user.Email!, "wrong password");
        ModelState.AddModelError(string.Empty, texts["Account.SignIn.Failed"]);
        return Page();
    }

    /// <summary>Only local paths, never another site (open-redirect guard).</summary>
    public static string? SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.StartsWith("/\\", StringComparison.Ordinal) && url.Length < 500
            ? url
            : null;
}
