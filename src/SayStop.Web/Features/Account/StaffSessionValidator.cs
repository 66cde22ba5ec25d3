using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SayStop.Web.Data;

namespace SayStop.Web.Features.Account;

/// <summary>
/// Checks every staff request against the account, so that "sign out everywhere", disabling someone and a change
/// of roles take effect at the very next request, for the price of one indexed query.
/// <para>
/// Identity's own validator, set to check at every request, rebuilt the whole principal each time (the account,
/// its roles, its claims, its roles' claims: six queries) and re-issued the cookie; on the desk inbox that was most
/// of the database work of a page (bench/desk). Here the cookie carries the account's concurrency stamp, which
/// Identity renews on every change of the account (roles included): only when it differs is the principal rebuilt.
/// A different security stamp still ends the session. Roles must therefore change through <c>UserManager</c> (which
/// renews the stamp), never by direct SQL.
/// </para>
/// </summary>
public sealed class StaffSessionValidator(SignInManager<StaffUser> signIn, AppDbContext db, IOptions<IdentityOptions> identity) : ISecurityStampValidator
{
    /// <summary>The account's concurrency stamp when the principal was made.</summary>
    public const string AccountVersionClaim = "saystop:account-version";

    /// <summary>The second-factor marker, added at sign-in, which a rebuilt principal must keep.</summary>
    public const string AuthenticationMethodClaim = "amr";

    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var claims = identity.Value.ClaimsIdentity;
        var principal = context.Principal;
        var ct = context.HttpContext.RequestAborted;
        if (principal is null || !Guid.TryParse(principal.FindFirstValue(claims.UserIdClaimType), out var id))
        {
            await RejectAsync(context);
            return;
        }

        var account = await db.Set<StaffUser>().AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.SecurityStamp, u.ConcurrencyStamp }).FirstOrDefaultAsync(ct);
        if (account?.SecurityStamp is null || account.SecurityStamp != principal.FindFirstValue(claims.SecurityStampClaimType))
        {
            await RejectAsync(context);
            return;
        }

        if (account.ConcurrencyStamp is not null && principal.FindFirstValue(AccountVersionClaim) == account.ConcurrencyStamp)
        {
            return;
        }

        // The account changed (roles, name…): make the principal again from it, as at sign-in.
        var user = await signIn.UserManager.FindByIdAsync(id.ToString());
        if (user is null || !await signIn.CanSignInAsync(user))
        {
            await RejectAsync(context);
            return;
        }

        var fresh = await signIn.CreateUserPrincipalAsync(user);
        if (fresh.Identity is ClaimsIdentity freshIdentity)
        {
            foreach (var amr in principal.FindAll(AuthenticationMethodClaim).Where(c => !freshIdentity.HasClaim(AuthenticationMethodClaim, c.Value)))
            {
                freshIdentity.AddClaim(new Claim(AuthenticationMethodClaim, amr.Value));
            }
        }

        context.ReplacePrincipal(fresh);
        context.ShouldRenew = true;
    }

    private async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await signIn.SignOutAsync();
    }

    /// <summary>Identity's principal, with the account's concurrency stamp (see <see cref="StaffSessionValidator"/>).</summary>
    public sealed class ClaimsFactory(UserManager<StaffUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
        : UserClaimsPrincipalFactory<StaffUser, IdentityRole<Guid>>(users, roles, options)
    {
        protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
        {
            var id = await base.GenerateClaimsAsync(user);
            if (user.ConcurrencyStamp is not null)
            {
                id.AddClaim(new Claim(AccountVersionClaim, user.ConcurrencyStamp));
            }

            return id;
        }
    }
}
