using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace SayStop.Web.Features.Account;

/// <summary>
/// Authenticator-app codes (RFC 6238, 30-second steps) with a tighter rule than Identity's own provider, which
/// accepts two steps either side (about 150 seconds) and the same code any number of times: here one step either
/// side (clock drift of a phone), and a step is accepted once per account. The last accepted step is stored on the
/// account and written with Identity's concurrency stamp, so two requests racing with one code let only one in.
/// Codes are checked against the wall clock (<see cref="TimeProvider.System"/>), as Identity's own provider does:
/// they come from a phone that reads the real time, whatever time the site's logic is told it is.
/// </summary>
public sealed class StaffAuthenticatorTokenProvider : IUserTwoFactorTokenProvider<StaffUser>
{
    public static readonly VerificationWindow Window = new(previous: 1, future: 1);

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<StaffUser> manager, StaffUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>The code comes from the person's app, never from the server.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<StaffUser> manager, StaffUser user) =>
        Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<StaffUser> manager, StaffUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || token is not { Length: 6 } || !token.All(char.IsAsciiDigit))
        {
            return false;
        }

        byte[] secret;
        try
        {
            secret = Base32Encoding.ToBytes(key);
        }
        catch (ArgumentException)
        {
            return false;
        }

        if (!new Totp(secret).VerifyTotp(TimeProvider.System.GetUtcNow().UtcDateTime, token, out var step, Window)
            || (user.LastTotpStep is { } last && step <= last))
        {
            return false;
        }

        user.LastTotpStep = step;
        return (await manager.UpdateAsync(user)).Succeeded;
    }
}
