using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Infrastructure.Audit;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Account;

/// <summary>Staff accounts: one-time setup, second factor, lockout, invitations, sign-out everywhere.</summary>
public abstract partial class AccountTests(SayStopApp app)
{
    protected SayStopApp App { get; } = app;

    private async Task<string> FirstAdministratorTokenAsync()
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<StaffInvitations>().IssueFirstAdministratorTokenAsync();
    }

    private static string KeyOn(AngleSharp.Html.Dom.IHtmlDocument doc) =>
        doc.QuerySelector("#authenticator-key")!.TextContent.Replace(" ", string.Empty, StringComparison.Ordinal);

    private static string Code(string key) => StaffCredentials.FreshCode(key);

    private async Task<List<string>> AuditActionsAsync(string target)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<AuditEntry>().Where(e => e.Target == target).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync();
    }

    [Fact]
    public async Task FirstAdministrator_SetsPasswordAndTotp_ThenSignsInWithBoth()
    {
        App.Require();
        var token = await FirstAdministratorTokenAsync();
        var client = App.Client();
        var url = $"/en/account/setup?token={token}";
        var doc = await client.GetDocumentAsync(url);
        var key = KeyOn(doc);
        Assert.StartsWith("data:image/png;base64,", doc.QuerySelector("img.qr")!.GetAttribute("src"), StringComparison.Ordinal);
        var email = $"admin-{Guid.NewGuid():N}@test.example";
        const string password = "purple elephant dances twice";
        var done = await client.SubmitAsync(doc, url, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = "First Admin",
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
            ["Input.Code"] = Code(key),
        });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var donePage = await done.DocumentAsync();
        Assert.Equal(8, donePage.QuerySelectorAll("ul.codes li").Length);

        // The link is spent.
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync(url)).StatusCode);

        var admin = await App.SignInAsync(new StaffCredentials(email, password, key));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/en/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/en/admin/staff")).StatusCode);
        var actions = await AuditActionsAsync(email);
        Assert.Contains("admin.first-setup", actions);
        Assert.Contains("account.signin", actions);
    }

    [Fact]
    public async Task Setup_WithAShortPassword_KeepsTheFormAndCreatesNothing()
    {
        App.Require();
        var token = await FirstAdministratorTokenAsync();
        var client = App.Client();
        var url = $"/fr/account/setup?token={token}";
        var doc = await client.GetDocumentAsync(url);
        var key = KeyOn(doc);
        var email = $"admin-{Guid.NewGuid():N}@test.example";
        // The right code: the password rule alone is what refuses the form.
        var response = await client.SubmitAsync(doc, url, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = "Admin",
            ["Input.Password"] = "short",
            ["Input.ConfirmPassword"] = "short",
            ["Input.Code"] = Code(key),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.DocumentAsync();
        Assert.Contains("Au moins 12 caractères", page.QuerySelector("[data-valmsg-for='Input.Password']")?.TextContent ?? string.Empty, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelector("[data-valmsg-for='Input.Code']")?.TextContent.Trim() ?? string.Empty);
        Assert.Equal(email, page.QuerySelector("input[name='Input.Email']")?.GetAttribute("value"));
        // The same authenticator secret is offered again, so a phone that already scanned it still works.
        Assert.Equal(key, KeyOn(page));
        await using var scope = App.Scope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task Setup_WithAWrongCode_KeepsTheFormAndCreatesNothing()
    {
        App.Require();
        var token = await FirstAdministratorTokenAsync();
        var client = App.Client();
        var url = $"/fr/account/setup?token={token}";
        var doc = await client.GetDocumentAsync(url);
        var key = KeyOn(doc);
        var email = $"admin-{Guid.NewGuid():N}@test.example";
        var right = new Totp(Base32Encoding.ToBytes(key)).ComputeTotp();
        var wrong = ((int.Parse(right, System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        // A valid password: the code check alone is what refuses the form.
        var response = await client.SubmitAsync(doc, url, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = "Admin",
            ["Input.Password"] = "a long enough password here",
            ["Input.ConfirmPassword"] = "a long enough password here",
            ["Input.Code"] = wrong,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.DocumentAsync();
        Assert.Contains("Ce code n'est pas correct", page.QuerySelector("[data-valmsg-for='Input.Code']")?.TextContent ?? string.Empty, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelector("[data-valmsg-for='Input.Password']")?.TextContent.Trim() ?? string.Empty);
        Assert.Equal(key, KeyOn(page));
        await using var scope = App.Scope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task Setup_WithForgedKeyField_IsRefused()
    {
        App.Require();
        var token = await FirstAdministratorTokenAsync();
        var client = App.Client();
        var url = $"/en/account/setup?token={token}";
        var doc = await client.GetDocumentAsync(url);
        var response = await client.SubmitAsync(doc, url, new Dictionary<string, string>
        {
            ["ProtectedKey"] = "forged",
            ["Input.Email"] = $"x-{Guid.NewGuid():N}@test.example",
            ["Input.DisplayName"] = "X",
            ["Input.Password"] = "long enough password here",
            ["Input.ConfirmPassword"] = "long enough password here",
            ["Input.Code"] = "123456",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("open too long", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Setup_WithUnknownToken_Is404WithAClearMessage(string token)
    {
        App.Require();
        var response = await App.Client().GetAsync($"/nl/account/setup?token={token}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("instellingslink is niet geldig", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordAlone_NeverOpensAStaffPage()
    {
        App.Require();
        var admin = await App.CreateStaffAsync(StaffRoles.Administrator);
        var client = App.Client();
        var first = await client.SubmitAsync("/en/account/signin", new Dictionary<string, string>
        {
            ["Input.Email"] = admin.Email,
            ["Input.Password"] = admin.Password,
        });
        Assert.Contains("/account/two-factor", first.Headers.Location!.ToString(), StringComparison.Ordinal);
        var adminPage = await client.GetAsync("/en/admin");
        Assert.Equal(HttpStatusCode.Redirect, adminPage.StatusCode);
        Assert.Contains("/en/account/signin", adminPage.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPassword_IsRefusedAndAudited_AndFiveFailuresDoNotLockTheAccount()
    {
        App.Require();
        var who = await App.CreateStaffAsync(StaffRoles.Editor);
        var client = App.Client();
        for (var i = 0; i < 5; i++)
        {
            var r = await client.SubmitAsync("/en/account/signin", new Dictionary<string, string>
            {
                ["Input.Email"] = who.Email,
                ["Input.Password"] = "wrong password number " + i,
            });
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("email address or password is not correct", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A stranger who knows the address cannot keep its owner out: the second factor is the barrier.
        var owner = App.Client();
        var first = await owner.SubmitAsync("/en/account/signin", new Dictionary<string, string>
        {
            ["Input.Email"] = who.Email,
            ["Input.Password"] = who.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Contains("/account/two-factor", first.Headers.Location!.ToString(), StringComparison.Ordinal);
        var actions = await AuditActionsAsync(who.Email);
        Assert.Equal(5, actions.Count(a => a == "account.signin.failed"));
        Assert.DoesNotContain("account.lockedout", actions);
    }

    [Fact]
    public async Task WrongSecondFactor_IsRefused()
    {
        App.Require();
        var who = await App.CreateStaffAsync(StaffRoles.Editor);
        var client = App.Client();
        var first = await client.SubmitAsync("/en/account/signin", new Dictionary<string, string>
        {
            ["Input.Email"] = who.Email,
            ["Input.Password"] = who.Password,
        });
        var wrong = (int.Parse(who.CurrentCode(), System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000;
        var second = await client.SubmitAsync(first.Headers.Location!.ToString(), new Dictionary<string, string>
        {
            ["Code"] = wrong.ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/en/account/manage")).StatusCode);
        Assert.Contains("account.signin.failed", await AuditActionsAsync(who.Email));
    }

    /// <summary>
    /// Forged passkey answers at the second step: garbage, markup, a well-formed but unsigned answer, a
    /// ceremony state made for another purpose. Each is refused with the page's message, counts as a failed
    /// attempt, never signs in and never fails with a 500. (The real ceremony is in PasskeyBrowserTests.)
    /// </summary>
    [Theory]
    [InlineData("", "sign-in")]
    [InlineData("not json <script>alert(1)</script>", "sign-in")]
    [InlineData("{}", "sign-in")]
    [InlineData("{\"id\":\"AQID\",\"rawId\":\"AQID\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"e30\",\"authenticatorData\":\"AAAA\",\"signature\":\"AAAA\"}}", "sign-in")]
    [InlineData("{\"id\":\"AQID\"}", "registration")]
    [InlineData("{\"id\":\"AQID\"}", "garbage")]
    public async Task ForgedPasskeyAnswers_AreRefused_NeverA500(string credentialJson, string stateKind)
    {
        App.Require();
        var who = await App.CreateStaffAsync(StaffRoles.Editor);
        string state;
        await using (var scope = App.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var passkeys = scope.ServiceProvider.GetRequiredService<Passkeys>();
            var user = (await users.FindByEmailAsync(who.Email))!;
            // A stored passkey (random key material) so that the sign-in ceremony is offered at all.
            var credentialId = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
            Assert.True((await users.AddOrUpdatePasskeyAsync(user, new UserPasskeyInfo(
                credentialId, System.Security.Cryptography.RandomNumberGenerator.GetBytes(77), DateTimeOffset.UtcNow, 0, ["internal"],
                true, false, false, [], []))).Succeeded);
            var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = scope.ServiceProvider };
            http.Request.Scheme = "http";
            http.Request.Host = new Microsoft.AspNetCore.Http.HostString("localhost");
            state = stateKind switch
            {
                "sign-in" => (await passkeys.BeginSignInAsync(user, http))!.State,
                "registration" => (await passkeys.BeginRegistrationAsync(user, http)).State,
                _ => "CfDJ8garbage",
            };
        }

        var client = App.Client();
        var first = await client.SubmitAsync("/en/account/signin", new Dictionary<string, string>
        {
            ["Input.Email"] = who.Email,
            ["Input.Password"] = who.Password,
        });
        var page = first.Headers.Location!.ToString();
        var doc = await client.GetDocumentAsync(page);
        Assert.NotNull(doc.QuerySelector("form[data-passkey=get]"));
        var response = await client.SubmitAsync(doc, page, new Dictionary<string, string>
        {
            ["CredentialJson"] = credentialJson,
            ["PasskeyState"] = state,
        }, "form[data-passkey=get]");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The passkey was not accepted.", (await response.DocumentAsync()).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/en/account/manage")).StatusCode);
        Assert.Contains("account.signin.failed", await AuditActionsAsync(who.Email));
        await using (var scope = App.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            Assert.Equal(1, await users.GetAccessFailedCountAsync((await users.FindByEmailAsync(who.Email))!));
        }
    }

    [Fact]
    public async Task Administrator_InvitesEditor_ByRealEmail_AndEditorSetsUpAndSignsIn()
    {
        App.Require();
        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Administrator));
        var email = $"editor-{Guid.NewGuid():N}@test.example";
        var invite = await admin.SubmitAsync("/en/admin/staff", new Dictionary<string, string>
        {
            ["Invite.Email"] = email,
            ["Invite.DisplayName"] = "New Editor",
            ["Invite.Culture"] = "nl",
            ["Invite.Roles"] = StaffRoles.Editor,
        }, "main form[action*='Invite']");
        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        Assert.Contains($"Invitation sent to {email}", await invite.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var message = await App.Smtp.WaitForAsync(email);
        Assert.Equal("Uw SayStop-personeelsaccount", message.Subject);
        var absolute = SetupLink().Match(message.TextBody ?? string.Empty).Value;
        // Absolute on the configured address: a mail client cannot open a relative link.
        Assert.StartsWith($"{SayStopApp.PublicBaseUrl}/nl/account/setup?token=", absolute, StringComparison.Ordinal);
        var link = new Uri(absolute).PathAndQuery;

        var editor = App.Client();
        var doc = await editor.GetDocumentAsync(link);
        var key = KeyOn(doc);
        const string password = "tulips in the rain at noon";
        var done = await editor.SubmitAsync(doc, link, new Dictionary<string, string>
        {
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
            ["Input.Code"] = Code(key),
        });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("Uw account is klaar", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var signedIn = await App.SignInAsync(new StaffCredentials(email, password, key), "nl");
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/nl/news/manage")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await signedIn.GetAsync("/nl/admin")).StatusCode);
        var actions = await AuditActionsAsync(email);
        Assert.Equal(["staff.invited", "account.activated", "account.signin"], actions);
    }

    private async Task<Guid> StaffIdAsync(string email)
    {
        await using var scope = App.Scope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(email))!.Id;
    }

    /// <summary>Posts one person's form of the staff page (its handler, their id, its antiforgery field) with these fields.</summary>
    private static async Task<HttpResponseMessage> PostStaffFormAsync(HttpClient admin, string handler, Guid id, params (string Name, string Value)[] fields)
    {
        var page = await admin.GetDocumentAsync("/en/admin/staff");
        var form = page.QuerySelectorAll($"form[action*='handler={handler}']").First(f => f.QuerySelector($"input[value='{id}']") is not null);
        return await admin.PostAsync($"/en/admin/staff?handler={handler}", new FormUrlEncodedContent(
        [
            new("__af", form.QuerySelector("input[name=__af]")!.GetAttribute("value")!),
            new("userId", id.ToString()),
            .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)),
        ]));
    }

    [Fact]
    public async Task RoleChanges_TakeEffectAtOnce_AndAreAudited()
    {
        App.Require();
        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Administrator));
        var trainer = await App.CreateStaffAsync(StaffRoles.Trainer);
        var trainerClient = await App.SignInAsync(trainer);
        Assert.Equal(HttpStatusCode.Forbidden, (await trainerClient.GetAsync("/en/news/manage")).StatusCode);

        var id = await StaffIdAsync(trainer.Email);

        var response = await PostStaffFormAsync(admin, "Roles", id, ("roles", StaffRoles.Trainer), ("roles", StaffRoles.Editor));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await trainerClient.GetAsync("/en/news/manage")).StatusCode);
        Assert.Contains("staff.role.added", await AuditActionsAsync(trainer.Email));

        // Taken away again: refused at the very next request, while the rest of the session goes on.
        response = await PostStaffFormAsync(admin, "Roles", id, ("roles", StaffRoles.Trainer));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await trainerClient.GetAsync("/en/news/manage")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await trainerClient.GetAsync("/en/account/manage")).StatusCode);
        Assert.Contains("staff.role.removed", await AuditActionsAsync(trainer.Email));
    }

    [Fact]
    public async Task DisablingSomeone_EndsTheirSessionAtTheNextRequest()
    {
        App.Require();
        var admin = await App.SignInAsync(await App.CreateStaffAsync(StaffRoles.Administrator));
        var editor = await App.CreateStaffAsync(StaffRoles.Editor);
        var editorClient = await App.SignInAsync(editor);
        Assert.Equal(HttpStatusCode.OK, (await editorClient.GetAsync("/en/news/manage")).StatusCode);

        var id = await StaffIdAsync(editor.Email);

        var response = await PostStaffFormAsync(admin, "ToggleDisabled", id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await editorClient.GetAsync("/en/news/manage")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await editorClient.GetAsync("/en/account/manage")).StatusCode);
        Assert.Contains("staff.disabled", await AuditActionsAsync(editor.Email));
    }

    [Fact]
    public async Task SignOutEverywhere_EndsEverySession()
    {
        App.Require();
        var who = await App.CreateStaffAsync(StaffRoles.Editor);
        var laptop = await App.SignInAsync(who);
        var phone = await App.SignInAsync(who);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/en/account/manage")).StatusCode);
        var r = await laptop.SubmitAsync("/en/account/manage", new Dictionary<string, string>(), "main form[action*='SignOutEverywhere']");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/en/account/manage")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/en/account/manage")).StatusCode);
        Assert.Contains("account.signout.everywhere", await AuditActionsAsync(who.Email));
    }

    [Fact]
    public async Task ChangePassword_RequiresTheCurrentOne_AndTheNewOneWorks()
    {
        App.Require();
        var who = await App.CreateStaffAsync(StaffRoles.Finance);
        var client = await App.SignInAsync(who);
        var wrong = await client.SubmitAsync("/en/account/manage", new Dictionary<string, string>
        {
            ["Input.Current"] = "not my password at all",
            ["Input.New"] = "a brand new long password",
        }, "main form[action*='Password']");
        Assert.Contains("current password is not correct", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var ok = await client.SubmitAsync("/en/account/manage", new Dictionary<string, string>
        {
            ["Input.Current"] = who.Password,
            ["Input.New"] = "a brand new long password",
        }, "main form[action*='Password']");
        Assert.Contains("password has been changed", await ok.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/en/account/manage")).StatusCode);
        await App.SignInAsync(who with { Password = "a brand new long password" });
    }

    [GeneratedRegex(@"https?://[^\s/]+/[a-z]{2}/account/setup\?token=[A-Za-z0-9_-]+")]
    private static partial Regex SetupLink();
}

public sealed class AccountSqliteTests(SqliteApp app) : AccountTests(app), IClassFixture<SqliteApp>;

public sealed class AccountPostgresTests(PostgresApp app) : AccountTests(app), IClassFixture<PostgresApp>;
