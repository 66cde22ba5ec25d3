using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SayStop.Web.Features.Account;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Browser;

/// <summary>
/// Passkeys as the second factor, in Chromium with a virtual WebAuthn authenticator (Chrome DevTools Protocol):
/// a staff member adds one after a TOTP sign-in, then signs in with password + passkey and reaches staff pages;
/// an authenticator that cannot verify its user is refused. WebAuthn needs a domain, so the browser talks to
/// "localhost" rather than 127.0.0.1 (same server).
/// </summary>
public sealed partial class PasskeyBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private string Origin => app.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

    [Fact]
    public async Task StaffMember_AddsAPasskey_AndSignsInWithPasswordAndPasskey()
    {
        app.Require();
        var staff = await app.CreateStaffAsync(StaffRoles.Editor);
        var (context, page, foreign) = await app.NewPageAsync();
        await using var _ = context;
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        var added = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        var authenticatorId = added!.Value.GetProperty("authenticatorId").GetString()!;

        // First sign-in with the authenticator app, then add the passkey on the account page.
        await PasswordStepAsync(page, staff);
        Assert.Equal(0, await page.Locator("form[data-passkey=get]").CountAsync());
        await page.FillAsync("input[name=Code]", staff.CurrentCode());
        await page.ClickAsync("main form:not([data-passkey]) button[type=submit]");
        await page.WaitForLoadStateAsync(); // passkeys.js must have taken over the forms
        Assert.Contains("/account/manage", page.Url, StringComparison.Ordinal);
        Assert.False(await page.Locator("[data-passkey-unsupported]").IsVisibleAsync());
        await page.FillAsync("#PasskeyName", "Test laptop <b>");
        await page.ClickAsync("form[data-passkey=create] button[type=submit]");
        await page.WaitForURLAsync(ManagePage());
        // The page is already the manage page before the ceremony's post returns, so the URL alone does not wait for it.
        await page.Locator("main").GetByText("The passkey has been added.").WaitForAsync();
        var main = await page.InnerTextAsync("main");
        Assert.Contains("The passkey has been added.", main, StringComparison.Ordinal);
        // Stored as typed, shown as text: the markup never becomes an element.
        Assert.Contains("Test laptop <b>", main, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator(".passkey-list b").CountAsync());
        await BrowserApp.AssertAccessibleAsync(page);

        await using (var db = await app.DbAsync())
        {
            var user = await db.Users.SingleAsync(u => u.Email == staff.Email);
            var stored = await db.Set<Microsoft.AspNetCore.Identity.IdentityUserPasskey<Guid>>().Where(p => p.UserId == user.Id).ToListAsync();
            var passkey = Assert.Single(stored);
            Assert.Equal("Test laptop <b>", passkey.Data.Name);
            Assert.True(passkey.Data.IsUserVerified);
        }

        // Sign out, then password + passkey: the staff pages (which demand the second factor) open.
        await page.ClickAsync("form[action$='/account/signout'] button");
        await PasswordStepAsync(page, staff);
        await BrowserApp.AssertAccessibleAsync(page);
        await page.ClickAsync("form[data-passkey=get] button[type=submit]");
        await page.WaitForURLAsync(ManagePage());
        await page.GotoAsync($"{Origin}/en/news/manage");
        Assert.Contains("/en/news/manage", page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("/account/signin", page.Url, StringComparison.Ordinal);

        // An authenticator that cannot verify its user (no PIN, no biometrics) is not a second factor here.
        await page.ClickAsync("form[action$='/account/signout'] button");
        await cdp.SendAsync("WebAuthn.setUserVerified", new Dictionary<string, object>
        {
            ["authenticatorId"] = authenticatorId,
            ["isUserVerified"] = false,
        });
        await PasswordStepAsync(page, staff);
        await page.ClickAsync("form[data-passkey=get] button[type=submit]");
        await page.WaitForLoadStateAsync();
        Assert.Contains("/account/two-factor", page.Url, StringComparison.Ordinal);
        Assert.Contains("The passkey was not accepted.", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await page.GotoAsync($"{Origin}/en/news/manage");
        Assert.Contains("/account/signin", page.Url, StringComparison.Ordinal);

        // Every request here goes to "localhost", which the recorder counts as another host while requests may
        // still be arriving: read it under its lock (enumerating it live once failed with "collection modified").
        string[] seen;
        lock (foreign)
        {
            seen = [.. foreign];
        }

        Assert.DoesNotContain(seen, u => !u.StartsWith(Origin, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutJavaScript_ThePasskeyFormsExplainAndNothingBreaks()
    {
        app.Require();
        var staff = await app.CreateStaffAsync(StaffRoles.Editor);
        var (context, page, _) = await app.NewPageAsync(javaScript: false);
        await using var __ = context;
        await PasswordStepAsync(page, staff);
        await page.FillAsync("input[name=Code]", staff.CurrentCode());
        await page.ClickAsync("main form:not([data-passkey]) button[type=submit]");
        Assert.True(await page.Locator("[data-passkey-unsupported]").IsVisibleAsync());
        await page.FillAsync("#PasskeyName", "Phone");
        await page.ClickAsync("form[data-passkey=create] button[type=submit]");
        var main = await page.InnerTextAsync("main");
        Assert.Contains("The passkey could not be registered", main, StringComparison.Ordinal);
        Assert.Contains("You have not registered a passkey yet.", main, StringComparison.Ordinal);
    }

    private async Task PasswordStepAsync(IPage page, StaffCredentials staff)
    {
        await page.GotoAsync($"{Origin}/en/account/signin");
        await page.FillAsync("input[name='Input.Email']", staff.Email);
        await page.FillAsync("input[name='Input.Password']", staff.Password);
        await page.ClickAsync("main button[type=submit]");
        // A click returns once the next page starts arriving, before its scripts run; the passkey button is a
        // plain form until passkeys.js has run, so wait for the whole page (CI once clicked it too early).
        await page.WaitForLoadStateAsync();
        Assert.Contains("/account/two-factor", page.Url, StringComparison.Ordinal);
    }

    [System.Text.RegularExpressions.GeneratedRegex("/account/manage", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex ManagePage();
}
