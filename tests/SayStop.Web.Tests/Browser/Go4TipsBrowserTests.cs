using Microsoft.Playwright;

namespace SayStop.Web.Tests.Browser;

/// <summary>
/// A learner studies ten cards of the travellers' deck in Dutch on a phone, with and without JavaScript, comes back
/// after the clock has moved a day ahead, finds the due cards, and sees the heatmap.
/// </summary>
public sealed class Go4TipsBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OnAPhone_InDutch_ALearnerStudiesTenCards_ComesBackADayLater_AndSeesTheHeatmap(bool javaScript)
    {
        app.Require();
        var phone = new ViewportSize { Width = 375, Height = 740 };
        var (context, page, foreign) = await app.NewPageAsync(locale: "nl-BE", javaScript: javaScript, viewport: phone);
        await using var _ = context;
        var checkedPages = new HashSet<string>();

        // axe and the width check are scripts themselves, so they run on the pass with JavaScript, once per kind of page.
        async Task CheckAsync(string kind)
        {
            if (javaScript && checkedPages.Add(kind))
            {
                Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
                    page.Url + " scrolls sideways on a phone");
                await BrowserApp.AssertAccessibleAsync(page);
            }
        }

        await page.GotoAsync(app.BaseUrl + "/nl");
        await page.ClickAsync(".main-nav a[href='/nl/go4tips']");
        Assert.EndsWith("/nl/go4tips", page.Url, StringComparison.Ordinal);
        await CheckAsync("decks");
        await page.ClickAsync("#deck-travellers a[href='/nl/go4tips/travellers/study']");
        Assert.Contains("Reizigers", await page.InnerTextAsync("h1"), StringComparison.Ordinal);

        var kinds = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var kind = await page.GetAttributeAsync("#card", "data-card-kind") ?? throw new InvalidOperationException("no card");
            kinds.Add(kind);
            await CheckAsync("question-" + kind);
            if (kind == "QuestionAnswer")
            {
                await page.ClickAsync("#show-answer");
                await page.WaitForSelectorAsync("button.grade");
                await CheckAsync("revealed");
                if (javaScript)
                {
                    // The keyboard shortcut 3 = Good, answered without a page reload.
                    await page.Keyboard.PressAsync("3");
                }
                else
                {
                    await page.ClickAsync("button.grade-3");
                }
            }
            else
            {
                if (javaScript)
                {
                    await page.Keyboard.PressAsync("1");
                    Assert.True(await page.IsCheckedAsync("#choice-1"));
                }
                else
                {
                    await page.CheckAsync("#choice-1");
                }

                await page.ClickAsync("#check-answer");
            }

            await page.WaitForSelectorAsync("#feedback");
            Assert.Contains("Waarom", await page.InnerTextAsync("#card"), StringComparison.Ordinal);
            await CheckAsync("feedback-" + kind);
            await page.ClickAsync("#next-card");
            await page.WaitForSelectorAsync("#show-answer, #check-answer, #study-done");
        }

        Assert.Contains("Scenario", kinds);
        Assert.Contains("Dat was het voorlopig", await page.InnerTextAsync("#study-done"), StringComparison.Ordinal);
        await CheckAsync("done");

        app.Clock.Advance(TimeSpan.FromDays(1));
        await page.GotoAsync(app.BaseUrl + "/nl/go4tips");
        Assert.Contains("10 nu te herhalen", await page.InnerTextAsync("#deck-travellers"), StringComparison.Ordinal);
        await page.ClickAsync("#deck-travellers a[href='/nl/go4tips/travellers/study']");
        Assert.Contains("Te herhalen: 10", await page.InnerTextAsync(".queue"), StringComparison.Ordinal);

        await page.GotoAsync(app.BaseUrl + "/nl/go4tips/progress");
        Assert.True(await page.IsVisibleAsync("svg#heatmap"));
        // One day in the calendar with the ten answers.
        Assert.Equal(1, await page.Locator("svg#heatmap rect[data-count='10']").CountAsync());
        Assert.True(await page.IsVisibleAsync("svg#forecast"));
        await CheckAsync("progress");
        await page.GotoAsync(app.BaseUrl + "/nl/go4tips/settings");
        await CheckAsync("settings");
        await page.GotoAsync(app.BaseUrl + "/nl/go4tips/travellers/quiz");
        await CheckAsync("quiz");
        Assert.Empty(foreign);
    }

    [Fact]
    public async Task ATrainer_CreatesAGroup_FiveLearnersJoinByTheLink_AndTheGroupPageShowsTheRetentionCurve()
    {
        app.Require();
        var account = await app.CreateStaffAsync(SayStop.Web.Features.Account.StaffRoles.Trainer);
        var (trainerContext, trainer, foreign) = await app.NewPageAsync(locale: "fr-BE");
        await using var _ = trainerContext;
        await SignInAsync(trainer, account);
        await trainer.GotoAsync(app.BaseUrl + "/fr/go4tips/manage");
        await BrowserApp.AssertAccessibleAsync(trainer);
        await trainer.FillAsync("#group-name", "Formation hôtel");
        await trainer.SelectOptionAsync("#group-deck", "professionals");
        await trainer.ClickAsync("main form button[type=submit]");
        Assert.Contains("/fr/go4tips/manage/groups/", trainer.Url, StringComparison.Ordinal);
        var groupUrl = trainer.Url;
        Assert.True(await trainer.IsVisibleAsync("img.qr"));
        await BrowserApp.AssertAccessibleAsync(trainer);
        var joinUrl = await trainer.GetAttributeAsync("#join-url", "href") ?? throw new InvalidOperationException("no join link");

        var learners = new List<(IBrowserContext Context, IPage Page)>();
        for (var i = 0; i < 5; i++)
        {
            var (context, page, learnerForeign) = await app.NewPageAsync(locale: "fr-BE", javaScript: i % 2 == 0);
            learners.Add((context, page));
            await page.GotoAsync(joinUrl);
            if (i == 0)
            {
                await BrowserApp.AssertAccessibleAsync(page);
            }

            await page.ClickAsync("#join-button");
            Assert.EndsWith("/fr/go4tips/professionals/study", page.Url, StringComparison.Ordinal);
            await AnswerAsync(page, 2);
            Assert.Empty(learnerForeign);
        }

        app.Clock.Advance(TimeSpan.FromDays(8));
        foreach (var (_, page) in learners)
        {
            await page.GotoAsync(app.BaseUrl + "/fr/go4tips/professionals/study");
            await AnswerAsync(page, 2);
        }

        await SignInAsync(trainer, account);
        await trainer.GotoAsync(groupUrl);
        Assert.Contains("5 membre", await trainer.InnerTextAsync("#member-count"), StringComparison.Ordinal);
        Assert.True(await trainer.IsVisibleAsync("svg#retention-curve"));
        Assert.Equal("10", await trainer.InnerTextAsync("#curve-table tbody tr td"));
        await BrowserApp.AssertAccessibleAsync(trainer);
        Assert.Empty(foreign);
        foreach (var (context, _) in learners)
        {
            await context.DisposeAsync();
        }
    }

    private async Task SignInAsync(IPage page, SayStop.Web.Tests.Infrastructure.StaffCredentials who)
    {
        await page.GotoAsync(app.BaseUrl + "/fr/account/signin");
        await page.FillAsync("input[name='Input.Email']", who.Email);
        await page.FillAsync("input[name='Input.Password']", who.Password);
        await page.ClickAsync("main button[type=submit]");
        await page.FillAsync("input[name=Code]", who.CurrentCode());
        await page.ClickAsync("main button[type=submit]");
        Assert.Contains("/account/manage", page.Url, StringComparison.Ordinal);
    }

    /// <summary>Answers the next cards of the study page (Good, or the first choice).</summary>
    private static async Task AnswerAsync(IPage page, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (await page.IsVisibleAsync("#show-answer"))
            {
                await page.ClickAsync("#show-answer");
                await page.WaitForSelectorAsync("button.grade-3");
                await page.ClickAsync("button.grade-3");
            }
            else
            {
                await page.CheckAsync("#choice-1");
                await page.ClickAsync("#check-answer");
            }

            await page.WaitForSelectorAsync("#feedback");
            await page.ClickAsync("#next-card");
            await page.WaitForSelectorAsync("#show-answer, #check-answer, #study-done");
        }
    }
}
