using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Features.Go4Tips;

namespace SayStop.Web.Tests.Browser;

/// <summary>
/// The installable offline app in headless Chromium: the service worker installs and keeps the decks, the network is
/// cut, the learner reviews cards, the network comes back and the queue is sent: the database gets exactly one review
/// per answer, and the same batch sent again adds none.
/// </summary>
public sealed class Go4TipsOfflineBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private async Task<int> OfflineReviewsAsync()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<Review>().CountAsync(r => r.ClientId != null);
    }

    [Fact]
    public async Task TheOfflineApp_ReviewsCardsWithTheNetworkCut_AndSyncsThemExactlyOnce()
    {
        app.Require();
        var (context, page, foreign) = await app.NewPageAsync(locale: "en-GB");
        await using var _ = context;
        var posts = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/en/go4tips/sync", StringComparison.Ordinal) && request.PostData is { } body)
            {
                lock (posts)
                {
                    posts.Add(body);
                }
            }
        };

        await page.GotoAsync(app.BaseUrl + "/en/go4tips");
        await page.ClickAsync("#offline-link");
        Assert.EndsWith("/en/go4tips/offline", page.Url, StringComparison.Ordinal);
        await page.WaitForSelectorAsync("#offline-app[data-ready='true']");
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");
        Assert.True(await page.IsHiddenAsync("#offline-needs-js"));
        Assert.True(await page.EvaluateAsync<bool>("async () => !!(await caches.match('/en/go4tips/travellers/offline.json'))"), "the deck is not cached");
        Assert.True(await page.EvaluateAsync<bool>("async () => !!(await caches.match('/en/go4tips/offline'))"), "the app page is not cached");
        Assert.Contains("Ready", await page.InnerTextAsync("#offline-status"), StringComparison.Ordinal);
        await BrowserApp.AssertAccessibleAsync(page);
        var before = await OfflineReviewsAsync();

        // The network is cut: the page comes from the service worker, the deck from its cache.
        await context.SetOfflineAsync(true);
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("[data-offline-deck='travellers']:visible");
        Assert.Contains("offline", await page.InnerTextAsync("#offline-status"), StringComparison.Ordinal);
        // Really cut, the service worker's own requests included: a page it does not keep cannot be fetched.
        Assert.True(await page.EvaluateAsync<bool>("() => fetch('/en/go4tips/progress', { cache: 'no-store' }).then(() => false, () => true)"));
        await page.ClickAsync("[data-offline-deck='travellers']");
        await page.WaitForSelectorAsync("#offline-study #card");
        const int Answers = 4;
        for (var i = 0; i < Answers; i++)
        {
            var kind = await page.GetAttributeAsync("#card", "data-card-kind");
            if (kind == "QuestionAnswer")
            {
                await page.ClickAsync("#show-answer");
                await page.ClickAsync("button.grade-3");
            }
            else
            {
                await page.CheckAsync("#choice-1");
                await page.ClickAsync("#check-answer");
            }

            await page.WaitForSelectorAsync("#feedback");
            if (i == 0)
            {
                await BrowserApp.AssertAccessibleAsync(page);
            }

            await page.ClickAsync("#next-card");
        }

        await page.WaitForSelectorAsync($"#offline-app[data-pending='{Answers}']");
        await BrowserApp.AssertAccessibleAsync(page);
        Assert.Equal(before, await OfflineReviewsAsync());

        // Back online: the queue is sent, once.
        await context.SetOfflineAsync(false);
        await page.WaitForSelectorAsync("#offline-app[data-pending='0']");
        Assert.Equal(before + Answers, await OfflineReviewsAsync());
        Assert.Contains($"{Answers} answer(s) sent", await page.InnerTextAsync("#offline-sync-result"), StringComparison.Ordinal);

        // The same batch sent again (a lost reply): nothing more is counted.
        string batch;
        lock (posts)
        {
            batch = Assert.Single(posts);
        }

        var counts = await page.EvaluateAsync<int[]>(
            """
            async body => {
              const t = await (await fetch('/en/go4tips/sync', { cache: 'no-store' })).json();
              const headers = { 'Content-Type': 'application/json' };
              headers[t.header] = t.token;
              const r = await fetch('/en/go4tips/sync', { method: 'POST', headers, body });
              const j = await r.json();
              return [r.status, j.recorded, j.alreadyCounted];
            }
            """, batch);
        Assert.Equal([200, 0, Answers], counts);
        Assert.Equal(before + Answers, await OfflineReviewsAsync());
        Assert.Empty(foreign);
    }
}
