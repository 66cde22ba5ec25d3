using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace SayStop.Web.Features.Account;

/// <summary>
/// Identity's sign-in manager with one addition: the password step checks the password itself (the same work for
/// every typed email, no lockout counting, see <see cref="SignInModel"/>) and then only needs the second-factor
/// step started. Identity's own password sign-in answers a locked account before checking anything, which tells a
/// stranger that the account exists.
/// </summary>
public sealed class StaffSignInManager(
    UserManager<StaffUser> users,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<StaffUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<StaffUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<StaffUser> confirmation)
    : SignInManager<StaffUser>(users, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    /// <summary>After a proven password: the half-signed-in state of the second factor (every staff account has one).</summary>
    public Task<SignInResult> PasswordProvenAsync(StaffUser user) =>
        SignInOrTwoFactorAsync(user, isPersistent: false, loginProvider: null, bypassTwoFactor: false);
}
