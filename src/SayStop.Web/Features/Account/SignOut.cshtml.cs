using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SayStop.Web.Infrastructure.Audit;

namespace SayStop.Web.Features.Account;

/// <summary>Sign-out is a POST (with antiforgery), so a link on another site cannot sign anyone out.</summary>
public sealed class SignOutModel(SignInManager<StaffUser> signIn, AuditLog audit) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var name = User.Identity?.IsAuthenticated == true ? User.Identity.Name : null;
        await signIn.SignOutAsync();
        if (name is not null)
        {
            await audit.AppendAsync(name, "account.signout", name);
        }

        return Page();
    }
}
