using Microsoft.Playwright;
using SayStop.Web.Features.Account;

namespace SayStop.Web.Tests.Browser;

/// <summary>
/// The desk in a real browser: an urgent report is filed; a case handler signs in with TOTP, finds it on top of
/// the inbox, reads it and asks a question; the reporter reads the question with the receipt. axe on every desk page.
/// </summary>
public sealed class DeskBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    internal static async Task<string> FileAsync(IPage page, string baseUrl, bool urgent, string what)
    {
        await page.GotoAsync($"{baseUrl}/en/report/form?urgent={(urgent ? "yes" : "no")}");
        await page.SelectOptionAsync("select[name='Input.Country']", "PH");
        await page.ClickAsync("button[value=next]");
        await page.CheckAsync("#kind-Suspicious");
        await page.ClickAsync("button[value=next]");
        await page.FillAsync("input[name='Input.When']", "yesterday evening");
        await page.ClickAsync("button[value=next]");
        await page.FillAsync("input[name='Input.City']", "Angeles");
        await page.FillAsync("input[name='Input.Place']", "a bar near the market");
        await page.ClickAsync("button[value=next]");
        await page.ClickAsync("button[value=next]"); // the suspect: nothing known
        await page.ClickAsync("button[value=next]"); // the children: nothing known
        await page.FillAsync("textarea[name='Input.WhatHappened']", what);
        await page.ClickAsync("button[value=next]");
        await page.CheckAsync("#contact-anonymous");
        await page.ClickAsync("button[value=next]");
        await page.ClickAsync("button[value=send]");
        return (await page.InnerTextAsync("#receipt")).Trim();
    }

    [Fact]
    public async Task AnUrgentReport_IsOnTop_TheHandlerReadsIt_AndAsks_TheReporterSeesTheQuestion()
    {
        app.Require();
        var handler = await app.CreateStaffAsync(StaffRoles.CaseHandler);
        var (context, page, foreign) = await app.NewPageAsync();
        await using var _ = context;

        // The first sign-in gives the handler a key; reports filed afterwards are sealed to it.
        async Task SignInAsync()
        {
            await page.GotoAsync($"{app.BaseUrl}/en/account/signin?returnUrl=%2Fen%2Fdesk");
            await page.FillAsync("input[name='Input.Email']", handler.Email);
            await page.FillAsync("input[name='Input.Password']", handler.Password);
            await page.ClickAsync("main button[type=submit]");
            await page.FillAsync("input[name=Code]", handler.CurrentCode());
            await page.ClickAsync("main button[type=submit]");
        }

        await SignInAsync();
        Assert.EndsWith("/en/desk", page.Url, StringComparison.Ordinal);

        var (reporterContext, reporter, reporterForeign) = await app.NewPageAsync();
        await using var __ = reporterContext;
        var marker = Guid.NewGuid().ToString("N")[..10];
        await FileAsync(reporter, app.BaseUrl, urgent: false, "An ordinary report " + marker);
        var receipt = await FileAsync(reporter, app.BaseUrl, urgent: true, "A man with a young girl " + marker);

        await page.GotoAsync($"{app.BaseUrl}/en/desk");
        await BrowserApp.AssertAccessibleAsync(page);
        var first = page.Locator("#inbox tbody tr").First;
        Assert.Contains("Urgent", await first.InnerTextAsync(), StringComparison.Ordinal);
        await first.Locator("a").First.ClickAsync();
        Assert.Contains("/en/desk/report/", page.Url, StringComparison.Ordinal);
        Assert.Contains("A man with a young girl " + marker, await page.InnerTextAsync("#answers"), StringComparison.Ordinal);
        await BrowserApp.AssertAccessibleAsync(page);

        await page.FillAsync("#ask-form textarea", "Did you see which room? " + marker);
        await page.ClickAsync("#ask-form button[type=submit]");
        Assert.Contains("Did you see which room? " + marker, await page.InnerTextAsync("#messages"), StringComparison.Ordinal);
        await BrowserApp.AssertAccessibleAsync(page);

        await page.GotoAsync($"{app.BaseUrl}/en/desk/access");
        await BrowserApp.AssertAccessibleAsync(page);

        // The page that asks for the password again (after inactivity) is accessible too.
        await page.GotoAsync($"{app.BaseUrl}/en/desk/unlock");
        await BrowserApp.AssertAccessibleAsync(page);

        await reporter.GotoAsync(app.BaseUrl + "/en/report/follow-up");
        await reporter.FillAsync("input[name=Receipt]", receipt);
        await reporter.ClickAsync("button[value=open]");
        Assert.Contains("Did you see which room? " + marker, await reporter.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Empty(foreign);
        Assert.Empty(reporterForeign);
    }
}
