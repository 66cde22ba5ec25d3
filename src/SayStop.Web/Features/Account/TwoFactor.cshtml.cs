using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Account;

/// <summary>Second step: a code from the authenticator app, or one of the printed recovery codes.</summary>
public sealed class TwoFactorModel(SignInManager<StaffUser> signIn, Passkeys passkeys, AuditLog audit, Texts texts) : PageModel
{
    [BindProperty]
    public string? CredentialJson { get; set; }

    [BindProperty]
    public string? PasskeyState { get; set; }

    /// <summary>Options for signing in with a passkey, when the user has one.</summary>
    public Passkeys.Ceremony? PasskeySignIn { get; private set; }

    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(40, ErrorMessage = "Validation.TooLong")]
    public string Code { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Account/SignIn", new { culture = Cultures.Current });
        }

        return await PageFor(user);
    }

    /// <summary>
    /// The second factor by passkey: the password step is done (the two-factor cookie says who), the passkey
    /// proves possession and, with user verification required, a PIN or biometric check on the device.
    /// </summary>
    public async Task<IActionResult> OnPostPasskeyAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Account/SignIn", new { culture = Cultures.Current });
        }

        ModelState.Clear();
        if (await signIn.UserManager.IsLockedOutAsync(user))
        {
            ModelState.AddModelError(string.Empty, texts["Account.SignIn.LockedOut"]);
            return await PageFor(user);
        }

        if (!await passkeys.VerifySignInAsync(user, CredentialJson, PasskeyState, HttpContext))
        {
            await signIn.UserManager.AccessFailedAsync(user);
            await audit.AppendAsync(user.Email!, "account.signin.failed", user.Email!, "passkey refused");
            ModelState.AddModelError(string.Empty, texts["Account.Passkeys.SignInFailed"]);
            return await PageFor(user);
        }

        // What Identity's own two-factor sign-in does: clear the failure count, drop the half-signed-in cookie,
        // and sign in with the "mfa" marker the staff policies demand.
        await signIn.UserManager.ResetAccessFailedCountAsync(user);
        await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
        await audit.AppendAsync(user.Email!, "account.signin", user.Email!, "passkey");
        return LocalRedirect(SignInModel.SafeReturnUrl(ReturnUrl) ?? $"/{Cultures.Current}/account/manage");
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
            return await PageFor(user);
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
            return await PageFor(user);
        }

        await audit.AppendAsync(user.Email!, "account.signin.failed", user.Email!, "wrong second factor");
        ModelState.AddModelError(string.Empty, texts["Account.TwoFactor.Failed"]);
        return await PageFor(user);
    }

    private async Task<PageResult> PageFor(StaffUser user)
    {
        PasskeySignIn = await passkeys.BeginSignInAsync(user, HttpContext);
        return Page();
    }
}
