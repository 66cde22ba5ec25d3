using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SayStop.Web.Data;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Security;

namespace SayStop.Web.Features.Account.Manage;

/// <summary>A staff member's own account: password and "sign out everywhere".</summary>
public sealed class IndexModel(
    UserManager<StaffUser> users,
    SignInManager<StaffUser> signIn,
    AppDbContext db,
    RecipientKeys keys,
    Passkeys passkeys,
    PasswordChangeLimit limit,
    AuditLog audit,
    Texts texts) : PageModel
{
    [BindProperty]
    public PasswordInput Input { get; set; } = new();

    /// <summary>The browser's answer to the passkey ceremony (JSON), filled in by passkeys.js.</summary>
    [BindProperty]
    public string? CredentialJson { get; set; }

    [BindProperty]
    public string? PasskeyState { get; set; }

    [BindProperty]
    public string? PasskeyName { get; set; }

    [BindProperty]
    public string? PasskeyId { get; set; }

    public string? Message { get; private set; }

    public string? PasskeyError { get; private set; }

    public IReadOnlyList<UserPasskeyInfo> MyPasskeys { get; private set; } = [];

    /// <summary>Options and server state for adding a passkey, made fresh on every render.</summary>
    public Passkeys.Ceremony? Registration { get; private set; }

    public sealed class PasswordInput
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(256, ErrorMessage = "Validation.TooLong")]
        public string Current { get; set; } = string.Empty;

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(256, MinimumLength = 12, ErrorMessage = "Account.PasswordRule")]
        public string New { get; set; } = string.Empty;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        return user is null ? Challenge() : await PageWithPasskeysAsync(user);
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!ModelState.IsValid)
        {
            return await PageWithPasskeysAsync(user);
        }

        if (await limit.IsReachedAsync(user.Id))
        {
            await limit.RecordRefusalAsync(user.Id);
            ModelState.AddModelError(string.Empty, texts["Account.Manage.TooManyWrongPasswords"]);
            return await PageWithPasskeysAsync(user);
        }

        // The password and the case handler key protected under it change together, or not at all.
        await using var tx = await db.Database.BeginTransactionAsync();
        var result = await users.ChangePasswordAsync(user, Input.Current, Input.New);
        if (result.Succeeded && !await keys.RewrapAsync(user.Id, Input.Current, Input.New))
        {
            result = IdentityResult.Failed(new IdentityError { Code = "PasswordMismatch" });
        }

        if (!result.Succeeded)
        {
            await tx.RollbackAsync();
            var mismatch = result.Errors.Any(e => e.Code == "PasswordMismatch");
            if (mismatch)
            {
                await limit.RecordFailureAsync(user.Id);
            }

            ModelState.AddModelError(string.Empty, mismatch ? texts["Account.WrongPassword"] : texts["Account.PasswordRule"]);
            return await PageWithPasskeysAsync(user);
        }

        await keys.EnsureCaseHandlerKeyAsync(user, Input.New);
        await tx.CommitAsync();
        await audit.AppendAsync(user.Email!, "account.password.changed", user.Email!);
        // The stamp changed, which signs out other sessions; keep this one signed in with its second factor.
        await signIn.RefreshSignInAsync(user);
        Message = texts["Account.Manage.PasswordChanged"];
        return await PageWithPasskeysAsync(user);
    }

    public async Task<IActionResult> OnPostAddPasskeyAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        // The password form's fields are not part of this post.
        ModelState.Clear();
        var name = TextInput.Clean(PasskeyName);
        if (string.IsNullOrEmpty(name) || name.Length > 60)
        {
            PasskeyError = texts["Account.Passkeys.NameRule"];
            return await PageWithPasskeysAsync(user);
        }

        if (string.IsNullOrEmpty(CredentialJson))
        {
            // No JavaScript, no WebAuthn, or the authenticator said no.
            PasskeyError = texts["Account.Passkeys.NotCreated"];
            return await PageWithPasskeysAsync(user);
        }

        if (!await passkeys.FinishRegistrationAsync(user, CredentialJson, PasskeyState, name, HttpContext))
        {
            await audit.AppendAsync(user.Email!, "account.passkey.refused", user.Email!);
            PasskeyError = texts["Account.Passkeys.NotCreated"];
            return await PageWithPasskeysAsync(user);
        }

        await audit.AppendAsync(user.Email!, "account.passkey.added", user.Email!, name);
        Message = texts["Account.Passkeys.Added"];
        return await PageWithPasskeysAsync(user);
    }

    public async Task<IActionResult> OnPostRemovePasskeyAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        ModelState.Clear();
        if (!await passkeys.RemoveAsync(user, PasskeyId))
        {
            PasskeyError = texts["Account.Passkeys.NotFound"];
            return await PageWithPasskeysAsync(user);
        }

        await audit.AppendAsync(user.Email!, "account.passkey.removed", user.Email!);
        Message = texts["Account.Passkeys.Removed"];
        return await PageWithPasskeysAsync(user);
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await users.UpdateSecurityStampAsync(user);
        await HttpContext.RequestServices.GetRequiredService<Desk.DeskSessions>().CloseAllAsync(HttpContext, user.Id);
        await signIn.SignOutAsync();
        await audit.AppendAsync(user.Email!, "account.signout.everywhere", user.Email!);
        return Redirect($"/{Cultures.Current}/account/signin");
    }

    private async Task<PageResult> PageWithPasskeysAsync(StaffUser user)
    {
        MyPasskeys = await passkeys.ListAsync(user);
        Registration = MyPasskeys.Count < Passkeys.MaxPerUser ? await passkeys.BeginRegistrationAsync(user, HttpContext) : null;
        return Page();
    }
}
