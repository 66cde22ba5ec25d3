using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Browser;

/// <summary>
/// The README's first command, for real: `dotnet run --project src/SayStop.Web` in an empty folder makes
/// its SQLite database, seeds the demo news, prints the one-time setup link, and its first page loads in
/// Chromium with nothing fetched from another host.
/// </summary>
public sealed partial class RunCommandTests
{
    [Fact]
    public async Task RunCommand_ServesTheSeededSite_AndPrintsTheSetupLink()
    {
        TestEnvironment.RequireChromium();
        var folder = Path.Combine(Path.GetTempPath(), "saystop-run-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var port = TestSmtpServer.FreePort();
        // The real command runs from the repository root and writes to its data/; this test keeps its own.
        await using var site = SiteProcess.Start(folder, port);
        try
        {
            var baseUrl = $"http://127.0.0.1:{port}";
            string? link = null;
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (link is null && DateTime.UtcNow < deadline && !site.Process.HasExited)
            {
                await Task.Delay(250);
                var m = SetupLink().Match(site.Output);
                link = m.Success ? m.Value : null;
            }

            Assert.True(link is not null, "no setup link printed:\n" + site.Output);
            Assert.True(File.Exists(Path.Combine(folder, "data", "saystop.db")), "the SQLite file is not under data/");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = TestEnvironment.ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "nl-BE" });
            var foreign = new List<string>();
            context.Request += (_, r) =>
            {
                if (!r.Url.StartsWith(baseUrl, StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal))
                {
                    foreign.Add(r.Url);
                }
            };
            var page = await context.NewPageAsync();
            var response = await page.GotoAsync(baseUrl + "/");
            Assert.Equal(200, response!.Status);
            Assert.EndsWith("/nl", page.Url, StringComparison.Ordinal);
            // Demo news in Dutch on the home page.
            var shown = await page.Locator(".post-list > li").CountAsync();
            Assert.True(shown >= 3, $"{shown} demo posts on the home page");
            await page.GotoAsync(link.Replace("http://localhost:5000", baseUrl, StringComparison.Ordinal));
            Assert.True(await page.Locator("#authenticator-key").IsVisibleAsync(), "the setup page shows no authenticator key: " + page.Url);
            Assert.Empty(foreign);
        }
        finally
        {
            await site.KillAsync();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [GeneratedRegex(@"http://[^\s]+/en/account/setup\?token=[A-Za-z0-9_-]+")]
    private static partial Regex SetupLink();
}
