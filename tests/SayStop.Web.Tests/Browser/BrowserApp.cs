using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Browser;

/// <summary>The site on real Kestrel (127.0.0.1, free port) and the distribution's headless Chromium.</summary>
public sealed class BrowserApp() : SayStopApp(TestDb.Sqlite, kestrel: true), IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public bool BrowserAvailable { get; private set; }

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
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-default-apps", "--disable-sync", "--no-first-run",
                "--metrics-recording-only", "--disable-extensions", "--disable-quic",
            ],
        });
        BrowserAvailable = true;
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        if (BrowserAvailable)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await DisposeAsync();
    }

    public new void Require()
    {
        base.Require();
        TestEnvironment.RequireChromium();
        if (!BrowserAvailable)
        {
            Assert.Fail("Chromium did not start.");
        }
    }

    /// <summary>A fresh browser context that records every request leaving for another host.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Foreign)> NewPageAsync(string locale = "en-GB", bool javaScript = true,
        ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            JavaScriptEnabled = javaScript,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
        });
        var foreign = new List<string>();
        var origin = new Uri(BaseUrl);
        context.Request += (_, request) =>
        {
            if (Uri.TryCreate(request.Url, UriKind.Absolute, out var u) && (u.Scheme is "http" or "https") && u.Authority != origin.Authority)
            {
                lock (foreign)
                {
                    foreign.Add(request.Url);
                }
            }
        };
        return (context, await context.NewPageAsync(), foreign);
    }

    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var violations = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Html).Take(3))}").ToList();
        Assert.True(violations.Count == 0, $"axe on {page.Url}:\n" + string.Join("\n", violations));
    }
}
