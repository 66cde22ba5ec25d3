using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using SayStop.Sealing;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Account;

/// <summary>The site with sign-in waits of milliseconds instead of seconds, so that many failures stay quick.</summary>
public class AccountHardeningApp(TestDb db) : SayStopApp(db)
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Account:SignInDelay:FirstMilliseconds", "1");
        builder.UseSetting("Account:SignInDelay:MaxMilliseconds", "20");
    }
}

public sealed class AccountHardeningSqliteApp() : AccountHardeningApp(TestDb.Sqlite);

public sealed class AccountHardeningPostgresApp() : AccountHardeningApp(TestDb.Postgres);

/// <summary>
/// Staff sign-in against an attacker: password hashes as strong as the key wrapping, no account enumeration, no
/// lockout by strangers, single-use authenticator codes, hostile return URLs, guessing on the change-password form.
/// </summary>
public abstract partial class AccountHardeningTests(AccountHardeningApp app)
{
    protected AccountHardeningApp App { get; } = app;

    private static Dictionary<string, string> Credentials(string email, string password) => new()
    {
        ["Input.Email"] = email,
        ["Input.Password"] = password,
    };

    private static string CodeAt(string key, DateTime at) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(at);

    private async Task<StaffUser> UserAsync(string email)
    {
        await using var scope = App.Scope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(email))!;
    }

    private async Task<string> StoredHashAsync(string email)
    {
        await using var scope = App.Scope();
        var normalized = email.ToUpperInvariant();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users
            .Where(u => u.NormalizedEmail == normalized).Select(u => u.PasswordHash!).SingleAsync();
    }

    /// <summary>The password step; returns the two-factor page's address.</summary>
    private static async Task<string> PasswordStepAsync(HttpClient client, StaffCredentials who, string? returnUrl = null)
    {
        var fields = Credentials(who.Email, who.Password);
        if (returnUrl is not null)
        {
            fields["ReturnUrl"] = returnUrl;
        }

        var first = await client.SubmitAsync("/en/account/signin", fields);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var location = first.Headers.Location!.ToString();
        Assert.Contains("/account/two-factor", location, StringComparison.Ordinal);
        return location;
    }

    private static async Task<HttpResponseMessage> CodeStepAsync(HttpClient client, string twoFactorUrl, string code) =>
        await client.SubmitAsync(twoFactorUrl, new Dictionary<string, string> { ["Code"] = code });

    // --- Point 1: Argon2id password hashes --------------------------------------------------------------------

    [Fact]
    public async Task StoredPasswordHash_IsArgon2id_AtLeastAsCostlyAsTheHandlersKeyWrapping()
    {
        App.Require();
        var who = await App.CreateStaffAsync(StaffRoles.CaseHandler);
        await App.SignInAsync(who);

        var stored = await StoredHashAsync(who.Email);
        var phc = PhcString().Match(stored);
        Assert.True(phc.Success, "not an Argon2id PHC string: " + stored[..Math.Min(20, stored.Length)]);
        var memory = int.Parse(phc.Groups["m"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var passes = int.Parse(phc.Groups["t"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(16, Convert.FromBase64String(phc.Groups["salt"].Value + "==").Length);
        Assert.Equal(32, Convert.FromBase64String(phc.Groups["hash"].Value + "=").Length);

        await using var scope = App.Scope();
        var options = scope.ServiceProvider.GetRequiredService<ReportsOptions>();
        Assert.True(memory >= options.KeyCost.MemoryKiB && passes >= options.KeyCost.Iterations);
        // The handler's key pair made at this sign-in is wrapped at a cost no higher than the password hash's.
        var userId = (await UserAsync(who.Email)).Id;
        var blob = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<RecipientKey>()
            .Where(k => k.UserId == userId && k.RevokedAt == null).Select(k => k.ProtectedPrivateKey!).SingleAsync();
        var wrapping = ProtectedPrivateKey.GetCost(blob);
        Assert.True(memory >= wrapping.MemoryKiB && passes >= wrapping.Iterations);
    }

    [Fact]
    public async Task AnIdentityPbkdf2Hash_StillSignsIn_AndIsReplacedByArgon2idThere()
    {
        App.Require();
        var who = await App.CreateStaffAsync(StaffRoles.Editor);
        var pbkdf2 = new PasswordHasher<StaffUser>().HashPassword(new StaffUser(), who.Password);
        await using (var scope = App.Scope())
        {
            var normalized = who.Email.ToUpperInvariant();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Where(u => u.NormalizedEmail == normalized)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, pbkdf2));
        }

        Assert.False((await StoredHashAsync(who.Email)).StartsWith('$'));
        var client = await App.SignInAsync(who);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/en/account/manage")).StatusCode);
        var replaced = await StoredHashAsync(who.Email);
        Assert.StartsWith(StaffPasswordHasher.Prefix, replaced, StringComparison.Ordinal);
        Assert.NotEqual(pbkdf2, replaced);
        // And the new hash works on its own.
        await App.SignInAsync(who);
    }

    // --- Point 2: no enumeration, no lockout by strangers ------------------------------------------------------

    /// <summary>The refusal page with what legitimately differs taken out: the antiforgery token and the typed email.</summary>
    private static async Task<string> RefusalAsync(HttpResponseMessage response, string email)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        html = AntiforgeryField().Replace(html, "<af>");
        html = CspNonce().Replace(html, "nonce=\"n\"");
        return html.Replace(email, "EMAIL", StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownEmail_AndAKnownOneWithAWrongPassword_GetTheSamePage()
    {
        App.Require();
        var who = await App.CreateStaffAsync(StaffRoles.CaseHandler);
        var unknown = $"staff-{Guid.NewGuid():N}@test.example";
        var client = App.Client();
        var known = await RefusalAsync(await client.SubmitAsync("/en/account/signin", Credentials(who.Email, "a wrong password here")), who.Email);
        var stranger = await RefusalAsync(await client.SubmitAsync("/en/account/signin", Credentials(unknown, "a wrong password here")), unknown);
        Assert.Equal(known, stranger);
        Assert.Contains("The email address or password is not correct.", known, StringComparison.Ordinal);

        // Even after more failures than lock an account elsewhere, both still read the same.
        for (var i = 0; i < 6; i++)
        {
            known = await RefusalAsync(await client.SubmitAsync("/en/account/signin", Credentials(who.Email, "wrong " + i)), who.Email);
            stranger = await RefusalAsync(await client.SubmitAsync("/en/account/signin", Credentials(unknown, "wrong " + i)), unknown);
        }

        Assert.Equal(known, stranger);
        Assert.DoesNotContain("locked", known, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WhatAStrangerTypes_AsAnAddress_NeverReachesTheAuditLog()
    {
        App.Require();
        var marker = Guid.NewGuid().ToString("N");
        var typed = $"someone-{marker}@test.example";
        var response = await App.Client().SubmitAsync("/en/account/signin", Credentials(typed, "a wrong password here"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await using var scope = App.Scope();
        var entries = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<AuditEntry>()
            .Where(e => e.Action == "account.signin.failed" && e.Target == "unknown-account").ToListAsync();
        Assert.NotEmpty(entries);
        var all = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<AuditEntry>().AsNoTracking().ToListAsync();
        Assert.DoesNotContain(all, e => (e.Actor + e.Target + e.Details).Contains(marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnknownEmail_CostsTheSameArgon2idWork_AsAWrongPassword()
    {
        App.Require();
        var who = await App.CreateStaffAsync(StaffRoles.Editor);
        var hasher = App.Services.GetRequiredService<StaffPasswordHasher>();
        var client = App.Client();
        // Warm the page (and the dummy hash, made once) so that only the checks below count.
        await client.SubmitAsync("/en/account/signin", Credentials($"warm-{Guid.NewGuid():N}@test.example", "warming up the page"));

        var before = hasher.Argon2idRuns;
        await client.SubmitAsync("/en/account/signin", Credentials(who.Email, "a wrong password here"));
        var forKnown = hasher.Argon2idRuns - before;

        before = hasher.Argon2idRuns;
        await client.SubmitAsync("/en/account/signin", Credentials($"nobody-{Guid.NewGuid():N}@test.example", "a wrong password here"));
        var forUnknown = hasher.Argon2idRuns - before;

        Assert.Equal(1, forKnown);
        Assert.Equal(forKnown, forUnknown);
    }

    [Fact]
    public async Task TenWrongPasswords_DoNotLockTheAccount_TheRightPasswordAndCodeStillSignIn()
    {
        App.Require();
        var who = await App.CreateStaffAsync(StaffRoles.CaseHandler);
        var stranger = App.Client();
        for (var i = 0; i < 10; i++)
        {
            var r = await stranger.SubmitAsync("/en/account/signin", Credentials(who.Email, "a guess number " + i));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        await using (var scope = App.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var user = (await users.FindByEmailAsync(who.Email))!;
            Assert.False(await users.IsLockedOutAsync(user));
            Assert.Equal(0, await users.GetAccessFailedCountAsync(user));
            var failures = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<AuditEntry>()
                .CountAsync(e => e.Target == who.Email && e.Action == "account.signin.failed");
            Assert.Equal(10, failures);
        }

        var owner = await App.SignInAsync(who);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/en/account/manage")).StatusCode);
    }

    [Fact]
    public async Task APasskey_SignsIn_AfterAStrangersWrongPasswords()
    {
        App.Require();
        var who = await App.CreateStaffAsync(StaffRoles.Editor);
        using var passkey = new SoftwarePasskey();
        await using (var scope = App.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var user = (await users.FindByEmailAsync(who.Email))!;
            Assert.True((await users.AddOrUpdatePasskeyAsync(user, new UserPasskeyInfo(
                passkey.CredentialId, passkey.CosePublicKey(), DateTimeOffset.UtcNow, 0, ["internal"], true, false, false, [], []))).Succeeded);
        }

        var stranger = App.Client();
        for (var i = 0; i < 8; i++)
        {
            await stranger.SubmitAsync("/en/account/signin", Credentials(who.Email, "a guess number " + i));
        }

        var owner = App.Client();
        var twoFactor = await PasswordStepAsync(owner, who);
        var page = await owner.GetDocumentAsync(twoFactor);
        var form = page.QuerySelector("form[data-passkey=get]");
        Assert.NotNull(form);
        var answer = passkey.Answer(form.GetAttribute("data-passkey-options")!, "http://localhost");
        var response = await owner.SubmitAsync(page, twoFactor, new Dictionary<string, string> { ["CredentialJson"] = answer }, "form[data-passkey=get]");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"passkey refused: {(int)response.StatusCode} {string.Join(" | ", App.Logs.Lines.Where(m => m.Contains("Passkey", StringComparison.Ordinal)).TakeLast(2))}");
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/en/account/manage")).StatusCode);
    }

    // --- Point 3: authenticator codes: one step either side, each once ---------------------------------------

    [Fact]
    public async Task ACodeTwoStepsOld_IsRefused()
    {
        App.Require();
        var who = await App.CreateStaffAsync(StaffRoles.Editor);
        var client = App.Client();
        var twoFactor = await PasswordStepAsync(client, who);
        var old = await CodeStepAsync(client, twoFactor, CodeAt(who.AuthenticatorKey, DateTime.UtcNow.AddSeconds(-60)));
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/en/account/manage")).StatusCode);
    }

    [Fact]
    public async Task TheSameCode_IsRefusedTheSecondTime_AndTheNextStepsCodeIsAccepted()
    {
        App.Require();
        var who = await App.CreateStaffAsync(StaffRoles.Editor);
        var now = DateTime.UtcNow;
        var code = CodeAt(who.AuthenticatorKey, now);

        var first = App.Client();
        var r1 = await CodeStepAsync(first, await PasswordStepAsync(first, who), code);
        Assert.Equal(HttpStatusCode.Redirect, r1.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/en/account/manage")).StatusCode);

        // Seen over a shoulder and typed again, on another browser, within its 30 seconds: refused.
        var second = App.Client();
        var r2 = await CodeStepAsync(second, await PasswordStepAsync(second, who), code);
        Assert.Equal(HttpStatusCode.OK, r2.StatusCode);
        Assert.Contains("code is not correct", await r2.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/en/account/manage")).StatusCode);

        // The next step's code (a phone a little ahead) is accepted.
        var third = App.Client();
        var r3 = await CodeStepAsync(third, await PasswordStepAsync(third, who), CodeAt(who.AuthenticatorKey, now.AddSeconds(30)));
        Assert.Equal(HttpStatusCode.Redirect, r3.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await third.GetAsync("/en/account/manage")).StatusCode);
    }

    // --- Point 4: hostile return URLs ------------------------------------------------------------------------

    [Theory]
    [InlineData("/en/admin\u0001")]
    [InlineData("/en/admin\r\nSet-Cookie: x=1")]
    [InlineData("/en/news/été")]
    [InlineData("/en/\u00a0admin")]
    [InlineData("/en/\u202eadmin")]
    [InlineData("/en/admin\t")]
    [InlineData("/en/admin\u007f")]
    [InlineData("/en/\u0085admin")]
    [InlineData("/\\evil.example")]
    public async Task AReturnUrl_WithControlOrNonAsciiCharacters_NeverFails_AndLandsOnALocalPage(string returnUrl)
    {
        App.Require();
        var who = await App.CreateStaffAsync(StaffRoles.Editor);
        var client = App.Client();
        var twoFactor = await PasswordStepAsync(client, who, returnUrl);
        // The two-factor form carries whatever the link said (as a hostile link would): post it with the bad value.
        var page = await client.GetDocumentAsync(twoFactor);
        var response = await client.SubmitAsync(page, twoFactor, new Dictionary<string, string>
        {
            ["Code"] = who.CurrentCode(),
            ["ReturnUrl"] = returnUrl,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/", location, StringComparison.Ordinal);
        Assert.False(location.StartsWith("//", StringComparison.Ordinal) || location.Contains('\\', StringComparison.Ordinal));
        Assert.All(location, c => Assert.InRange(c, '!', '~'));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(location)).StatusCode);
    }

    // --- Point 5: guessing the current password on the change-password form ----------------------------------

    [Fact]
    public async Task ChangePassword_AfterFiveWrongCurrentPasswords_IsRefused_AndEachFailureIsAuditedByIdOnly()
    {
        App.Require();
        var who = await App.CreateStaffAsync(StaffRoles.Editor);
        var id = (await UserAsync(who.Email)).Id.ToString();
        var client = await App.SignInAsync(who);
        for (var i = 0; i < PasswordChangeLimit.MaxFailures; i++)
        {
            var wrong = await client.SubmitAsync("/en/account/manage", new Dictionary<string, string>
            {
                ["Input.Current"] = "not my password, guess " + i,
                ["Input.New"] = "a brand new long password",
            }, "main form[action*='Password']");
            Assert.Contains("current password is not correct", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Even the right current password is not checked now.
        var refused = await client.SubmitAsync("/fr/account/manage", new Dictionary<string, string>
        {
            ["Input.Current"] = who.Password,
            ["Input.New"] = "a brand new long password",
        }, "main form[action*='Password']");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("réessayez dans 15 minutes", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await App.Services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope()
            .ServiceProvider.GetRequiredService<RecipientKeys>().UnlockAsync(Guid.Parse(id), "a brand new long password"));
        await App.SignInAsync(who);

        await using var scope = App.Scope();
        var entries = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<AuditEntry>()
            .Where(e => e.Target == id).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(PasswordChangeLimit.MaxFailures, entries.Count(e => e.Action == PasswordChangeLimit.FailedAction));
        Assert.Single(entries, e => e.Action == PasswordChangeLimit.RefusedAction);
        Assert.All(entries, e => Assert.Equal(id, e.Actor));
        Assert.DoesNotContain(entries, e => e.Details.Contains(who.Email, StringComparison.Ordinal) || e.Details.Contains("guess", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Action == "account.password.changed");
    }

    [GeneratedRegex(@"^\$argon2id\$v=19\$m=(?<m>\d+),t=(?<t>\d+),p=1\$(?<salt>[A-Za-z0-9+/]+)\$(?<hash>[A-Za-z0-9+/]+)$")]
    private static partial Regex PhcString();

    [GeneratedRegex(@"<input[^>]*name=""__af""[^>]*>")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex(@"nonce=""[^""]*""")]
    private static partial Regex CspNonce();
}

/// <summary>
/// A WebAuthn authenticator in software (ES256, user verified), enough to answer a sign-in ceremony without a
/// browser: the signature is over the authenticator data and the hash of the client data, as a real one makes it.
/// </summary>
internal sealed class SoftwarePasskey : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private uint _counter;

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(16);

    /// <summary>The public key as a COSE_Key map (kty EC2, alg ES256, crv P-256, x, y).</summary>
    public byte[] CosePublicKey()
    {
        var q = _key.ExportParameters(includePrivateParameters: false).Q;
        return [0xA5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20, .. q.X!, 0x22, 0x58, 0x20, .. q.Y!];
    }

    public string Answer(string requestOptionsJson, string origin)
    {
        using var options = JsonDocument.Parse(requestOptionsJson);
        var challenge = options.RootElement.GetProperty("challenge").GetString()!;
        var rpId = options.RootElement.TryGetProperty("rpId", out var rp) ? rp.GetString()! : new Uri(origin).Host;
        var clientData = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = "webauthn.get",
            ["challenge"] = challenge,
            ["origin"] = origin,
            ["crossOrigin"] = false,
        });
        var counter = ++_counter;
        byte[] authenticatorData =
        [
            .. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)),
            0x05, // user present, user verified
            (byte)(counter >> 24), (byte)(counter >> 16), (byte)(counter >> 8), (byte)counter,
        ];
        var signature = _key.SignData([.. authenticatorData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var id = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(CredentialId);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = id,
            ["rawId"] = id,
            ["type"] = "public-key",
            ["authenticatorAttachment"] = "platform",
            ["clientExtensionResults"] = new Dictionary<string, object>(),
            ["response"] = new Dictionary<string, string>
            {
                ["clientDataJSON"] = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(clientData),
                ["authenticatorData"] = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(authenticatorData),
                ["signature"] = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(signature),
            },
        });
    }

    public void Dispose() => _key.Dispose();
}

public sealed class AccountHardeningSqliteTests(AccountHardeningSqliteApp app) : AccountHardeningTests(app), IClassFixture<AccountHardeningSqliteApp>;

public sealed class AccountHardeningPostgresTests(AccountHardeningPostgresApp app) : AccountHardeningTests(app), IClassFixture<AccountHardeningPostgresApp>;
