using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SayStop.Web.Features.Account;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Browser;

/// <summary>
/// The staff journey in a real browser: the first administrator's one-time setup with TOTP, an invitation
/// by real email, the editor's own setup and sign-in, and a post that then appears on the list and in the feed.
/// </summary>
public sealed partial class StaffBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    // The site accepts each code once (enrolment included): the shared helper hands out unused ones.
    private static string Code(string key) => StaffCredentials.FreshCode(key);

    private static async Task<string> CompleteSetupAsync(IPage page, string password, string? email = null, string? name = null)
    {
        var key = (await page.InnerTextAsync("#authenticator-key")).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (email is not null)
        {
            await page.FillAsync("input[name='Input.Email']", email);
            await page.FillAsync("input[name='Input.DisplayName']", name ?? "Admin");
        }

        await page.FillAsync("input[name='Input.Password']", password);
        await page.FillAsync("input[name='Input.ConfirmPassword']", password);
        await page.FillAsync("input[name='Input.Code']", Code(key));
        await page.ClickAsync("main button[type=submit]");
        Assert.Equal(8, await page.Locator("ul.codes li").CountAsync());
        return key;
    }

    private async Task SignInAsync(IPage page, string culture, string email, string password, string key)
    {
        await page.GotoAsync($"{app.BaseUrl}/{culture}/account/signin");
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", password);
        await page.ClickAsync("main button[type=submit]");
        Assert.Contains("/account/two-factor", page.Url, StringComparison.Ordinal);
        await page.FillAsync("input[name=Code]", Code(key));
        await page.ClickAsync("main button[type=submit]");
        Assert.Contains("/account/manage", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstAdministrator_InvitesAnEditor_WhoPublishesAPost()
    {
        app.Require();
        string token;
        await using (var scope = app.Scope())
        {
            token = await scope.ServiceProvider.GetRequiredService<StaffInvitations>().IssueFirstAdministratorTokenAsync();
        }

        var (adminContext, admin, foreignAdmin) = await app.NewPageAsync();
        await using var _ = adminContext;
        await admin.GotoAsync($"{app.BaseUrl}/en/account/setup?token={token}");
        await BrowserApp.AssertAccessibleAsync(admin);
        var adminEmail = $"admin-{Guid.NewGuid():N}@test.example";
        var adminKey = await CompleteSetupAsync(admin, "seven blue kites over the sea", adminEmail, "Ada Admin");
        await SignInAsync(admin, "en", adminEmail, "seven blue kites over the sea", adminKey);

        await admin.GotoAsync($"{app.BaseUrl}/en/admin/staff");
        await BrowserApp.AssertAccessibleAsync(admin);
        var editorEmail = $"editor-{Guid.NewGuid():N}@test.example";
        await admin.FillAsync("input[name='Invite.Email']", editorEmail);
        await admin.FillAsync("input[name='Invite.DisplayName']", "Eddie Editor");
        await admin.SelectOptionAsync("select[name='Invite.Culture']", "en");
        await admin.CheckAsync("#invite-role-Editor");
        await admin.ClickAsync("form[action*=Invite] button[type=submit]");
        Assert.Contains($"Invitation sent to {editorEmail}", await admin.InnerTextAsync("main"), StringComparison.Ordinal);

        var mail = await app.Smtp.WaitForAsync(editorEmail);
        var link = SetupPath().Match(mail.TextBody ?? string.Empty).Value;
        Assert.NotEmpty(link);

        var (editorContext, editor, foreignEditor) = await app.NewPageAsync();
        await using var __ = editorContext;
        await editor.GotoAsync(app.BaseUrl + link);
        var editorKey = await CompleteSetupAsync(editor, "orange trains leave at dawn");
        await SignInAsync(editor, "en", editorEmail, "orange trains leave at dawn", editorKey);

        var title = $"Easter message {Guid.NewGuid().ToString("N")[..6]}";
        await editor.GotoAsync($"{app.BaseUrl}/en/news/manage/edit");
        await BrowserApp.AssertAccessibleAsync(editor);
        await editor.FillAsync("input[name='Input.Translations[2].Title']", title);
        await editor.FillAsync("textarea[name='Input.Translations[2].Summary']", "Be alert on holiday.");
        await editor.FillAsync("textarea[name='Input.Translations[2].Body']", "## Report\n\nIf something seems wrong, **report it**.");
        await editor.FillAsync("input[name='Input.Tags']", "travel");
        await editor.CheckAsync("#pub-now");
        await editor.ClickAsync("form[enctype] button[type=submit]");
        Assert.Contains("Saved", await editor.InnerTextAsync("main"), StringComparison.Ordinal);

        var (visitorContext, visitor, foreignVisitor) = await app.NewPageAsync();
        await using var ___ = visitorContext;
        await visitor.GotoAsync($"{app.BaseUrl}/en/news");
        Assert.Contains(title, await visitor.InnerTextAsync("main"), StringComparison.Ordinal);
        var feed = await visitor.GotoAsync($"{app.BaseUrl}/en/news/feed.rss");
        Assert.Contains(title, await feed!.TextAsync(), StringComparison.Ordinal);

        Assert.Empty(foreignAdmin);
        Assert.Empty(foreignEditor);
        Assert.Empty(foreignVisitor);
    }

    [GeneratedRegex(@"/[a-z]{2}/account/setup\?token=[A-Za-z0-9_-]+")]
    private static partial Regex SetupPath();
}
