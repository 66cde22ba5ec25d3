using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SayStop.Web.Features.Desk;
using SayStop.Web.Infrastructure.Audit;

namespace SayStop.Web.Features.Account;

/// <summary>Sign-out is a POST (with antiforgery), so a link on another site cannot sign anyone out.</summary>
public sealed class SignOutModel(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, DeskSessions desk, AuditLog audit) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var name = User.Identity?.IsAuthenticated == true ? User.Identity.Name : null;
        // Signing out locks the desk key on every node and browser of this person (the rows go; cookies alone open nothing).
        if (users.GetUserId(User) is { } id && Guid.TryParse(id, out var userId))
        {
            await desk.CloseAllAsync(HttpContext, userId);
        }

        await signIn.SignOutAsync();
        if (name is not null)
        {
            await audit.AppendAsync(name, "account.signout", name);
        }

        return Page();
    }
}
