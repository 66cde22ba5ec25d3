using System.Collections.Concurrent;
using System.Net;
using AngleSharp.Html.Dom;
using SayStop.Sealing;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Reports;

/// <summary>
/// A receipt shown is a promise: the site runs as its own process on SQLite, reports stream in from several
/// clients, the process is killed with SIGKILL in the middle, and after a restart every receipt that had been
/// shown opens its report. (A receipt is only shown after the commit, and SQLite runs with synchronous=FULL.)
/// </summary>
public sealed class ReportDurabilityTests
{
    private const string FormUrl = "/en/report/form";

    [Fact]
    public async Task EveryReceiptShown_BeforeASigkill_OpensAfterTheRestart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "saystop-kill-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var port = TestSmtpServer.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var shown = new ConcurrentBag<string>();
        try
        {
            await using var first = await StartAsync(folder, port);
            await SiteRecoveryKey.AddAsync(folder);
            using var stop = new CancellationTokenSource();
            using var killing = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                using var client = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        shown.Add(await FileAsync(client, $"worker {w} report {i}"));
                    }
                    catch (Exception e) when (killing.IsCancellationRequested && e is HttpRequestException { StatusCode: null } or TaskCanceledException or IOException)
                    {
                        // The server died under us, as intended. Only a broken connection after the kill lands here:
                        // an answer other than 200 (a 500 mid-stream) is an AnswerException and fails the test.
                        return;
                    }
                }
            })).ToList();

            // Let a handful of reports through, then kill the process mid-stream, without any chance to flush.
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (shown.Count < 12 && DateTime.UtcNow < deadline && !first.Process.HasExited)
            {
                await Task.Delay(50);
            }

            Assert.True(shown.Count >= 12, $"only {shown.Count} receipts before the deadline:\n{first.Output}");
            await killing.CancelAsync();
            await first.KillAsync(); // SIGKILL on Linux
            stop.Cancel();
            await Task.WhenAll(workers);

            await using var second = await StartAsync(folder, port);
            using var reader = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = new Uri(baseUrl) };
            foreach (var receipt in shown)
            {
                var response = await reader.SubmitAsync("/en/report/follow-up", new Dictionary<string, string> { ["Receipt"] = receipt, ["go"] = "open" });
                var page = await response.DocumentAsync();
                Assert.True(page.QuerySelector("#report-status") is not null, $"receipt {receipt} does not open after the restart ({(int)response.StatusCode})");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Walks the whole form; returns the receipt shown at the end.</summary>
    private static async Task<string> FileAsync(HttpClient client, string what)
    {
        var doc = await client.GetDocumentAsync(FormUrl + "?urgent=no");
        foreach (var step in new Dictionary<string, string>[]
                 {
                     new() { ["Input.Country"] = "BE" },
                     new() { ["Input.Kind"] = "Suspicious" },
                     new() { ["Input.When"] = "today" },
                     new(),
                     new(),
                     new(),
                     new() { ["Input.WhatHappened"] = what },
                     new() { ["Input.Contact"] = "anonymous" },
                 })
        {
            step["go"] = "next";
            doc = await PostAsync(client, doc, step);
        }

        doc = await PostAsync(client, doc, new Dictionary<string, string> { ["go"] = "send" });
        var receipt = doc.QuerySelector("#receipt")?.TextContent.Trim();
        Assert.True(Receipt.TryParse(receipt, out _), "no receipt on the page");
        return receipt!;
    }

    private static async Task<IHtmlDocument> PostAsync(HttpClient client, IHtmlDocument doc, Dictionary<string, string> fields)
    {
        var response = await client.SubmitAsync(doc, FormUrl, fields);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new AnswerException($"step answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return await response.DocumentAsync();
    }

    private static async Task<SiteProcess> StartAsync(string folder, int port)
    {
        var site = SiteProcess.Start(folder, port, new Dictionary<string, string>
        {
            ["Site__SeedDemoContent"] = "false",
            ["Site__PrintFirstAdministratorLink"] = "false",
            // A cheaper Argon2id keeps the stream quick; durability does not depend on the cost.
            ["Reports__ReceiptCost__MemoryKiB"] = "8192",
            ["Reports__SubmissionsPerMinute"] = "100000",
            ["Reports__SubmissionsPerClientPerHour"] = "100000",
            ["Reports__FollowUpPermitsPerClientPerMinute"] = "100000",
            ["Reports__SendChallenge__NoScriptWaitSeconds"] = "0",
        });
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !site.Process.HasExited)
        {
            try
            {
                if ((await probe.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return site;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await site.DisposeAsync();
        throw new InvalidOperationException("the site did not start:\n" + site.Output);
    }
}

/// <summary>The site answered, but not with the next step: never mistaken for the connection the kill breaks.</summary>
internal sealed class AnswerException(string message) : Exception(message);
