using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using QRCoder;
using SayStop.Web.Data;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Site;

namespace SayStop.Web.Features.Account;

/// <summary>
/// Where an invited staff member (or the first administrator) sets a password and enrols an authenticator
/// app in one step: an account never exists without its second factor. The authenticator secret travels
/// between the two requests in a hidden field encrypted and time-limited by Data Protection.
/// </summary>
// The "done" page shows recovery codes and the organisation recovery key: no browser or proxy may keep a copy.
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class SetupModel(
    StaffInvitations invitations,
    UserManager<StaffUser> users,
    IUserStore<StaffUser> userStore,
    AppDbContext db,
    IDataProtectionProvider protection,
    OrganisationProfiles organisation,
    AuditLog audit,
    RecipientKeys keys,
    Texts texts,
    TimeProvider clock) : PageModel
{
    private const string Purpose = "Account.Setup.AuthenticatorKey.v1";

    public enum SetupState
    {
        Form,
        Invalid,
        Done,
    }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? ProtectedKey { get; set; }

    [BindProperty]
    public SetupInput Input { get; set; } = new();

    public SetupState State { get; private set; }

    public bool ForFirstAdministrator { get; private set; }

    public string? InvitedEmail { get; private set; }

    public string QrDataUri { get; private set; } = string.Empty;

    public string DisplayKey { get; private set; } = string.Empty;

    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    /// <summary>The organisation recovery key, shown once on the "done" page of the first setup and never stored.</summary>
    public string? RecoveryKeyText { get; private set; }

    public string RecoveryKeyQrDataUri { get; private set; } = string.Empty;

    public sealed class SetupInput
    {
        [StringLength(320, ErrorMessage = "Validation.TooLong")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        public string? Email { get; set; }

        [StringLength(120, ErrorMessage = "Validation.TooLong")]
        public string? DisplayName { get; set; }

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(256, MinimumLength = 12, ErrorMessage = "Account.PasswordRule")]
        public string Password { get; set; } = string.Empty;

        [Required(ErrorMessage = "Validation.Required")]
        [Compare(nameof(Password), ErrorMessage = "Account.PasswordsDiffer")]
        public string ConfirmPassword { get; set; } = string.Empty;

        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(10, ErrorMessage = "Validation.TooLong")]
        public string Code { get; set; } = string.Empty;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var invitation = await LoadAsync(ct);
        if (invitation is null)
        {
            return Page();
        }

        await PrepareKeyAsync(newKey: null, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var invitation = await LoadAsync(ct);
        if (invitation is null)
        {
            return Page();
        }

        var key = Unprotect(ProtectedKey);
        if (key is null)
        {
            // The form sat open too long (or the field was forged): start the authenticator step again.
            ModelState.AddModelError(string.Empty, texts["Account.Setup.KeyExpired"]);
            await PrepareKeyAsync(null, ct);
            return Page();
        }

        if (ForFirstAdministrator)
        {
            if (string.IsNullOrWhiteSpace(Input.Email))
            {
                ModelState.AddModelError("Input.Email", texts["Validation.Required"]);
            }

            if (string.IsNullOrWhiteSpace(Input.DisplayName))
            {
                ModelState.AddModelError("Input.DisplayName", texts["Validation.Required"]);
            }
        }

        var code = (Input.Code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal);
        long step = 0;
        if (ModelState.IsValid && !new Totp(Base32Encoding.ToBytes(key)).VerifyTotp(TimeProvider.System.GetUtcNow().UtcDateTime, code, out step, StaffAuthenticatorTokenProvider.Window))
        {
            ModelState.AddModelError("Input.Code", texts["Account.TwoFactor.Failed"]);
        }

        StaffUser? user = invitation.UserId is { } uid ? await users.FindByIdAsync(uid.ToString()) : null;
        if (ModelState.IsValid && ForFirstAdministrator && await users.FindByEmailAsync(Input.Email!) is not null)
        {
            ModelState.AddModelError("Input.Email", texts["Admin.Staff.EmailTaken"]);
        }

        var probe = user ?? new StaffUser { UserName = Input.Email, Email = Input.Email };
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, probe, Input.Password ?? string.Empty);
            if (!check.Succeeded)
            {
                ModelState.AddModelError("Input.Password", texts["Account.PasswordRule"]);
                break;
            }
        }

        if (!ModelState.IsValid)
        {
            await PrepareKeyAsync(key, ct);
            return Page();
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Set<StaffInvitation>()
            .Where(i => i.Id == invitation.Id && i.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.UsedAt, clock.GetUtcNow().UtcDateTime), ct);
        if (claimed != 1)
        {
            State = SetupState.Invalid;
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (user is null)
        {
            user = new StaffUser
            {
                Id = Guid.CreateVersion7(),
                UserName = Input.Email,
                Email = Input.Email,
                EmailConfirmed = true,
                DisplayName = Input.DisplayName!.Trim(),
                PreferredCulture = Cultures.Current,
                CreatedAt = now,
            };
            EnsureSucceeded(await users.CreateAsync(user));
            EnsureSucceeded(await users.AddToRoleAsync(user, StaffRoles.Administrator));
        }

        EnsureSucceeded(await users.AddPasswordAsync(user, Input.Password!));
        await ((IUserAuthenticatorKeyStore<StaffUser>)userStore).SetAuthenticatorKeyAsync(user, key, ct);
        user.TwoFactorEnabled = true;
        // The enrolment code is spent: it cannot also open the first sign-in.
        user.LastTotpStep = step;
        user.ActivatedAt = now;
        EnsureSucceeded(await users.UpdateAsync(user));
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 8))?.ToList() ?? [];
        // The password is known only here and at sign-in: a case handler's key pair is protected under it now.
        await keys.EnsureCaseHandlerKeyAsync(user, Input.Password!, ct);
        if (ForFirstAdministrator)
        {
            RecoveryKeyText = await keys.CreateRecoveryKeyAsync(ct);
        }

        await tx.CommitAsync(ct);
        if (RecoveryKeyText is not null)
        {
            RecoveryKeyQrDataUri = QrDataUriOf(RecoveryKeyText);
        }

        await audit.AppendAsync(user.Email!, ForFirstAdministrator ? "admin.first-setup" : "account.activated", user.Email!, "totp enrolled", ct);
        State = SetupState.Done;
        return Page();
    }

    private async Task<StaffInvitation?> LoadAsync(CancellationToken ct)
    {
        var invitation = await invitations.FindValidAsync(Token, ct);
        if (invitation is null)
        {
            State = SetupState.Invalid;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return null;
        }

        ForFirstAdministrator = invitation.ForFirstAdministrator;
        if (invitation.UserId is { } uid)
        {
            InvitedEmail = await db.Users.Where(u => u.Id == uid).Select(u => u.Email).FirstOrDefaultAsync(ct);
        }

        return invitation;
    }

    private async Task PrepareKeyAsync(string? newKey, CancellationToken ct)
    {
        var key = newKey ?? Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20));
        ProtectedKey = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector()
            .Protect(key + "|" + StaffInvitations.Hash(Token ?? string.Empty), TimeSpan.FromMinutes(30));
        ModelState.Remove(nameof(ProtectedKey));
        DisplayKey = string.Join(' ', key.Chunk(4).Select(ch => new string(ch)));
        var org = await organisation.GetAsync(ct);
        var account = InvitedEmail ?? Input.Email ?? "staff";
        var uri = $"otpauth://totp/{Uri.EscapeDataString(org.ShortName)}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString(org.ShortName)}&digits=6";
        QrDataUri = QrDataUriOf(uri);
    }

    private static string QrDataUriOf(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }

    /// <summary>The key is bound to this invitation's token: a key field from another setup form is refused.</summary>
    private string? Unprotect(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 2000)
        {
            return null;
        }

        try
        {
            var plain = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector().Unprotect(value);
            var parts = plain.Split('|');
            return parts.Length == 2 && parts[1] == StaffInvitations.Hash(Token ?? string.Empty) ? parts[0] : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static void EnsureSucceeded(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Account setup failed: " + string.Join(", ", result.Errors.Select(e => e.Code)));
        }
    }
}
