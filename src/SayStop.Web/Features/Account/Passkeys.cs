using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace SayStop.Web.Features.Account;

/// <summary>
/// Passkeys (WebAuthn) as a staff member's second factor, on ASP.NET Core Identity's own passkey handler.
/// <para>
/// Why not SignInManager's passkey helpers: they keep the ceremony state in the two-factor cookie, which is
/// exactly where the half-signed-in user of the password step lives, and they sign in without a password.
/// Here the password always comes first (it unlocks a case handler's key pair), so the ceremony state travels in a
/// hidden form field instead, protected by Data Protection, bound to the user and the purpose, valid five minutes.
/// </para>
/// </summary>
public sealed partial class Passkeys(
    IPasskeyHandler<StaffUser> handler,
    UserManager<StaffUser> users,
    IDataProtectionProvider protection,
    ILogger<Passkeys> logger)
{
    public const int MaxPerUser = 10;

    private static readonly TimeSpan CeremonyLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The options the browser's WebAuthn call needs (JSON) and the server's state for the second half.</summary>
    public sealed record Ceremony(string OptionsJson, string State);

    public async Task<IReadOnlyList<UserPasskeyInfo>> ListAsync(StaffUser user) =>
        [.. await users.GetPasskeysAsync(user)];

    public async Task<Ceremony> BeginRegistrationAsync(StaffUser user, HttpContext http)
    {
        var entity = new PasskeyUserEntity
        {
            Id = await users.GetUserIdAsync(user),
            Name = user.Email!,
            DisplayName = user.DisplayName,
        };
        var result = await handler.MakeCreationOptionsAsync(entity, http);
        return new Ceremony(result.CreationOptionsJson, Protector("register", user).Protect(result.AttestationState ?? string.Empty, CeremonyLifetime));
    }

    /// <summary>Verifies the authenticator's answer and stores the passkey. False for anything not right.</summary>
    public async Task<bool> FinishRegistrationAsync(StaffUser user, string? credentialJson, string? state, string name, HttpContext http)
    {
        var attestationState = Unprotect("register", user, state);
        if (attestationState is null || string.IsNullOrEmpty(credentialJson)
            || (await users.GetPasskeysAsync(user)).Count >= MaxPerUser)
        {
            return false;
        }

        var result = await handler.PerformAttestationAsync(new PasskeyAttestationContext
        {
            CredentialJson = credentialJson,
            AttestationState = attestationState,
            HttpContext = http,
        });
        if (!result.Succeeded)
        {
            LogRefused(logger, "registration", user.Id, result.Failure.Message);
            return false;
        }

        if (result.UserEntity.Id != await users.GetUserIdAsync(user))
        {
            return false;
        }

        result.Passkey.Name = name;
        return (await users.AddOrUpdatePasskeyAsync(user, result.Passkey)).Succeeded;
    }

    /// <summary>Options for the second step of sign-in, or null when the user has no passkey.</summary>
    public async Task<Ceremony?> BeginSignInAsync(StaffUser user, HttpContext http)
    {
        if ((await users.GetPasskeysAsync(user)).Count == 0)
        {
            return null;
        }

        var result = await handler.MakeRequestOptionsAsync(user, http);
        return new Ceremony(result.RequestOptionsJson, Protector("signin", user).Protect(result.AssertionState ?? string.Empty, CeremonyLifetime));
    }

    /// <summary>
    /// True when the browser proved possession of one of <paramref name="user"/>'s passkeys, with user
    /// verification. The passkey's signature counter is stored, so a cloned authenticator shows up.
    /// </summary>
    public async Task<bool> VerifySignInAsync(StaffUser user, string? credentialJson, string? state, HttpContext http)
    {
        var assertionState = Unprotect("signin", user, state);
        if (assertionState is null || string.IsNullOrEmpty(credentialJson))
        {
            return false;
        }

        var result = await handler.PerformAssertionAsync(new PasskeyAssertionContext
        {
            CredentialJson = credentialJson,
            AssertionState = assertionState,
            HttpContext = http,
        });
        if (!result.Succeeded)
        {
            LogRefused(logger, "sign-in", user.Id, result.Failure.Message);
            return false;
        }

        if (await users.GetUserIdAsync(result.User) != await users.GetUserIdAsync(user))
        {
            return false;
        }

        return (await users.AddOrUpdatePasskeyAsync(user, result.Passkey)).Succeeded;
    }

    public async Task<bool> RemoveAsync(StaffUser user, string? credentialIdBase64Url)
    {
        byte[] id;
        try
        {
            id = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(credentialIdBase64Url ?? string.Empty);
        }
        catch (FormatException)
        {
            return false;
        }

        return id.Length > 0 && await users.GetPasskeyAsync(user, id) is not null
            && (await users.RemovePasskeyAsync(user, id)).Succeeded;
    }

    // The handler's reason (origin, challenge, user verification…) helps an operator; it holds no secret.
    [LoggerMessage(Level = LogLevel.Information, Message = "Passkey {Ceremony} refused for user {UserId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string ceremony, Guid userId, string reason);

    private ITimeLimitedDataProtector Protector(string purpose, StaffUser user) =>
        protection.CreateProtector("SayStop.Passkeys", purpose, user.Id.ToString()).ToTimeLimitedDataProtector();

    private string? Unprotect(string purpose, StaffUser user, string? state)
    {
        if (string.IsNullOrEmpty(state) || state.Length > 20_000)
        {
            return null;
        }

        try
        {
            return Protector(purpose, user).Unprotect(state);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
