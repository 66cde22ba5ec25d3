using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Browser;

/// <summary>The site on Kestrel with the production send step (16-bit proof of work, 5-second wait without it).</summary>
public sealed class SendChallengeBrowserApp() : SayStopApp(TestDb.Sqlite, kestrel: true), IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    protected override bool RaiseBudgets => false;

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        if (!File.Exists(TestEnvironment.ChromiumPath))
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run", "--disable-extensions"],
        });
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.DisposeAsync();
            _playwright.Dispose();
        }

        await DisposeAsync();
    }

    public new void Require()
    {
        base.Require();
        TestEnvironment.RequireChromium();
        if (_playwright is null)
        {
            Assert.Fail("Chromium did not start.");
        }
    }
}

/// <summary>The form's own script solves the send step's proof of work; without JavaScript, the page asks to wait a moment.</summary>
public sealed partial class SendChallengeBrowserTests(SendChallengeBrowserApp app) : IClassFixture<SendChallengeBrowserApp>
{
    [Fact]
    public async Task WithJavaScript_TheFormSolvesTheProofOfWork_AndTheReportIsFiledAtTheFirstClick()
    {
        app.Require();
        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" });
        var page = await context.NewPageAsync();
        var posted = new List<string>();
        page.Request += (_, r) =>
        {
            if (r.Method == "POST" && r.PostData is { } body)
            {
                lock (posted)
                {
                    posted.Add(body);
                }
            }
        };
        await WalkToReviewAsync(page);
        await page.ClickAsync("button[value=send]");
        await page.WaitForSelectorAsync("#receipt");
        string send;
        lock (posted)
        {
            send = posted.Last(p => p.Contains("name=\"go\"\r\n\r\nsend", StringComparison.Ordinal));
        }

        Assert.Matches(ProofField(), send);
    }

    [Fact]
    public async Task WithoutJavaScript_ASendTooSoon_AsksToWaitAFewSeconds_ThenGoesThrough()
    {
        app.Require();
        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB", JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await WalkToReviewAsync(page);
        Assert.Contains("Without JavaScript, please wait a few seconds", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await page.ClickAsync("button[value=send]");
        Assert.Contains("Please wait a few seconds, then send your report again", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Null(await page.QuerySelectorAsync("#receipt"));

        app.Clock.Advance(TimeSpan.FromSeconds(6));
        await page.ClickAsync("button[value=send]");
        Assert.NotNull(await page.QuerySelectorAsync("#receipt"));
    }

    [GeneratedRegex("name=\"Proof\"\r\n\r\n[0-9]+\r\n")]
    private static partial Regex ProofField();

    private async Task WalkToReviewAsync(IPage page)
    {
        await page.GotoAsync(app.BaseUrl + "/en/report/form?urgent=no");
        await page.SelectOptionAsync("select[name='Input.Country']", "KH");
        await page.ClickAsync("button[value=next]");
        await page.CheckAsync("#kind-Suspicious");
        await page.ClickAsync("button[value=next]");
        await page.FillAsync("input[name='Input.When']", "last Saturday");
        await page.ClickAsync("button[value=next]");
        await page.ClickAsync("button[value=next]");
        await page.ClickAsync("button[value=next]");
        await page.ClickAsync("button[value=next]");
        await page.FillAsync("textarea[name='Input.WhatHappened']", "A proof of work in a real browser.");
        await page.ClickAsync("button[value=next]");
        await page.CheckAsync("#contact-anonymous");
        await page.ClickAsync("button[value=next]");
        Assert.NotNull(await page.QuerySelectorAsync("dl.review"));
    }
}
