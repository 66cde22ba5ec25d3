using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SayStop.Web.Data;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Account.Manage;

/// <summary>A staff member's own account: password and "sign out everywhere".</summary>
public sealed class IndexModel(
    UserManager<StaffUser> users,
    SignInManager<StaffUser> signIn,
    AppDbContext db,
    RecipientKeys keys,
    AuditLog audit,
    Texts texts) : PageModel
{
    [BindProperty]
    public PasswordInput Input { get; set; } = new();

    public string? Message { get; private set; }

    public sealed class PasswordInput
    {
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(256, ErrorMessage = "Validation.TooLong")]
        public string Current { get; set; } = string.Empty;

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(256, MinimumLength = 12, ErrorMessage = "Account.PasswordRule")]
        public string New { get; set; } = string.Empty;
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
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
            ModelState.AddModelError(string.Empty, result.Errors.Any(e => e.Code == "PasswordMismatch")
                ? texts["Account.WrongPassword"]
                : texts["Account.PasswordRule"]);
            return Page();
        }

        await keys.EnsureCaseHandlerKeyAsync(user, Input.New);
        await tx.CommitAsync();
        await audit.AppendAsync(user.Email!, "account.password.changed", user.Email!);
        // The stamp changed, which signs out other sessions; keep this one signed in with its second factor.
        await signIn.RefreshSignInAsync(user);
        Message = texts["Account.Manage.PasswordChanged"];
        return Page();
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
}
