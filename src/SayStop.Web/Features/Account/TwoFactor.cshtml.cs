using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Account;

/// <summary>Second step: a code from the authenticator app, or one of the printed recovery codes.</summary>
public sealed class TwoFactorModel(SignInManager<StaffUser> signIn, AuditLog audit, Texts texts) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(40, ErrorMessage = "Validation.TooLong")]
    public string Code { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return RedirectToPage("/Account/SignIn", new { culture = Cultures.Current });
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Account/SignIn", new { culture = Cultures.Current });
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var code = Code.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code);

        if (result.Succeeded)
        {
            await audit.AppendAsync(user.Email!, "account.signin", user.Email!, code.Length == 6 ? "totp" : "recovery-code");
            return LocalRedirect(SignInModel.SafeReturnUrl(ReturnUrl) ?? $"/{Cultures.Current}/account/manage");
        }

        if (result.IsLockedOut)
        {
            await audit.AppendAsync(user.Email!, "account.lockedout", user.Email!, "second factor");
            ModelState.AddModelError(string.Empty, texts["Account.SignIn.LockedOut"]);
            return Page();
        }

        await audit.AppendAsync(user.Email!, "account.signin.failed", user.Email!, "wrong second factor");
        ModelState.AddModelError(string.Empty, texts["Account.TwoFactor.Failed"]);
        return Page();
    }
}
