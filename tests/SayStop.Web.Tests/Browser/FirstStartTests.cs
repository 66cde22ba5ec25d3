using System.Net;
using System.Text.RegularExpressions;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Browser;

/// <summary>
/// What a new NGO sees in its first minutes (quality defect 4): `dotnet run` on a fresh data folder prints no
/// framework warning or error while it creates the database, seeds it and serves its first pages, and says that the
/// first administrator's setup comes before any report can be accepted.
/// </summary>
public sealed partial class FirstStartTests
{
    [Fact]
    public async Task AFreshStart_PrintsNoFrameworkWarning_AndSaysSetupComesFirst()
    {
        var folder = Path.Combine(Path.GetTempPath(), "saystop-first-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var port = TestSmtpServer.FreePort();
        await using var site = SiteProcess.Start(folder, port);
        try
        {
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (DateTime.UtcNow < deadline && !site.Process.HasExited && !site.Output.Contains("/en/account/setup?token=", StringComparison.Ordinal))
            {
                await Task.Delay(250);
            }

            Assert.True(site.Output.Contains("/en/account/setup?token=", StringComparison.Ordinal), "no setup link printed:\n" + site.Output);
            Assert.Contains("Setup comes first", site.Output, StringComparison.Ordinal);
            foreach (var path in new[] { "/", "/en", "/nl/news", "/fr/report", "/en/go4tips", "/en/statistics", "/en/account/signin", "/health/ready" })
            {
                var response = await client.GetAsync(path);
                Assert.True((int)response.StatusCode < 400, $"GET {path} gave {(int)response.StatusCode}:\n{site.Output}");
            }

            // Before the first administrator's setup the form does not accept reports (defect 1).
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/en/report/form")).StatusCode);

            // The console logger writes from its own queue: give it a moment before reading everything it printed.
            await Task.Delay(TimeSpan.FromSeconds(2));
            // None is expected: the single initial migration has no table to rebuild (the squashed history once made
            // EF warn, 20410, about a SQLite rebuild's PRAGMA foreign_keys inside a transaction).
            var warnings = ConsoleWarning().Matches(site.Output)
                .Select(m => m.Value)
                .ToList();
            Assert.True(warnings.Count == 0, "framework warnings at a fresh start:\n" + string.Join('\n', warnings) + "\n\n" + site.Output);
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

    // Development's console format: "01:04:44 warn: Category[EventId] message".
    [GeneratedRegex(@"\b(warn|fail|crit): (?<category>\S+\[\d+\]).*")]
    private static partial Regex ConsoleWarning();
}
